import type { PersistenceOptions, PersistenceStats, PersistRecord } from './persistence'
import type { Recovered } from './recovery'

/**
 * The messages between the store (main thread) and the persistence worker
 * (persistence-worker.ts). Everything travels by structured clone; errors as
 * Error objects.
 *
 * Start-up: the worker reads and recovers the data dir and streams each key's
 * newest version to the main thread in chunks (`versions`), then says
 * `opened`. The main thread acknowledges every chunk it has applied to its
 * cache (`applied`): the worker keeps at most a few chunks unacknowledged, so
 * a slower main thread never makes the queue between them hold the data dir.
 */

/** Given to the worker as workerData. */
export type WorkerOptions = PersistenceOptions

/** The DurableLog calls the worker answers. */
export type CallMethod = 'writeBatch' | 'loadAll' | 'settle' | 'whenIdle' | 'compactAll' | 'close'

export type ToWorker = { type: 'call'; id: number; method: CallMethod; records?: readonly PersistRecord[] } | { type: 'applied' }

/**
 * `keys[i]`'s newest version is the i-th element of the JSON array `text`
 * (null: the key is deleted). One JSON.parse per chunk on the main thread.
 */
export interface VersionsChunk {
  type: 'versions'
  keys: string[]
  text: string
}

export type FromWorker =
  | VersionsChunk
  | { type: 'opened'; revision: number; droppedBatch: Recovered['droppedBatch']; stats: PersistenceStats }
  | { type: 'openFailed'; error: unknown }
  | { type: 'reply'; id: number; error?: unknown; stats: PersistenceStats }
