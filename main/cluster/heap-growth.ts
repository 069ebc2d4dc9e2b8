import { PerformanceObserver, constants, type PerformanceEntry } from 'node:perf_hooks'
import { getHeapSpaceStatistics, getHeapStatistics, setFlagsFromString } from 'node:v8'
import { compactionDue } from './heap-compaction'

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
 * that size does not need back. So from FROM of live heap on (a cluster of
 * some 35,000 pods and more) the headroom holds.
 *
 * Below FROM, V8's own factor is still bounded, from a quarter of FROM on:
 * the next limit is then at most FROM + HEADROOM (960 MiB). Left to V8, a heap
 * crossing FROM grew by up to 4 times what it had live: in a 50,000-pod
 * build-up (--trace-gc) one full GC found 313 MB live and the next ran at
 * 1,266 MB, found 564, and let the heap reach 1,887 MB before the next,
 * which found 870; the pages committed on the way stayed, half empty, for
 * good (V8 compacts a few MiB per GC), and a 100,000-pod cluster held
 * 2.6 GiB of old space for 1.8 live. The e2e bench's heap (10,000 pods:
 * 250 MB live at its last full GC in a --trace-gc run) stays below half of
 * FROM, where V8 decides.
 *
 * V8 reads --heap-growing-percent at each mark-compact, for the limit it
 * sets then; the policy sets it after each full GC (a PerformanceObserver of
 * 'gc' entries), never on a timer. So the flag set after one GC shapes the
 * limit the next one computes, from the live heap that one finds, which in a
 * build-up is larger. So the policy decides for the live heap it expects the
 * next GC to find: this one's grown by the ratio it grew since the last, at
 * most doubled (a growing heap keeps growing, and each GC's limit lets it
 * grow further than the one before; a steady one is decided for as it is).
 * Added instead of multiplied, the growth fell short: a 30,000-pod
 * build-up's full GCs found 78, 182 and 386 MB live; decided for 286 from
 * the second, the third's limit let the heap reach 1.3 GB; as it was, below
 * the cap (half of FROM then), V8's factor let it reach 1.56 GB before the
 * next full GC, and the pages committed on the way stayed. Doubled (364),
 * the limit is 1.0 GB. The e2e bench's heap (99, 155 and 315 MB at its full
 * GCs) is decided for as V8 would: its allowance stays at V8's factor. Flags
 * are process-wide: the persistence worker's heap follows the same factor
 * (GC threading flags must not be set at runtime: V8 aborts).
 *
 * After a full GC the policy may also ask for one full compaction
 * (heap-compaction.ts): a big, settled heap whose old space is far larger
 * than what is live.
 *
 * Started by Cluster.start and stopped by Cluster.stop; clusters sharing a
 * process share one observer, and the last stop hands the choice back to V8.
 */

/** The live heap (bytes, after a full GC) from which the headroom applies; from a quarter of it the limit is capped at FROM + HEADROOM; below, V8 picks the growth. */
export const FROM = 768 * 2 ** 20
/** Headroom above the live heap, in bytes, that a full GC's next limit allows. */
export const HEADROOM = 192 * 2 ** 20
/** The smallest growth allowed, in percent of the live heap. */
export const MIN_PERCENT = 10
/** The largest growth allowed (V8's own largest factor, 4). */
export const MAX_PERCENT = 300

/** The most the expected live heap grows past this GC's: doubled. */
const MAX_GROWTH_RATIO = 2

/**
 * --heap-growing-percent for a live heap of `live` bytes: HEADROOM past it
 * from `from` on (at least MIN_PERCENT); from a quarter of `from`, up to
 * `from` + HEADROOM (at most MAX_PERCENT, V8's own largest); below that 0
 * (V8's own factor).
 */
export function growingPercent(live: number, from = FROM): number {
  if (live < from / 4) return 0
  const allowance = Math.max(from, live) + HEADROOM - live
  return Math.min(MAX_PERCENT, Math.max(MIN_PERCENT, Math.round((allowance / live) * 100)))
}

/** The live heap the next full GC is expected to find: this one's grown by the ratio it grew since the previous one, at most MAX_GROWTH_RATIO (`previous` 0: none). */
export function expectedLive(live: number, previous: number): number {
  if (previous <= 0 || live <= previous) return live
  return Math.round(live * Math.min(MAX_GROWTH_RATIO, live / previous))
}

let users = 0
let observer: PerformanceObserver | undefined
let current = 0
/** The live heap and committed old space the last full GC left (0: none seen since the policy started). */
let lastLive = 0
let lastOldCommitted = 0
/** The threshold in force (FROM, unless a test started the policy with a smaller one). */
let from = FROM
/** --compact-on-every-full-gc is set, for the next full GC only. */
let compacting = false
/** Wall time (performance.now()) of the last compaction. */
let lastCompaction = -Infinity
/** FRAGMENTED, unless a test started the policy with a smaller one. */
let fragmented: number | undefined

/** The --heap-growing-percent this module set last (0: none, V8's own factor). */
export function currentGrowingPercent(): number {
  return current
}

/** Whether the next full GC will compact the whole old space. */
export function compactionRequested(): boolean {
  return compacting
}

function setCompacting(on: boolean): void {
  if (on === compacting) return
  setFlagsFromString(on ? '--compact-on-every-full-gc' : '--no-compact-on-every-full-gc')
  compacting = on
}

function setPercent(percent: number): void {
  if (percent === current) return
  setFlagsFromString(`--heap-growing-percent=${percent}`)
  current = percent
}

/** Re-decides the growth after a full GC (the entries come in batches, after the GCs). */
function afterGcs(entries: PerformanceEntry[]): void {
  const major = entries.some((e) => ((e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ?? 0) & constants.NODE_PERFORMANCE_GC_MAJOR)
  if (!major) return
  const now = performance.now()
  if (compacting) {
    // That GC compacted: one is enough.
    setCompacting(false)
    lastCompaction = now
  }
  const live = getHeapStatistics().used_heap_size
  const old = getHeapSpaceStatistics().find((s) => s.space_name === 'old_space')
  if (old) {
    const state = { live, previousLive: lastLive, oldCommitted: old.space_size, oldUsed: old.space_used_size, previousOldCommitted: lastOldCommitted, now, lastCompaction }
    if (compactionDue(state, from, fragmented)) setCompacting(true)
    lastOldCommitted = old.space_size
  }
  const expected = expectedLive(live, lastLive)
  lastLive = live
  setPercent(growingPercent(expected, from))
}

/**
 * Starts the policy (once per process however many clusters run); the
 * returned function stops this use of it. `threshold` (tests) replaces FROM,
 * `fragmentedBytes` (tests) heap-compaction's FRAGMENTED.
 */
export function startHeapGrowth(threshold = FROM, fragmentedBytes?: number): () => void {
  from = threshold
  fragmented = fragmentedBytes
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
    lastLive = 0
    lastOldCommitted = 0
    setCompacting(false)
    setPercent(0)
  }
}
