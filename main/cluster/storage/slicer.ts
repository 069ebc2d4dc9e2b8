/**
 * Cooperative time slicing. Long loops (loading 100,000 objects, scanning
 * recovered documents) check `due()` per item and `await yield()` when their
 * slice is used up, so no single step holds the event loop for long. Time is
 * measured with process.hrtime (monotonic, not the cluster clock: this is
 * about CPU slices, not cluster time).
 */

/** Resolves on the next turn of the event loop (after pending I/O callbacks). */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}

/** Monotonic milliseconds from process.hrtime; the default `now()` of a store. */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint() / 1_000_000n)
}

export class TimeSlicer {
  private readonly budgetNs: bigint
  private sliceStart = process.hrtime.bigint()

  /** budgetMs: how long one slice may run before yielding. */
  constructor(budgetMs: number) {
    this.budgetNs = BigInt(Math.max(1, Math.round(budgetMs * 1e6)))
  }

  /** True once the current slice has used its budget. */
  due(): boolean {
    return process.hrtime.bigint() - this.sliceStart >= this.budgetNs
  }

  /** Yields to the event loop and starts a new slice. */
  async yield(): Promise<void> {
    await yieldToEventLoop()
    this.sliceStart = process.hrtime.bigint()
  }
}
