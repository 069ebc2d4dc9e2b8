/**
 * slowStartBatch (pkg/controller/replicaset): runs `fn` count times in
 * batches of 1, 2, 4, ... calls in parallel, stopping after the first batch
 * with a failure. A controller that cannot create pods (quota, a bad
 * template, a terminating namespace) thus fails after one call instead of
 * hundreds, while one that can ramps up quickly.
 */

/** How a slow-start run ended. */
export interface SlowStartResult {
  /** Calls that succeeded. */
  successes: number
  /** The first error of the failing batch, if any. */
  error?: unknown
}

/** The batch sizes slow start would use for count calls if none failed: 1, 2, 4, ..., the remainder. */
export function slowStartBatchSizes(count: number, initialBatchSize = 1): number[] {
  const sizes: number[] = []
  let remaining = count
  for (let size = Math.min(remaining, initialBatchSize); size > 0; size = Math.min(2 * size, remaining)) {
    sizes.push(size)
    remaining -= size
  }
  return sizes
}

/** Runs fn count times in growing parallel batches; see the module comment. */
export async function slowStartBatch(count: number, initialBatchSize: number, fn: () => Promise<void>): Promise<SlowStartResult> {
  let successes = 0
  for (const size of slowStartBatchSizes(count, initialBatchSize)) {
    const results = await Promise.allSettled(Array.from({ length: size }, () => fn()))
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
    successes += size - failures.length
    if (failures.length) return { successes, error: failures[0].reason }
  }
  return { successes }
}
