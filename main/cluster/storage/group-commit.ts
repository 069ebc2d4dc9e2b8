/**
 * Group commit. Writers hand in items synchronously; the items that arrive in
 * the same turn of the event loop are persisted together, by one call of
 * `persist` scheduled with setImmediate. Whatever arrives while batches are in
 * flight forms the next batch, so under load batches grow by themselves and
 * every batch pays one round of appends (and fsyncs) for many writes. A batch
 * is capped (items and bytes) so the synchronous part of persisting it stays
 * short.
 *
 * Pipelining (maxInFlight > 1, for a log in a worker thread): once
 * `pipelineItems` items wait, they leave at once as a batch of their own,
 * while earlier batches are still in flight, so the worker appends one batch
 * while this thread is still preparing the next. `persist` must itself apply
 * batches one after another in call order (the log does: each append starts
 * after the previous one ended, so a crash tears at most the last batch).
 *
 * Batches complete strictly in order (onDurable is called in the order the
 * batches were started), which is what lets the store deliver watch events in
 * revision order right after each batch is durable.
 */

export interface GroupCommitOptions<T> {
  maxItems: number
  maxBytes: number
  sizeOf(item: T): number
  /** Batches persisted concurrently (default 1: the next batch starts when the previous one is durable). */
  maxInFlight?: number
  /** With maxInFlight > 1: this many waiting items leave as a batch without waiting for the turn to end. */
  pipelineItems?: number
  /** Persists a batch; resolves once it is durable. Calls are applied in call order. */
  persist(batch: T[]): Promise<void>
  /** Called with each durable batch, in order. */
  onDurable(batch: T[]): void
  /** Called when the queue has drained (the writers paused). */
  onIdle?(): void
  /**
   * Called when persisting fails, with the items that will never be durable
   * (the failed batch, the batches after it, everything queued); no batch is
   * started afterwards. Called again for batches that were already in flight.
   */
  onFailure(error: unknown, items: T[]): void
}

export class GroupCommitter<T> {
  private queue: T[] = []
  private inFlight = 0
  private scheduled = false
  private failed: { error: unknown } | undefined
  /** Settles when the newest batch started has been handled: batches are handled in start order. */
  private tail: Promise<void> = Promise.resolve()
  private idle: Array<() => void> = []

  constructor(private readonly options: GroupCommitOptions<T>) {}

  /** Items waiting or in flight? */
  get busy(): boolean {
    return this.inFlight > 0 || this.queue.length > 0
  }

  add(item: T): void {
    if (this.failed) {
      this.options.onFailure(this.failed.error, [item])
      return
    }
    this.queue.push(item)
    const { maxInFlight = 1, pipelineItems = Infinity } = this.options
    if (this.queue.length >= pipelineItems && this.inFlight < maxInFlight) this.start()
    else this.schedule()
  }

  /** Resolves when every item handed in so far is durable (or failed). */
  whenIdle(): Promise<void> {
    if (!this.busy) return Promise.resolve()
    return new Promise((resolve) => this.idle.push(resolve))
  }

  /** Starts a batch on the next turn: the writers of this turn (and those woken by the last acknowledgement) join it. */
  private schedule(): void {
    if (this.scheduled || this.queue.length === 0) return
    this.scheduled = true
    setImmediate(() => {
      this.scheduled = false
      if (!this.failed && this.inFlight < (this.options.maxInFlight ?? 1)) this.start()
    })
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

  private start(): void {
    if (this.queue.length === 0) return
    const batch = this.takeBatch()
    this.inFlight++
    let persisted: Promise<{ ok: true } | { ok: false; error: unknown }>
    try {
      persisted = this.options.persist(batch).then(
        () => ({ ok: true }) as const,
        (error: unknown) => ({ ok: false, error }) as const
      )
    } catch (error) {
      persisted = Promise.resolve({ ok: false, error })
    }
    const previous = this.tail
    this.tail = (async () => {
      const outcome = await persisted
      await previous
      this.inFlight--
      this.finish(batch, outcome)
    })()
  }

  /** A batch's outcome, in start order. */
  private finish(batch: T[], outcome: { ok: true } | { ok: false; error: unknown }): void {
    if (this.failed) this.options.onFailure(this.failed.error, batch)
    else if (!outcome.ok) {
      this.failed = { error: outcome.error }
      const rest = this.queue
      this.queue = []
      this.options.onFailure(outcome.error, [...batch, ...rest])
    } else {
      this.options.onDurable(batch)
      if (this.queue.length > 0) this.schedule()
    }
    if (this.busy) return
    if (!this.failed) this.options.onIdle?.()
    const idle = this.idle
    this.idle = []
    for (const resolve of idle) resolve()
  }
}
