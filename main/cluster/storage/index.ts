/**
 * Kubelab's etcd: a store with etcd semantics (one revision counter,
 * compare-and-swap, watch history) served from memory and persisted in NeDB.
 *
 * The design in brief (each file's header says why):
 *   - Reads never touch NeDB: a Map of deep-frozen objects plus ordered key
 *     sets per resource and per resource+namespace (key-index.ts).
 *   - A write is checked, numbered and applied to memory synchronously, then
 *     group-committed: the writes of one event-loop turn become one batch,
 *     one NeDB insert (one appendFile) into one shard file, acknowledged once
 *     appended (and fsynced when durable); watch events go out right before
 *     the acknowledgements, in revision order (store.ts, group-commit.ts).
 *   - On disk every write is a new document `{_id: key@rev, v: JSON (or y: deflated), b, f?}`
 *     or a tombstone; superseded versions and tombstones are removed in the
 *     background and shards compacted when they have grown (persistence.ts,
 *     cleanup.ts, document.ts).
 *   - Start-up cuts a torn last line, reads the files with our own reader and
 *     fills the cache before NeDB has loaded anything; a batch only partly on
 *     disk is dropped whole; the revision comes back exactly, deletes
 *     included (torn-tail.ts, reader.ts, recovery.ts).
 *   - For a data dir, all of NeDB (reading at start-up, appends, fsyncs,
 *     cleanup, compaction, background loads) runs in a worker thread; the
 *     event loop that serves the cluster only applies writes to memory, fans
 *     out watch events and fills the cache at start-up, in short slices
 *     (worker-persistence.ts, persistence-worker.ts).
 *   - Every long step is cut into slices that yield to the event loop.
 *
 * Departures from the suggested design: a batch goes to one shard in
 * rotation rather than documents by hash of key (one file operation per
 * acknowledgement instead of one per touched shard); the key and revision
 * live only in `_id`; start-up does not wait for NeDB's own load; batches are
 * all-or-nothing at recovery.
 *
 * Layout of this folder:
 *   store.ts          the Store: write path, reads, watch delivery
 *   group-commit.ts   batching of writes into one persist per event-loop turn
 *   durable-log.ts    what the store needs from the log under it; two implementations:
 *   persistence.ts    NeDB shards + meta file: open, batch writes, background load, compaction
 *                     (in this thread: in-memory stores, and inside the worker)
 *   append-queue.ts   batches appended strictly in order, those that wait joined into one
 *   blocking-io.ts    the worker's blocking appends and fsyncs (no thread-pool round trips)
 *   worker-persistence.ts  the same behind a worker thread (data dirs)
 *   persistence-worker.ts  the worker's entry (worker-protocol.ts: its messages; worker-start.ts: how it starts)
 *   thread-priority.ts     the worker runs below the event loop (Linux nice, per thread)
 *   cleanup.ts        background removal of superseded versions and tombstones
 *   shard.ts          one NeDB datastore file
 *   document.ts       the on-disk document of one write
 *   reader.ts         start-up reader of NeDB's file format (the cache fills before NeDB loads)
 *   recovery.ts       rebuilding the state from the documents read
 *   torn-tail.ts      start-up repair of a torn last line
 *   key-index.ts      the read cache and its ordered per-prefix indexes
 *   sorted-key-set.ts the ordered set behind those indexes
 *   history.ts        the watch history
 *   watcher-index.ts  watchers indexed by prefix
 *   freeze.ts         encoding, copying and freezing of stored objects
 *   slicer.ts         cooperative time slicing
 */
import type { DurableLog } from './durable-log'
import { decodeObject } from './freeze'
import { KeyIndex } from './key-index'
import { resolveOptions, type StoreOptions } from './options'
import { Persistence, type PersistenceOptions } from './persistence'
import type { Recovered } from './recovery'
import { KubeStore } from './store'
import { WorkerPersistence } from './worker-persistence'

export * from './types'
export type { StoreOptions } from './options'
export type { KubeStore, StoreStats } from './store'

interface OpenedLog {
  persistence: DurableLog
  revision: number
  droppedBatch: Recovered['droppedBatch']
}

/** NeDB in this thread: the cache fills from `apply` as our reader recovers each version. */
async function openInThread(options: PersistenceOptions, index: KeyIndex): Promise<OpenedLog> {
  const { persistence, recovered } = await Persistence.open(options, (key, json) => {
    if (json === undefined) index.delete(key)
    else index.set(key, decodeObject(json))
  })
  recovered.winners.length = 0
  void persistence.loadAll()
  return { persistence, revision: recovered.revision, droppedBatch: recovered.droppedBatch }
}

/**
 * Opens the store over options.dir (created if missing; undefined = in
 * memory), recovering every object and the revision. Resolves once reads can
 * be served; NeDB finishes loading the shard files in the background (see
 * KubeStore.whenLoaded). Loading is time-sliced: the event loop keeps turning
 * while 100,000 objects come in.
 */
export async function openStore(options: StoreOptions = {}): Promise<KubeStore> {
  const resolved = resolveOptions(options)
  const index = new KeyIndex()
  const persistenceOptions: PersistenceOptions = {
    dir: resolved.dir,
    durable: resolved.durable,
    shards: resolved.shards,
    compactRatio: resolved.compactRatio,
    compactSlack: resolved.compactSlack,
    loadConcurrency: 2
  }
  const { persistence, revision, droppedBatch } =
    resolved.dir !== undefined && resolved.worker
      ? await WorkerPersistence.open(persistenceOptions, (key, object) => {
          if (object === undefined) index.delete(key)
          else index.set(key, object)
        })
      : await openInThread(persistenceOptions, index)
  return new KubeStore(persistence, index, revision, resolved, droppedBatch)
}
