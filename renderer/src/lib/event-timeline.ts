/**
 * The event stream's timeline: how many events (and warnings) fell in each
 * slice of cluster time, and the stream as it stood at a moment in the past.
 * Pure, so the scrubber's arithmetic is tested without a DOM.
 */
import type { EventRow } from './events'

export interface TimelineBucket {
  /** Cluster time (ms since the epoch) the slice starts at, inclusive. */
  start: number
  /** Where it ends, exclusive (the last slice includes its end). */
  end: number
  normal: number
  warning: number
}

/** The span the timeline covers: the oldest event to now, ten seconds at least. */
export function timelineSpan(rows: EventRow[], now: number): { from: number; to: number } {
  let oldest = Infinity
  let newest = -Infinity
  for (const r of rows) {
    if (r.at <= 0) continue
    oldest = Math.min(oldest, r.at)
    newest = Math.max(newest, r.at)
  }
  if (oldest === Infinity) return { from: now - minimumSpan, to: now }
  return { from: oldest, to: Math.max(now, newest, oldest + minimumSpan) }
}
const minimumSpan = 10_000

/** Events counted into `count` equal slices of [from, to]. */
export function timelineBuckets(rows: EventRow[], from: number, to: number, count: number): TimelineBucket[] {
  const width = Math.max(1, (to - from) / count)
  const buckets: TimelineBucket[] = Array.from({ length: count }, (_, i) => ({ start: from + i * width, end: from + (i + 1) * width, normal: 0, warning: 0 }))
  for (const r of rows) {
    if (r.at < from || r.at > to) continue
    const b = buckets[Math.min(count - 1, Math.floor((r.at - from) / width))]
    if (r.type === 'Warning') b.warning++
    else b.normal++
  }
  return buckets
}

/** The stream as it read at `at`: only what had happened by then, newest first (rows come sorted). */
export function rowsUpTo(rows: EventRow[], at: number | null): EventRow[] {
  return at === null ? rows : rows.filter((r) => r.at <= at)
}

/** Where a pointer at `x` of a strip `width` wide falls in [from, to], clamped. */
export function timeAtX(x: number, width: number, from: number, to: number): number {
  const f = Math.min(1, Math.max(0, width > 0 ? x / width : 1))
  return Math.round(from + f * (to - from))
}
