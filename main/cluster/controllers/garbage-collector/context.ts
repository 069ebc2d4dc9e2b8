import type { Logger } from '../../client/controller-logger'
import type { Client } from '../../client/types'
import type { OwnerGraph } from './graph'

/** What the collector's steps share. */
export interface CollectorContext {
  client: Client
  graph: OwnerGraph
  logger: Logger
  /** Queues a work item (an object's key) for the collector. */
  enqueue(key: string): void
  /** How many writes the collector sends at once when one owner concerns many dependents. */
  batchSize: number
}

/** Runs fn over items, batchSize at a time; collects the failures instead of stopping at the first. */
export async function inBatches<T>(items: readonly T[], batchSize: number, fn: (item: T) => Promise<void>): Promise<unknown[]> {
  const failures: unknown[] = []
  for (let i = 0; i < items.length; i += batchSize) {
    const results = await Promise.allSettled(items.slice(i, i + batchSize).map(fn))
    for (const r of results) if (r.status === 'rejected') failures.push(r.reason)
  }
  return failures
}
