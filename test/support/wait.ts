/**
 * Waits for a condition, never for a fixed time: polls `check` between event
 * loop turns (and instant-clock jumps) until it returns a truthy value, or
 * fails after `timeoutMs` of wall time with the description.
 */
export async function waitFor<T>(check: () => T | Promise<T>, description: string, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = performance.now() + timeoutMs
  let last: unknown
  for (;;) {
    try {
      const value = await check()
      if (value) return value as NonNullable<T>
    } catch (e) {
      last = e
    }
    if (performance.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}${last ? `: ${(last as Error).message ?? last}` : ''}`)
    }
    await new Promise((r) => setImmediate(r))
  }
}
