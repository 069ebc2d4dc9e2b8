import { describe, expect, it } from 'vitest'
import { createClock } from '../../../main/cluster/clock'
import { jitterUntil } from '../../../main/cluster/node/kubelet/jitter-until'

describe('jitterUntil (wait.JitterUntil with the kubelet factor 0.04)', () => {
  it('runs at once, then after each period plus factor * period * random, counted from the previous run', async () => {
    const clock = createClock({ mode: 'manual', start: 0 })
    const randoms = [0, 0.5, 1 - 1e-9, 0.25]
    const runs: number[] = []
    const timer = jitterUntil(clock, () => runs.push(clock.now()), 10_000, { random: () => randoms.shift() ?? 0 })
    expect(runs).toEqual([0])
    await clock.step(60_000)
    // waits: 10,000 (+0), 10,200 (+0.5 * 400), 10,400 (+~1 * 400), 10,100 (+0.25 * 400), 10,000 ...
    expect(runs.map((t) => Math.round(t))).toEqual([0, 10_000, 20_200, 30_600, 40_700, 50_700])
    timer.cancel()
    await clock.step(60_000)
    expect(runs.length).toBe(6)
  })

  it('spreads a thousand loops started together over 4% of the period, and keeps them apart', async () => {
    const clock = createClock({ mode: 'manual', start: 0 })
    const runs: number[][] = []
    for (let i = 0; i < 1_000; i++) {
      const mine: number[] = []
      runs.push(mine)
      jitterUntil(clock, () => mine.push(clock.now()), 10_000)
    }
    await clock.step(100_000)
    const ninth = runs.map((r) => r[8])
    const spread = Math.max(...ninth) - Math.min(...ninth)
    // Eight independent 0..400 ms waits each: the loops drift apart by far more than one wait's jitter.
    expect(spread).toBeGreaterThan(400)
    const sameMs = new Map<number, number>()
    for (const t of ninth) sameMs.set(Math.floor(t), (sameMs.get(Math.floor(t)) ?? 0) + 1)
    expect(Math.max(...sameMs.values())).toBeLessThan(20)
  })
})
