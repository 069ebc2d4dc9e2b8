import type { WallSource } from '../../../main/cluster/clock/wall'

/** Lets n turns of the event loop pass (every microtask and setImmediate hop queued meanwhile runs). */
export async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve))
}

/**
 * A wall clock the test moves by hand. setImmediate stays real, because the
 * clock uses it only to wait for the process to go idle.
 */
export class FakeWall implements WallSource {
  time = 0
  private nextId = 1
  private readonly timers = new Map<number, { at: number; fn: () => void }>()

  now(): number {
    return this.time
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++
    this.timers.set(id, { at: this.time + ms, fn })
    return id
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number)
  }

  setImmediate(fn: () => void): void {
    setImmediate(fn)
  }

  /** How many wall timers are armed. */
  get pending(): number {
    return this.timers.size
  }

  /** Moves wall time forward, firing wall timers on the way and letting what they start settle. */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms
    for (;;) {
      let first: [number, { at: number; fn: () => void }] | undefined
      for (const entry of this.timers) if (!first || entry[1].at < first[1].at) first = entry
      if (!first || first[1].at > target) break
      this.timers.delete(first[0])
      this.time = Math.max(this.time, first[1].at)
      first[1].fn()
      await turns(20)
    }
    this.time = target
    await turns(20)
  }
}
