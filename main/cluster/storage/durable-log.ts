import type { PersistenceStats, PersistRecord } from './persistence'

/**
 * What the store needs from the durable log underneath it. Two
 * implementations: Persistence (NeDB in this thread: in-memory stores) and
 * WorkerPersistence (the same Persistence in a worker thread, so that NeDB's
 * serializing, appends, cleanup passes, compactions and background loads
 * never run on the event loop that serves the cluster).
 */
export interface DurableLog {
  /** How many batches the store may hand in before the first is durable (they are applied in order either way). */
  readonly maxBatchesInFlight: number
  /**
   * Whether writeBatch has taken what it needs from the records by the time
   * it returns (the worker's log: they were posted to it), so that the store
   * may let go of their JSON at once.
   */
  readonly copiesRecords: boolean
  /** Persists one batch (records in revision order, consecutive revisions); resolves once durable. A failure is permanent. */
  writeBatch(records: readonly PersistRecord[]): Promise<void>
  /** Resolves when NeDB has loaded every shard (it loads them in the background). */
  loadAll(): Promise<void>
  /** The writers paused: clean up whatever has been collected. */
  settle(): void
  /** Resolves when no cleanup work is pending or running. */
  whenIdle(): Promise<void>
  /** Compacts every shard that holds garbage. */
  compactAll(): Promise<void>
  /** Finishes cleanup, compacts, and refuses further writes. */
  close(): Promise<void>
  /** Counters (for the worker: as of its latest reply, which every call above carries). */
  stats(): PersistenceStats
}
