import { PerformanceObserver, constants, type PerformanceEntry } from 'node:perf_hooks'
import { getHeapStatistics, setFlagsFromString } from 'node:v8'

/**
 * How far V8 lets the JavaScript heap grow past what a full GC left live.
 *
 * After each mark-compact V8 sets the next one's limit at the live heap times
 * a growing factor it picks from the GC's speed against the program's
 * allocation rate: up to 4 on a machine with memory to spare. A held cluster
 * (100,000 pods: ~2 GiB live on the main thread) then carries another
 * 1.5 GiB of garbage and freed pages that V8 keeps (RSS 4.6 GiB where the
 * live data is 3): old-space pages, once committed, mostly stay committed,
 * so a heap that was once allowed to grow keeps that size. The cluster's
 * steady work (heartbeats, status writes, events) allocates a little at a
 * time: a smaller factor costs it few extra GCs.
 *
 * A ratio fixed from the start is no answer: a fixed 25% took the e2e bench
 * (0 -> 10,000 pods) from 1.56 to 2.57 ms of CPU per pod, a small heap
 * growing fast running a full GC every few megabytes promoted. So the
 * allowance is a fixed amount, HEADROOM past the live heap: the factor is
 * 1 + HEADROOM / live, at most 4 (V8's own largest) for small heaps, down
 * to 1 + MIN_PERCENT for very large ones (192 MiB: about 10% of a
 * 100,000-pod heap, a full GC every ~190 MiB promoted). With 256 MiB, the
 * e2e bench ran one more full GC than with V8's own choice (7 against 6,
 * the same CPU per pod) in a heap of at most 766 MB committed instead of
 * 976, and 20,000 held pods' heap was used + ~300 MiB instead of 2.4 times
 * used. But applied from the first full GC on, it cost the e2e bench (a
 * 10,000-pod cluster, ~0.5 GiB live) about 5% of its CPU per pod (three
 * paired runs: 1.42-1.52 against 1.47-1.65 ms), for memory that a cluster of
 * that size does not need back. So below FROM of live heap V8 decides, and
 * from there on (a cluster of some 35,000 pods and more) the headroom holds.
 *
 * V8 reads --heap-growing-percent at each mark-compact; the policy sets it
 * after each full GC (a PerformanceObserver of 'gc' entries), from the heap
 * used then, never on a timer. Flags are process-wide: the persistence
 * worker's heap follows the same factor (GC threading flags must not be set
 * at runtime: V8 aborts).
 *
 * Started by Cluster.start and stopped by Cluster.stop; clusters sharing a
 * process share one observer, and the last stop hands the choice back to V8.
 */

/** The live heap (bytes, after a full GC) from which the headroom applies; below it V8 picks the growth. */
export const FROM = 768 * 2 ** 20
/** Headroom above the live heap, in bytes, that a full GC's next limit allows. */
export const HEADROOM = 192 * 2 ** 20
/** The smallest growth allowed, in percent of the live heap. */
export const MIN_PERCENT = 10
/** The largest growth allowed (V8's own largest factor, 4). */
export const MAX_PERCENT = 300

/** --heap-growing-percent for a live (used) heap of `used` bytes: 0 (V8's own factor) below `from`. */
export function growingPercent(used: number, from = FROM): number {
  if (used < from) return 0
  return Math.min(MAX_PERCENT, Math.max(MIN_PERCENT, Math.round((HEADROOM / used) * 100)))
}

let users = 0
let observer: PerformanceObserver | undefined
let current = 0
/** The threshold in force (FROM, unless a test started the policy with a smaller one). */
let from = FROM

/** The --heap-growing-percent this module set last (0: none, V8's own factor). */
export function currentGrowingPercent(): number {
  return current
}

function setPercent(percent: number): void {
  if (percent === current) return
  setFlagsFromString(`--heap-growing-percent=${percent}`)
  current = percent
}

/** Re-decides the growth after a full GC (the entries come in batches, after the GCs). */
function afterGcs(entries: PerformanceEntry[]): void {
  const major = entries.some((e) => ((e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ?? 0) & constants.NODE_PERFORMANCE_GC_MAJOR)
  if (major) setPercent(growingPercent(getHeapStatistics().used_heap_size, from))
}

/**
 * Starts the policy (once per process however many clusters run); the
 * returned function stops this use of it. `threshold` (tests) replaces FROM.
 */
export function startHeapGrowth(threshold = FROM): () => void {
  from = threshold
  users++
  if (!observer) {
    observer = new PerformanceObserver((list) => afterGcs(list.getEntries()))
    observer.observe({ entryTypes: ['gc'] })
  }
  let stopped = false
  return () => {
    if (stopped) return
    stopped = true
    if (--users > 0) return
    observer?.disconnect()
    observer = undefined
    setPercent(0)
  }
}
