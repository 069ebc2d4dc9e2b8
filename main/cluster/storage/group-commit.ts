import { yieldToEventLoop } from './slicer'

/**
 * Group commit. Writers hand in items synchronously; the items that arrive in
 * the same turn of the event loop are persisted together, by one call of
 * `persist` scheduled with setImmediate. One batch is in flight at a time:
 * whatever arrives meanwhile forms the next batch, so under load batches grow
 * by themselves and every batch pays one round of appends (and fsyncs) for
 * many writes. A batch is capped (items and bytes) so the synchronous part of
 * persisting it (NeDB serializes every document before appending) stays short.
 *
 * Batches complete strictly in order, which is what lets the store deliver
 * watch events in revision order right after each batch is durable.
 */

export interface GroupCommitOptions<T> {
  maxItems: number
  maxBytes: number
  sizeOf(item: T): number
  /** Persists a batch; resolves once it is durable. */
  persist(batch: T[]): Promise<void>
  /** Called with each durable batch, in order. */
  onDurable(batch: T[]): void
  /** Called when the queue has drained (the writers paused). */
  onIdle?(): void
  /** Called once when persisting fails, with every item not yet durable; no batch is persisted afterwards. */
  onFailure(error: unknown, items: T[]): void
}

export class GroupCommitter<T> {
  private queue: T[] = []
  private running = false
  private failed = false
  private idle: Array<() => void> = []

  constructor(private readonly options: GroupCommitOptions<T>) {}

  /** Items waiting or in flight? */
  get busy(): boolean {
    return this.running || this.queue.length > 0
  }

  add(item: T): void {
    this.queue.push(item)
    if (!this.running) {
      this.running = true
      void this.run()
    }
  }

  /** Resolves when every item handed in so far is durable (or failed). */
  whenIdle(): Promise<void> {
    if (!this.busy) return Promise.resolve()
    return new Promise((resolve) => this.idle.push(resolve))
  }

  private takeBatch(): T[] {
    const { maxItems, maxBytes, sizeOf } = this.options
    let bytes = 0
    let n = 0
    while (n < this.queue.length && n < maxItems) {
      bytes += sizeOf(this.queue[n])
      n++
      if (bytes >= maxBytes) break
    }
    const batch = this.queue.length === n ? this.queue : this.queue.slice(0, n)
    this.queue = this.queue.length === n ? [] : this.queue.slice(n)
    return batch
  }

  private async run(): Promise<void> {
    while (this.queue.length > 0 && !this.failed) {
      // One turn for the writers of this turn (and those woken by the last
      // acknowledgement) to join the batch.
      await yieldToEventLoop()
      const batch = this.takeBatch()
      try {
        await this.options.persist(batch)
      } catch (error) {
        this.failed = true
        const rest = this.queue
        this.queue = []
        this.options.onFailure(error, [...batch, ...rest])
        break
      }
      this.options.onDurable(batch)
    }
    this.running = false
    if (!this.failed) this.options.onIdle?.()
    const idle = this.idle
    this.idle = []
    for (const resolve of idle) resolve()
  }
}
