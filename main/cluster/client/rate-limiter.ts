/**
 * How long a failing item waits before its next try, as client-go's
 * workqueue rate limiters decide. The workqueue asks `when(item)` on each
 * failure and calls `forget(item)` once the item succeeds.
 */
export interface RateLimiter {
  /** The delay (ms) before the item's next try; counts this failure. */
  when(item: string): number
  /** Clears the item's failure history, after it succeeded (or was given up). */
  forget(item: string): void
  /** How many failures the item has had since it was last forgotten. */
  numRequeues(item: string): number
}

/** Per-item exponential backoff: base × 2^failures, capped. */
export interface ExponentialBackoffOptions {
  /** The first delay, ms. client-go's default controller limiter uses 5 ms. */
  baseDelay?: number
  /** The longest delay, ms. client-go's default is 1000 s. */
  maxDelay?: number
}

/**
 * client-go's ItemExponentialFailureRateLimiter: 5 ms, 10 ms, 20 ms, ...
 * doubling per failure of the same item up to 1000 s, so a transient conflict
 * retries at once while a hopeless item settles down to one try every ~17
 * minutes instead of hammering the API.
 */
export class ItemExponentialFailureRateLimiter implements RateLimiter {
  private readonly failures = new Map<string, number>()
  private readonly baseDelay: number
  private readonly maxDelay: number

  constructor(options: ExponentialBackoffOptions = {}) {
    this.baseDelay = options.baseDelay ?? 5
    this.maxDelay = options.maxDelay ?? 1_000_000
  }

  when(item: string): number {
    const exp = this.failures.get(item) ?? 0
    this.failures.set(item, exp + 1)
    // 2^exp overflows to Infinity long after the cap applies; Math.min handles both.
    return Math.min(this.maxDelay, this.baseDelay * 2 ** exp)
  }

  forget(item: string): void {
    this.failures.delete(item)
  }

  numRequeues(item: string): number {
    return this.failures.get(item) ?? 0
  }
}
