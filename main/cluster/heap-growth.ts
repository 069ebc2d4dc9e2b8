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
 * live data is 3); the cluster's steady work (heartbeats, status writes,
 * events) allocates a little at a time, so a smaller factor costs it few
 * extra GCs. A cluster growing fast (a rollout of 10,000 pods) is the
 * opposite: a small heap with a small factor runs a full GC every few
 * megabytes promoted (a fixed 25% from the start took the e2e bench from
 * 1.56 to 2.57 ms of CPU per pod).
 *
 * So the allowance is a fixed amount of headroom rather than a ratio: while
 * the live heap is under HEADROOM, V8 decides (its factor gives at least
 * that much); above it, the factor is 1 + HEADROOM / live, down to
 * MIN_PERCENT for very large heaps. V8 reads --heap-growing-percent (0: its
 * own choice) at each mark-compact, so the policy follows the live heap as it
 * grows and shrinks, decided after each full GC (a PerformanceObserver of
 * 'gc' entries), never on a timer. Flags are process-wide: the persistence
 * worker's heap follows the same factor. (GC threading flags must not be set
 * at runtime: V8 aborts.)
 *
 * Started by Cluster.start and stopped by Cluster.stop; clusters sharing a
 * process share one observer, and the last stop hands the choice back to V8.
 */

/** Headroom above the live heap, in bytes, that a full GC's next limit allows (once the heap is this big). */
export const HEADROOM = 256 * 2 ** 20
/** The smallest growth allowed, in percent of the live heap. */
export const MIN_PERCENT = 10

/** --heap-growing-percent for a live (used) heap of `used` bytes: 0 leaves the factor to V8. */
export function growingPercent(used: number): number {
  if (used <= HEADROOM) return 0
  return Math.max(MIN_PERCENT, Math.round((HEADROOM / used) * 100))
}

let users = 0
let observer: PerformanceObserver | undefined
let current = 0

/** The --heap-growing-percent this module set last (0: V8's own factor). */
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
  if (major) setPercent(growingPercent(getHeapStatistics().used_heap_size))
}

/** Starts the policy (once per process however many clusters run); the returned function stops this use of it. */
export function startHeapGrowth(): () => void {
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
