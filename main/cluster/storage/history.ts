import type { StoreEvent } from './types'

/**
 * The watch history: every committed (durable) event, in revision order, kept
 * so a watch can start from a past revision. Revisions are contiguous (every
 * revision is exactly one write, and writes commit in order), so an event is
 * found by arithmetic, not search.
 *
 * An event is dropped only when it is BOTH beyond the newest `minEvents` AND
 * older than `windowMs` by the injected now(): the store promises at least
 * 10,000 events and at least 5 minutes of them.
 */

export interface HistoryOptions {
  /** Keep at least this many of the newest events. */
  minEvents: number
  /** Keep at least the events committed within this many ms of now(). */
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
    const cutoff = now - this.options.windowMs
    const keepFrom = this.events.length - this.options.minEvents
    let head = this.head
    while (head < keepFrom && this.times[head] < cutoff) head++
    this.head = head
    // Drop the dead prefix now and then (amortized O(1) per event).
    if (head > 1024 && head * 2 > this.events.length) {
      this.events = this.events.slice(head)
      this.times = this.times.slice(head)
      this.head = 0
    }
  }
}
