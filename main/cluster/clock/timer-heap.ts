/**
 * The clock's pending timers, ordered by due time. A binary min-heap keyed by
 * (due, seq): seq is the order in which timers were queued, so timers due at
 * the same instant fire first-in, first-out, as the platform's timers do.
 * Each entry knows its own position, so cancelling is O(log n) instead of
 * leaving dead entries behind (workqueues and informers cancel a lot).
 */

/** One queued callback. */
export interface HeapTimer {
  /** Cluster time (ms since the epoch) at which the timer is due. */
  due: number
  /** Queue order; assigned by the heap on every push, so a re-queued interval goes behind timers queued before it. */
  seq: number
  /** Background timers do not drive an instant clock forward (see TimerOptions.background). */
  background: boolean
  /** Repeat period for intervals; undefined for one-shot timers. */
  period?: number
  callback: () => void
  /** Position in the heap; -1 when not queued (fired or cancelled). */
  index: number
}

export class TimerHeap {
  private readonly items: HeapTimer[] = []
  private nextSeq = 0
  private foreground = 0

  /** How many timers are pending. */
  get size(): number {
    return this.items.length
  }

  /** How many pending timers are not background ones. */
  get foregroundCount(): number {
    return this.foreground
  }

  /** The timer due first, without removing it. */
  peek(): HeapTimer | undefined {
    return this.items[0]
  }

  /** Queues a timer (assigning its seq). */
  push(timer: HeapTimer): void {
    timer.seq = this.nextSeq++
    timer.index = this.items.length
    this.items.push(timer)
    if (!timer.background) this.foreground++
    this.up(timer.index)
  }

  /** Removes a queued timer; false if it was not queued. */
  remove(timer: HeapTimer): boolean {
    const i = timer.index
    if (i < 0 || this.items[i] !== timer) return false
    const last = this.items.pop()!
    if (last !== timer) {
      this.items[i] = last
      last.index = i
      // The moved entry may belong above or below its new position.
      this.down(i)
      this.up(last.index)
    }
    timer.index = -1
    if (!timer.background) this.foreground--
    return true
  }

  /** Removes every timer. */
  clear(): void {
    for (const t of this.items) t.index = -1
    this.items.length = 0
    this.foreground = 0
  }

  private less(a: HeapTimer, b: HeapTimer): boolean {
    return a.due < b.due || (a.due === b.due && a.seq < b.seq)
  }

  private swap(i: number, j: number): void {
    const a = this.items[i]
    const b = this.items[j]
    this.items[i] = b
    this.items[j] = a
    a.index = j
    b.index = i
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!this.less(this.items[i], this.items[parent])) return
      this.swap(i, parent)
      i = parent
    }
  }

  private down(i: number): void {
    const n = this.items.length
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let min = i
      if (l < n && this.less(this.items[l], this.items[min])) min = l
      if (r < n && this.less(this.items[r], this.items[min])) min = r
      if (min === i) return
      this.swap(i, min)
      i = min
    }
  }
}
