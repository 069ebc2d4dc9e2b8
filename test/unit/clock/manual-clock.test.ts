import { describe, expect, it } from 'vitest'
import { createClock } from '../../../main/cluster/clock'
import { turns } from './helpers'

const START = Date.UTC(2026, 10, 26, 10, 12, 21)

function manual(onTimerError?: (error: unknown) => void) {
  return createClock({ mode: 'manual', start: START, onTimerError })
}

describe('manual clock', () => {
  it('moves only when stepped', async () => {
    const clock = manual()
    let fired = false
    clock.setTimeout(() => (fired = true), 0)
    await turns(10)
    expect(clock.now()).toBe(START)
    expect(fired).toBe(false)
    await clock.step(0)
    expect(fired).toBe(true)
  })

  it('fires timers in time order, equal times first-in first-out, with now() at each due time', async () => {
    const clock = manual()
    const out: string[] = []
    const at = (name: string) => () => out.push(`${name}@${clock.now() - START}`)
    clock.setTimeout(at('c'), 300)
    clock.setTimeout(at('a1'), 100)
    clock.setTimeout(at('b'), 200)
    clock.setTimeout(at('a2'), 100)
    clock.setTimeout(at('late'), 1001)
    await clock.step(1000)
    expect(out).toEqual(['a1@100', 'a2@100', 'b@200', 'c@300'])
    expect(clock.now()).toBe(START + 1000)
  })

  it('cancels timers, idempotently, also from another callback', async () => {
    const clock = manual()
    const out: string[] = []
    const b = clock.setTimeout(() => out.push('b'), 20)
    clock.setTimeout(() => b.cancel(), 10)
    const c = clock.setTimeout(() => out.push('c'), 30)
    c.cancel()
    c.cancel()
    clock.setTimeout(() => out.push('d'), 40)
    await clock.step(100)
    expect(out).toEqual(['d'])
  })

  it('fires intervals every period and stops when cancelled, even from their own callback', async () => {
    const clock = manual()
    const ticks: number[] = []
    const interval = clock.setInterval(() => {
      ticks.push(clock.now() - START)
      if (ticks.length === 3) interval.cancel()
    }, 1000)
    await clock.step(10_000)
    expect(ticks).toEqual([1000, 2000, 3000])
  })

  it('fires timers created by callbacks during a step when they fall within it, in order', async () => {
    const clock = manual()
    const out: string[] = []
    clock.setTimeout(() => {
      out.push('outer')
      clock.setTimeout(() => out.push('nested+50'), 50)
      clock.setTimeout(() => out.push('nested+0'), 0)
      clock.setTimeout(() => out.push('nested+500'), 500)
    }, 100)
    clock.setTimeout(() => out.push('sibling@120'), 120)
    await clock.step(200)
    expect(out).toEqual(['outer', 'nested+0', 'sibling@120', 'nested+50'])
    await clock.step(400)
    expect(out.at(-1)).toBe('nested+500')
  })

  it('lets promise chains and setImmediate hops settle between firings', async () => {
    const clock = manual()
    const out: string[] = []
    void (async () => {
      await clock.sleep(10)
      for (let i = 0; i < 50; i++) await Promise.resolve()
      await new Promise<void>((resolve) => setImmediate(resolve))
      out.push(`chain done@${clock.now() - START}`)
      // Scheduled by the continuation, still inside the step: must fire in it, before the 30 ms timer.
      clock.setTimeout(() => out.push(`follow-up@${clock.now() - START}`), 5)
    })()
    clock.setTimeout(() => out.push('timer@20'), 20)
    clock.setTimeout(() => out.push('timer@30'), 30)
    await clock.step(100)
    expect(out).toEqual(['chain done@10', 'follow-up@15', 'timer@20', 'timer@30'])
  })

  it('runs a chain of sleeps within one step', async () => {
    const clock = manual()
    let laps = 0
    const done = (async () => {
      for (let i = 0; i < 20; i++) {
        await clock.sleep(100)
        laps++
      }
    })()
    await clock.step(1000)
    expect(laps).toBe(10)
    await clock.step(1000)
    await done
    expect(laps).toBe(20)
  })

  it('queues overlapping steps behind each other', async () => {
    const clock = manual()
    const a = clock.step(100)
    const b = clock.step(100)
    await Promise.all([a, b])
    expect(clock.now()).toBe(START + 200)
  })

  it('advances to an absolute time, never back', async () => {
    const clock = manual()
    let fired = 0
    clock.setTimeout(() => fired++, 500)
    await clock.advanceTo!(START + 500)
    expect(fired).toBe(1)
    await clock.advanceTo!(START)
    expect(clock.now()).toBe(START + 500)
  })

  it('tells listeners about steps, pause and resume', async () => {
    const clock = manual()
    const seen: string[] = []
    const off = clock.onChange((s) => seen.push(`${s.now - START}:${s.paused}`))
    await clock.step(10)
    clock.pause()
    clock.pause()
    await clock.step(5)
    clock.resume()
    off()
    await clock.step(1)
    expect(seen).toEqual(['10:false', '10:true', '15:true', '15:false'])
    expect(clock.state()).toEqual({ now: START + 16, mode: 'manual', speed: 1, paused: false })
  })

  it('formats its time as Kubernetes does', async () => {
    const clock = manual()
    await clock.step(123.456)
    expect(clock.rfc3339()).toBe('2026-11-26T10:12:21Z')
    expect(clock.rfc3339Micro()).toBe('2026-11-26T10:12:21.123456Z')
    expect(clock.date().getTime()).toBe(START + 123)
  })

  it('reports a throwing callback and keeps going', async () => {
    const errors: unknown[] = []
    const clock = manual((e) => errors.push(e))
    const out: number[] = []
    clock.setTimeout(() => {
      throw new Error('boom')
    }, 1)
    clock.setTimeout(() => out.push(2), 2)
    await clock.step(5)
    expect(out).toEqual([2])
    expect(errors).toHaveLength(1)
  })

  it('cancels everything on dispose', async () => {
    const clock = manual()
    let fired = 0
    clock.setTimeout(() => fired++, 1)
    clock.setInterval(() => fired++, 1)
    clock.dispose()
    clock.setTimeout(() => fired++, 1)
    await clock.step(100)
    expect(fired).toBe(0)
  })
})
