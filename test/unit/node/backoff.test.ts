import { describe, expect, it } from 'vitest'
import { backOffRemaining, crashLoopBackOff, nextBackOff, type BackOffEntry } from '../../../main/cluster/node/kubelet/backoff'

/** Simulates a container that crashes as soon as it starts; returns each wait before a restart, in seconds. */
function waits(crashes: number): number[] {
  let entry: BackOffEntry | undefined
  let now = 0
  const out: number[] = []
  for (let i = 0; i < crashes; i++) {
    const finishedAt = now
    const wait = backOffRemaining(entry, finishedAt, now)
    out.push(wait / 1000)
    now += wait
    entry = nextBackOff(entry, now)
    now += 1000 // runs one second, then crashes again
  }
  return out
}

describe('CrashLoopBackOff', () => {
  it('restarts the first crash at once, then waits 10 s doubling to 5 minutes', () => {
    expect(waits(9)).toEqual([0, 10, 20, 40, 80, 160, 300, 300, 300])
  })

  it('caps at the kubelet maximum', () => {
    let entry: BackOffEntry | undefined
    for (let i = 0; i < 20; i++) entry = nextBackOff(entry, i)
    expect(entry!.delayMs).toBe(crashLoopBackOff.maxMs)
  })

  it('starts over for a container that ran longer than twice the maximum', () => {
    const entry = { delayMs: 160_000, lastUpdate: 0 }
    expect(backOffRemaining(entry, 601_000, 601_000)).toBe(0)
    expect(nextBackOff(entry, 601_000).delayMs).toBe(10_000)
    expect(backOffRemaining(entry, 500_000, 500_000)).toBe(160_000)
  })

  it('counts the wait from when the container exited', () => {
    const entry = { delayMs: 20_000, lastUpdate: 0 }
    expect(backOffRemaining(entry, 5_000, 12_000)).toBe(13_000)
    expect(backOffRemaining(entry, 5_000, 30_000)).toBe(0)
  })
})
