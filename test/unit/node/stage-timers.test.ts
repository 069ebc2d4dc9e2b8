import { describe, expect, it } from 'vitest'
import { createClock } from '../../../main/cluster/clock'
import { StageTimers } from '../../../main/cluster/node/kubelet/stage-timers'

const START = Date.UTC(2026, 0, 1)

describe('kubelet stage timers', () => {
  it('runs the stages due at one instant back to back, before their consequences settle, in scheduling order', async () => {
    const clock = createClock({ mode: 'instant', start: START })
    const timers = new StageTimers(clock)
    const out: string[] = []
    const stage = (name: string) => () => {
      out.push(`${name}@${clock.now() - START}`)
      void Promise.resolve().then(() => out.push(`${name}-settled`))
    }
    timers.setTimeout(stage('b'), 200)
    timers.setTimeout(stage('a1'), 100)
    timers.setTimeout(stage('a2'), 100)
    await clock.sleep(300)
    expect(out).toEqual(['a1@100', 'a2@100', 'a1-settled', 'a2-settled', 'b@200', 'b-settled'])
    clock.dispose()
  })

  it('cancels one stage of an instant without the others, and the instant’s clock timer with the last', async () => {
    const clock = createClock({ mode: 'manual', start: START })
    const timers = new StageTimers(clock)
    const out: string[] = []
    const later: { timer?: { cancel(): void } } = {}
    timers.setTimeout(() => {
      out.push('first')
      later.timer?.cancel()
    }, 100)
    later.timer = timers.setTimeout(() => out.push('cancelled by first'), 100)
    const gone = timers.setTimeout(() => out.push('cancelled'), 50)
    gone.cancel()
    gone.cancel()
    await clock.step(100)
    expect(out).toEqual(['first'])
    clock.dispose()
  })

  it('keeps background stages from driving an instant clock', async () => {
    const clock = createClock({ mode: 'instant', start: START })
    const timers = new StageTimers(clock)
    const out: string[] = []
    timers.setTimeout(() => out.push('background'), 100, { background: true })
    timers.setTimeout(() => out.push('foreground'), 100)
    await clock.sleep(50)
    expect(out).toEqual([])
    await clock.sleep(100)
    expect(out.sort()).toEqual(['background', 'foreground'])
    clock.dispose()
  })

  it('runs every stage of an instant even when one throws, then reports the error', async () => {
    const errors: unknown[] = []
    const clock = createClock({ mode: 'manual', start: START, onTimerError: (e) => errors.push(e) })
    const timers = new StageTimers(clock)
    const out: string[] = []
    timers.setTimeout(() => {
      throw new Error('boom')
    }, 10)
    timers.setTimeout(() => out.push('after'), 10)
    await clock.step(10)
    expect(out).toEqual(['after'])
    expect(errors.map((e) => (e as Error).message)).toEqual(['boom'])
    clock.dispose()
  })
})
