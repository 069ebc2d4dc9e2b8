import { describe, expect, it } from 'vitest'
import { createClock } from '../../../main/cluster/clock'
import { turns } from './helpers'

const START = Date.UTC(2026, 0, 1)

function instant() {
  return createClock({ mode: 'instant', start: START })
}

describe('instant clock', () => {
  it('jumps through a chain of sleeps without waiting', async () => {
    const clock = instant()
    const wallStart = performance.now()
    for (let i = 0; i < 1000; i++) await clock.sleep(1000)
    expect(clock.now()).toBe(START + 1_000_000)
    expect(performance.now() - wallStart).toBeLessThan(5000)
    clock.dispose()
  })

  it('fires timers in time order, equal times first-in first-out', async () => {
    const clock = instant()
    const out: string[] = []
    const at = (name: string) => () => out.push(`${name}@${clock.now() - START}`)
    clock.setTimeout(at('c'), 300)
    clock.setTimeout(at('a1'), 100)
    clock.setTimeout(at('b'), 200)
    clock.setTimeout(at('a2'), 100)
    await clock.sleep(1000)
    expect(out).toEqual(['a1@100', 'a2@100', 'b@200', 'c@300'])
    clock.dispose()
  })

  it('fires a timer due now without moving time', async () => {
    const clock = instant()
    await new Promise<void>((resolve) => clock.setTimeout(resolve, 0))
    expect(clock.now()).toBe(START)
    clock.dispose()
  })

  /*
   * The rule: the clock jumps only while a foreground timer is pending, to the
   * earliest pending timer of any kind. Background timers fire when time passes
   * them, but with only background timers left, time stays where it is.
   */
  it('does not advance on background timers alone', async () => {
    const clock = instant()
    const ticks: number[] = []
    clock.setInterval(() => ticks.push(clock.now() - START), 1000)
    clock.setTimeout(() => ticks.push(-1), 500, { background: true })
    await turns(50)
    expect(clock.now()).toBe(START)
    expect(ticks).toEqual([])

    // A foreground sleep pulls time forward; background timers on the way fire in order.
    await clock.sleep(2500)
    expect(clock.now()).toBe(START + 2500)
    expect(ticks).toEqual([-1, 1000, 2000])

    // ...and time stops again once the sleep is over.
    await turns(50)
    expect(clock.now()).toBe(START + 2500)
    expect(ticks).toEqual([-1, 1000, 2000])
    clock.dispose()
  })

  it('waits for a fired timer’s consequences before jumping to the next one', async () => {
    const clock = instant()
    const out: string[] = []
    void (async () => {
      await clock.sleep(100)
      // Two setImmediate hops (an I/O-like continuation) before the follow-up is scheduled.
      await new Promise<void>((resolve) => setImmediate(resolve))
      await new Promise<void>((resolve) => setImmediate(resolve))
      clock.setTimeout(() => out.push(`follow-up@${clock.now() - START}`), 1)
    })()
    await new Promise<void>((resolve) =>
      clock.setTimeout(() => {
        out.push(`later@${clock.now() - START}`)
        resolve()
      }, 150)
    )
    expect(out).toEqual(['follow-up@101', 'later@150'])
    clock.dispose()
  })

  it('does not jump while work in flight holds it (a write waiting on real I/O)', async () => {
    const clock = instant()
    const fired: number[] = []
    const release = clock.hold()
    clock.setTimeout(() => fired.push(clock.now() - START), 40_000)
    // Far more turns than idleness needs: a slow acknowledgement must not let time run.
    await turns(200)
    expect(fired).toEqual([])
    expect(clock.now()).toBe(START)
    // The work settles and schedules what it leads to (the next heartbeat) before time moves on.
    clock.setTimeout(() => fired.push(clock.now() - START), 10_000)
    release()
    release() // idempotent
    await turns(50)
    expect(fired).toEqual([10_000, 40_000])
    clock.dispose()
  })

  it('a step also waits for holds before each timer', async () => {
    const clock = instant()
    clock.pause()
    const fired: string[] = []
    const release = clock.hold()
    clock.setTimeout(() => fired.push('timer'), 1000)
    const stepped = clock.step(5000).then(() => fired.push('stepped'))
    await turns(50)
    expect(fired).toEqual([])
    release()
    await stepped
    expect(fired).toEqual(['timer', 'stepped'])
    clock.dispose()
  })

  it('does not jump while paused, and resumes jumping', async () => {
    const clock = instant()
    let fired = false
    clock.setTimeout(() => (fired = true), 1000)
    clock.pause()
    await turns(50)
    expect(fired).toBe(false)
    expect(clock.now()).toBe(START)
    await clock.step(10)
    expect(clock.now()).toBe(START + 10)
    clock.resume()
    await turns(50)
    expect(fired).toBe(true)
    expect(clock.now()).toBe(START + 1000)
    clock.dispose()
  })

  it('tells listeners about each jump', async () => {
    const clock = instant()
    const seen: number[] = []
    clock.onChange((s) => seen.push(s.now - START))
    await clock.sleep(10)
    await clock.sleep(10)
    expect(seen).toEqual([10, 20])
    clock.dispose()
  })

  it('stops on dispose', async () => {
    const clock = instant()
    let fired = false
    clock.setTimeout(() => (fired = true), 10)
    clock.dispose()
    await turns(50)
    expect(fired).toBe(false)
  })
})
