/**
 * Kubelab's etcd: a store with etcd semantics (one revision counter,
 * compare-and-swap, watch history) served from memory and persisted in NeDB.
 *
 * Layout of this folder:
 *   store.ts          the Store: write path, reads, watch delivery
 *   group-commit.ts   batching of writes into one persist per event-loop turn
 *   persistence.ts    NeDB shards + meta file: open, batch writes, background load, compaction
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
import { decodeObject } from './freeze'
import { KeyIndex } from './key-index'
import { resolveOptions, type StoreOptions } from './options'
import { Persistence } from './persistence'
import { KubeStore } from './store'

export * from './types'
export type { StoreOptions } from './options'
export type { KubeStore, StoreStats } from './store'

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
  const { persistence, recovered } = await Persistence.open(
    {
      dir: resolved.dir,
      durable: resolved.durable,
      shards: resolved.shards,
      compactRatio: resolved.compactRatio,
      compactSlack: resolved.compactSlack,
      loadConcurrency: 2
    },
    (key, json) => {
      if (json === undefined) index.delete(key)
      else index.set(key, decodeObject(json))
    }
  )
  recovered.winners.length = 0
  void persistence.loadAll()
  return new KubeStore(persistence, index, recovered.revision, resolved, recovered.droppedBatch)
}
