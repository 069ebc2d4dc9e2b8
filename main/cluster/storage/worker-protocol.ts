import type { PersistenceOptions, PersistenceStats, PersistRecord } from './persistence'
import type { Recovered } from './recovery'

/**
 * The messages between the store (main thread) and the persistence worker
 * (persistence-worker.ts). Everything travels by structured clone; errors as
 * Error objects; a batch's writes as columns of strings and numbers.
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

export type ToWorker = { type: 'call'; id: number; method: CallMethod; batch?: BatchColumns } | { type: 'applied' }

/**
 * A writeBatch's records as columns: record i is keys[i] at revisions[i],
 * superseding prev[i] (0: none), with JSON json[i] (null: a tombstone).
 * Strings and two number arrays: posting one copies each string and each
 * array as a block, where records as objects cost the serializer a walk of
 * every record (and, before the store wrote the JSON, of every object's tree).
 */
export interface BatchColumns {
  keys: string[]
  revisions: Float64Array
  prev: Float64Array
  json: Array<string | null>
}

export function toColumns(records: readonly PersistRecord[]): BatchColumns {
  const n = records.length
  const columns: BatchColumns = { keys: new Array<string>(n), revisions: new Float64Array(n), prev: new Float64Array(n), json: new Array<string | null>(n) }
  for (let i = 0; i < n; i++) {
    const { key, revision, prevRevision, json } = records[i]
    columns.keys[i] = key
    columns.revisions[i] = revision
    columns.prev[i] = prevRevision ?? 0
    columns.json[i] = json ?? null
  }
  return columns
}

export function fromColumns(columns: BatchColumns): PersistRecord[] {
  const { keys, revisions, prev, json } = columns
  const records = new Array<PersistRecord>(keys.length)
  for (let i = 0; i < keys.length; i++) {
    records[i] = { key: keys[i], revision: revisions[i], prevRevision: prev[i] === 0 ? undefined : prev[i], json: json[i] ?? undefined }
  }
  return records
}

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
