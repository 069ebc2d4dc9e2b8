import type { Clock, Timer, TimerOptions } from '../clock/types'
import { ItemExponentialFailureRateLimiter, type RateLimiter } from './rate-limiter'

export interface WorkQueueOptions {
  /** Schedules addAfter and rate-limited retries. */
  clock: Clock
  /** Decides retry delays for addRateLimited; default: 5 ms doubling to 1000 s per item. */
  rateLimiter?: RateLimiter
  /**
   * How many rate-limited retries of a key (since it was last forgotten) are
   * foreground timers; later ones are background. Default 10: 5 ms to 2.56 s,
   * about 5 s of cluster time in all. This lets an instant clock carry a
   * transient failure (a 409 Conflict) through its retries, while a key that
   * keeps failing stops driving time instead of spinning the clock forever.
   */
  foregroundRetries?: number
}

/**
 * A controller's work queue, with client-go's guarantees (keys are strings,
 * usually `namespace/name`):
 * - de-duplicating: a key added while it waits is stored once, so a burst of
 *   events for one object costs one reconcile;
 * - serialising: a key being processed is handed to no other worker; if it is
 *   added meanwhile it waits and is queued again when done() is called, so
 *   the change is not lost and two workers never reconcile one object at once;
 * - delaying (addAfter) and rate-limited retries (addRateLimited) on the
 *   cluster clock. Delays are background timers, and so are retries after the
 *   first few: work that may go on forever must not drive an instant clock.
 *
 * Unlike client-go's ShutDown, shutDown() drops what is still queued: get()
 * resolves undefined at once, because the cluster stops as a whole.
 */
export class WorkQueue {
  private readonly clock: Clock
  private readonly rateLimiter: RateLimiter
  /** Keys waiting to be handed out, in order. */
  private readonly queue: string[] = []
  /** Keys that need processing: queued, or re-added while being processed. */
  private readonly dirty = new Set<string>()
  /** Keys handed to a worker and not yet done(). */
  private readonly processing = new Set<string>()
  /** Keys waiting for addAfter, with when they are due; only the earliest wait per key is kept. */
  private readonly waiting = new Map<string, { due: number; background: boolean; timer: Timer }>()
  private readonly foregroundRetries: number
  private getters: Array<() => void> = []
  private shuttingDown = false

  constructor(options: WorkQueueOptions) {
    this.clock = options.clock
    this.rateLimiter = options.rateLimiter ?? new ItemExponentialFailureRateLimiter()
    this.foregroundRetries = options.foregroundRetries ?? 10
  }

  /** Marks key as needing processing. */
  add(key: string): void {
    if (this.shuttingDown || this.dirty.has(key)) return
    this.dirty.add(key)
    if (this.processing.has(key)) return
    this.queue.push(key)
    this.wakeGetters()
  }

  /**
   * Adds key after ms of cluster time, on a background timer unless
   * `{ background: false }` (see TimerOptions: a background wait never drives
   * an instant clock, so periodic requeues cannot spin it). One wait per key
   * is kept: the earliest, and foreground if either request was.
   */
  addAfter(key: string, ms: number, options: TimerOptions = {}): void {
    if (this.shuttingDown) return
    if (ms <= 0) return this.add(key)
    let due = this.clock.now() + ms
    let background = options.background ?? true
    const pending = this.waiting.get(key)
    if (pending) {
      due = Math.min(due, pending.due)
      background = background && pending.background
      if (due === pending.due && background === pending.background) return
      pending.timer.cancel()
    }
    const timer = this.clock.setTimeout(
      () => {
        this.waiting.delete(key)
        this.add(key)
      },
      due - this.clock.now(),
      { background }
    )
    this.waiting.set(key, { due, background, timer })
  }

  /** Adds key again after the rate limiter's backoff for it: the retry path after a failed reconcile. */
  addRateLimited(key: string): void {
    const delay = this.rateLimiter.when(key)
    this.addAfter(key, delay, { background: this.rateLimiter.numRequeues(key) > this.foregroundRetries })
  }

  /** Resets key's backoff: call after it was processed successfully. Does not remove it from the queue. */
  forget(key: string): void {
    this.rateLimiter.forget(key)
  }

  /** How many times key was retried since it was last forgotten. */
  numRequeues(key: string): number {
    return this.rateLimiter.numRequeues(key)
  }

  /**
   * The next key to process, once there is one; undefined after shutDown().
   * The caller owns the key until it calls done(key).
   */
  async get(): Promise<string | undefined> {
    while (this.queue.length === 0 && !this.shuttingDown) {
      await new Promise<void>((resolve) => this.getters.push(resolve))
    }
    if (this.shuttingDown) return undefined
    const key = this.queue.shift()!
    this.processing.add(key)
    this.dirty.delete(key)
    return key
  }

  /** Ends processing of key; if it was added meanwhile, it is queued again. */
  done(key: string): void {
    this.processing.delete(key)
    if (this.dirty.has(key) && !this.shuttingDown) {
      this.queue.push(key)
      this.wakeGetters()
    }
  }

  /** Stops the queue: pending getters resolve undefined, adds and delayed adds are dropped. */
  shutDown(): void {
    if (this.shuttingDown) return
    this.shuttingDown = true
    for (const { timer } of this.waiting.values()) timer.cancel()
    this.waiting.clear()
    this.queue.length = 0
    this.dirty.clear()
    this.wakeGetters()
  }

  /** Whether shutDown() was called. */
  isShuttingDown(): boolean {
    return this.shuttingDown
  }

  /** How many keys wait to be handed out (not counting those being processed or delayed). */
  len(): number {
    return this.queue.length
  }

  // Getters re-check the queue when they wake (another getter may have taken
  // the key), and wake on a later microtask, so keys added in the same
  // synchronous burst are all queued, deduplicated, before any is handed out.
  private wakeGetters(): void {
    const getters = this.getters
    this.getters = []
    for (const wake of getters) wake()
  }
}
