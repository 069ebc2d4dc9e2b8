import { afterEach, describe, expect, it } from 'vitest'
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { compactionDue, FRAGMENTED, MIN_INTERVAL_MS, type FullGcState } from '../../../main/cluster/heap-compaction'
import { compactionRequested, startHeapGrowth } from '../../../main/cluster/heap-growth'
import { waitFor } from '../../support/wait'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

const MiB = 2 ** 20
const GiB = 1024 * MiB

/** A 100,000-pod heap after its build-up: 1.8 GiB live in 2.6 GiB of old space, settled, never compacted. */
const fragmented: FullGcState = {
  live: 1.8 * GiB,
  previousLive: 1.75 * GiB,
  oldCommitted: 2.6 * GiB,
  oldUsed: 1.7 * GiB,
  previousOldCommitted: 2.6 * GiB,
  now: 1_000_000,
  lastCompaction: -Infinity
}

describe('when a big heap is worth a full compaction', () => {
  it('asks for one when a settled heap past the threshold holds much more old space than it has live', () => {
    expect(compactionDue(fragmented, 768 * MiB)).toBe(true)
  })

  it('not for a small heap, nor little or proportionally small waste', () => {
    expect(compactionDue({ ...fragmented, live: 700 * MiB, previousLive: 700 * MiB }, 768 * MiB)).toBe(false)
    expect(compactionDue({ ...fragmented, oldCommitted: fragmented.oldUsed + FRAGMENTED - 1 }, 768 * MiB)).toBe(false)
    // 600 MiB wasted is past FRAGMENTED, but not a quarter of a 4 GiB heap.
    expect(compactionDue({ ...fragmented, live: 4 * GiB, previousLive: 4 * GiB, oldUsed: 3.9 * GiB, oldCommitted: 3.9 * GiB + 600 * MiB }, 768 * MiB)).toBe(false)
  })

  it('not while the heap still grows fast or its old space still expands (a burst going on), nor again within the interval', () => {
    expect(compactionDue({ ...fragmented, previousLive: 1.6 * GiB }, 768 * MiB)).toBe(false)
    expect(compactionDue({ ...fragmented, previousOldCommitted: 2.55 * GiB }, 768 * MiB)).toBe(false)
    // A steady cluster's old space still creeps a little: ~10 MB a GC is settled.
    expect(compactionDue({ ...fragmented, previousOldCommitted: 2.6 * GiB - 10 * MiB }, 768 * MiB)).toBe(true)
    expect(compactionDue({ ...fragmented, previousOldCommitted: 2.65 * GiB }, 768 * MiB)).toBe(true)
    expect(compactionDue({ ...fragmented, lastCompaction: fragmented.now - MIN_INTERVAL_MS + 1 }, 768 * MiB)).toBe(false)
    expect(compactionDue({ ...fragmented, lastCompaction: fragmented.now - MIN_INTERVAL_MS }, 768 * MiB)).toBe(true)
  })
})

describe('the heap growth policy compacting a fragmented heap once', () => {
  let stop: (() => void) | undefined
  afterEach(() => {
    setFlagsFromString('--compact')
    stop?.()
  })

  it('sets --compact-on-every-full-gc after a full GC that left old space fragmented, and clears it after the next, which gave the pages back', async () => {
    const oldSpace = () => getHeapSpaceStatistics().find((s) => s.space_name === 'old_space')!
    // Objects promoted together, one in three kept: old-space pages two-thirds empty after a GC.
    // Left to themselves, scavenges decide which objects reach old space and V8 compacts a few
    // fragmented pages in the full GCs the build-up runs, by timing (a loaded machine once left
    // 31.9 MB free of ~110): a full GC after each round promotes all of it, and --no-compact keeps
    // the pages as the build-up left them, so the policy meets the same fragmented heap each run.
    setFlagsFromString('--no-compact')
    const keep: object[] = []
    for (let round = 0; round < 12; round++) {
      const batch: object[] = []
      for (let i = 0; i < 100_000; i++) {
        const o = { a: `x${i}`, b: { c: i, d: [i, i + 1] }, g: new Array<number>(8).fill(i) }
        if (i % 3 === 0) keep.push(o)
        else batch.push(o)
      }
      ;(globalThis as { scratch?: object[] }).scratch = batch
      // Promoted now, kept and dropped objects side by side on the same old-space pages.
      gc()
    }
    delete (globalThis as { scratch?: object[] }).scratch
    stop = startHeapGrowth(0, 32 * MiB)
    gc()
    const before = oldSpace()
    setFlagsFromString('--compact')
    expect(before.space_size - before.space_used_size).toBeGreaterThan(40 * MiB)
    await waitFor(() => compactionRequested(), 'a compaction requested after the full GC')
    gc()
    await waitFor(() => !compactionRequested(), 'the request cleared after the compacting GC')
    const after = oldSpace()
    // Pages given back, and most of the free space inside them gone (other tests' objects share this heap: no exact figures).
    expect(after.space_size).toBeLessThan(before.space_size)
    expect(after.space_size - after.space_used_size).toBeLessThan((before.space_size - before.space_used_size) / 2)
    expect(keep.length).toBe(12 * 33_334)
  })
})
