/**
 * When a big heap is worth one full compaction.
 *
 * V8 moves objects out of fragmented old-space pages a few MiB per full GC
 * (4 MiB, 12 when it reduces memory), and only from pages at least 70%
 * empty. A cluster's build-up leaves many pages a third empty: versions,
 * events and queues that lived long enough to be promoted died beside the
 * objects that stay. A 100,000-pod cluster held 2.6 GiB of old space for
 * 1.8 live, and the gap only grew while its kubelets started the pods
 * (committed pages stay committed). One full compaction
 * (--compact-on-every-full-gc for a single GC: every old-space page is
 * evacuated) brought it to 1.8/1.8, and the minute after it to 1.9/2.0:
 * steady work refills the holes it makes. The price is that GC's pause:
 * about 2 s per GiB live on a 2-core machine (5 s at 1.9 GiB, loaded), once.
 *
 * So a compaction is asked for only when it buys a lot, rarely, and once a
 * burst is over: the live heap is past FROM (the heap growth policy's
 * threshold), the old space holds at least FRAGMENTED (and a fifth of the
 * live heap) more than is live, the heap has settled (its live part grew
 * less than SETTLED_GROWTH since the previous full GC, and its old space
 * less than SETTLED_OLD_SPACE_GROWTH: while kubelets start thousands of pods
 * it grows by ~50 MB a GC, 2-3%, and a compaction then was undone within
 * 80 s; a held cluster's steady minute still adds ~10 MB a GC), and the
 * last compaction is MIN_INTERVAL_MS behind. Decided after a full GC; the
 * next full GC compacts. The interval is wall time: this is the process's
 * housekeeping, not cluster behaviour.
 */

/** Old-space bytes committed beyond the live ones from which a compaction pays. */
export const FRAGMENTED = 384 * 2 ** 20
/** ... and at least this share of the live heap. */
export const FRAGMENTED_SHARE = 0.2
/** The heap counts as settled when a full GC finds less than this much more live (a share) than the previous one. */
export const SETTLED_GROWTH = 0.05
/** The old space counts as no longer growing when it grew less than this (a share) since the previous full GC. */
export const SETTLED_OLD_SPACE_GROWTH = 0.01
/** The least wall time between two compactions. */
export const MIN_INTERVAL_MS = 120_000

/** What a full GC left, as the policy reads it. */
export interface FullGcState {
  /** Live heap (bytes) after this GC. */
  live: number
  /** Live heap after the previous full GC (0: none). */
  previousLive: number
  /** Old space committed and used (bytes) after this GC. */
  oldCommitted: number
  oldUsed: number
  /** Old space committed after the previous full GC (0: none). */
  previousOldCommitted: number
  /** Wall time (ms) now, and of the last compaction (-Infinity: none). */
  now: number
  lastCompaction: number
}

/**
 * Whether the next full GC should compact the whole old space. `from`: the
 * live heap from which compaction is considered; `fragmented` replaces
 * FRAGMENTED (tests).
 */
export function compactionDue(gc: FullGcState, from: number, fragmented = FRAGMENTED): boolean {
  if (gc.live < from) return false
  const wasted = gc.oldCommitted - gc.oldUsed
  if (wasted < Math.max(fragmented, gc.live * FRAGMENTED_SHARE)) return false
  if (gc.previousLive > 0 && gc.live > gc.previousLive * (1 + SETTLED_GROWTH)) return false
  if (gc.previousOldCommitted > 0 && gc.oldCommitted > gc.previousOldCommitted * (1 + SETTLED_OLD_SPACE_GROWTH)) return false
  return gc.now - gc.lastCompaction >= MIN_INTERVAL_MS
}
