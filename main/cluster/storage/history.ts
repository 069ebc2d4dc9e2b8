import type { StoreEvent } from './types'

/**
 * The watch history: the newest committed (durable) events, in revision
 * order, kept so a watch can start from a past revision. Revisions are
 * contiguous (every revision is exactly one write, and writes commit in
 * order), so an event is found by arithmetic, not search.
 *
 * It is bounded as the apiserver's watch cache is: events are kept while they
 * are fresh (`windowMs` by the injected now(), the cache's eventFreshDuration
 * of 75 s), never fewer than `minEvents` of the newest and never more than
 * `maxEvents` (the cache's upper bound capacity, 100 * 1024). A watch from an
 * older revision gets 410 Expired ("too old resource version") and re-lists,
 * as against a real apiserver. Every event holds the stored versions it
 * carries, which nothing else keeps once superseded: keeping every version
 * of a 5-minute window, as etcd does between compactions but on disk, held
 * about half the heap after 100,000 pods were created.
 */

export interface HistoryOptions {
  /** Keep at least this many of the newest events, however old. */
  minEvents: number
  /** Never keep more than this many events, however fresh. */
  maxEvents: number
  /** Keep the events committed within this many ms of now() (up to maxEvents). */
  windowMs: number
  now: () => number
}

export class WatchHistory {
  private events: StoreEvent[] = []
  /** Commit time of events[i], by now(). */
  private times: number[] = []
  private head = 0
  private last: number

  /** startRevision: the revision the store opened at (nothing before it is replayable). */
  constructor(
    startRevision: number,
    private readonly options: HistoryOptions
  ) {
    if (!(options.maxEvents >= 1)) throw new RangeError(`storage: history maxEvents must be at least 1, got ${options.maxEvents}`)
    this.last = startRevision
  }

  /** The newest committed revision. */
  get lastRevision(): number {
    return this.last
  }

  /** Number of events kept. */
  get size(): number {
    return this.events.length - this.head
  }

  /** The oldest revision a watch can start from (it then receives every event after it). */
  get oldestWatchableRevision(): number {
    return this.head < this.events.length ? this.events[this.head].revision - 1 : this.last
  }

  /** Appends committed events (consecutive revisions, continuing lastRevision) and trims. */
  append(events: readonly StoreEvent[]): void {
    if (events.length === 0) return
    const at = this.options.now()
    for (const event of events) {
      if (event.revision !== this.last + 1) throw new Error(`storage: history gap: revision ${event.revision} after ${this.last}`)
      this.events.push(event)
      this.times.push(at)
      this.last = event.revision
    }
    this.trim(at)
  }

  /** Calls visit for every kept event with revision > after, in order. */
  forEachAfter(after: number, visit: (event: StoreEvent) => void): void {
    if (this.head >= this.events.length) return
    const first = this.events[this.head].revision
    for (let i = this.head + Math.max(0, after + 1 - first); i < this.events.length; i++) visit(this.events[i])
  }

  private trim(now: number): void {
    const { minEvents, maxEvents, windowMs } = this.options
    const cutoff = now - windowMs
    const length = this.events.length
    let head = Math.max(this.head, length - maxEvents)
    const keepFrom = length - minEvents
    while (head < keepFrom && this.times[head] < cutoff) head++
    // Dropped events must not stay reachable: they hold versions nothing else does.
    for (let i = this.head; i < head; i++) this.events[i] = undefined as unknown as StoreEvent
    this.head = head
    // Drop the dead prefix now and then (amortized O(1) per event).
    if (head > 1024 && head * 2 > length) {
      this.events = this.events.slice(head)
      this.times = this.times.slice(head)
      this.head = 0
    }
  }
}
