import type { StoredDoc } from './document'

/**
 * Rebuilds the store's state from the documents found in the shard files.
 *
 * - Per key, the document with the highest revision wins; a winning tombstone
 *   means the key is deleted. Losers are stale versions whose removal never
 *   ran (crash before cleanup): they are removed in the background.
 * - Batches are all-or-nothing. Only the last batch can be incomplete (the
 *   next batch starts after the previous one was acknowledged): a batch is
 *   one appendFile, and Node writes a large one in several write() calls, so a
 *   killed process can leave some of its lines. That batch was never
 *   acknowledged, but the cache had already shown it, and a later write in it
 *   may depend on an earlier one that is missing; keeping part of it would
 *   restore a state that never existed. The batch is complete when every key
 *   it wrote has its last document (`f`) present, or when the meta revision
 *   (written only after acknowledgement) already covers it.
 * - The revision is max(meta revision, highest kept document revision), so it
 *   survives even when the newest writes were deletes whose tombstones have
 *   been purged.
 */

export interface RecoveredEntry {
  key: string
  revision: number
  /** The shard file holding this version. */
  shard: number
  json: string
}

export interface RecoveredTombstone {
  key: string
  revision: number
  shard: number
}

export interface Recovered {
  /** The store revision to continue from. */
  revision: number
  /** The live objects (JSON), in no particular order. */
  live: RecoveredEntry[]
  /** Per shard: superseded versions; removed in the background. */
  stale: Map<number, string[]>
  /** Per shard: documents of an incomplete last batch; removed before any new write (their ids would be reused). */
  discarded: Map<number, string[]>
  /** Winning tombstones; purged after the stale versions are gone and meta holds the revision. */
  tombstones: RecoveredTombstone[]
  /** Set when an incomplete last batch was dropped. */
  droppedBatch?: { firstRevision: number; present: number; expected: number }
}

function push(map: Map<number, string[]>, shard: number, id: string): void {
  const list = map.get(shard)
  if (list) list.push(id)
  else map.set(shard, [id])
}

export class RecoveryBuilder {
  private readonly shards: number[] = []
  private readonly docs: StoredDoc[] = []

  /** Adds the documents loaded from one shard. */
  add(shard: number, docs: readonly StoredDoc[]): void {
    for (const doc of docs) {
      this.shards.push(shard)
      this.docs.push(doc)
    }
  }

  /** Computes the recovered state; metaRevision is the revision recorded in the meta file (0 if none). */
  finish(metaRevision: number): Recovered {
    const { docs, shards } = this
    let latest = -1
    let expected = 0
    for (const doc of docs) {
      if (doc.b > latest) {
        latest = doc.b
        expected = doc.n
      }
    }
    let present = 0
    for (const doc of docs) if (doc.b === latest && doc.f === 1) present++
    const dropBatch = latest >= 0 && metaRevision < latest && present !== expected

    const result: Recovered = { revision: metaRevision, live: [], stale: new Map(), discarded: new Map(), tombstones: [] }
    if (dropBatch) result.droppedBatch = { firstRevision: latest, present, expected }
    const winners = new Map<string, number>()
    for (let i = 0; i < docs.length; i++) {
      const doc = docs[i]
      if (dropBatch && doc.b === latest) {
        push(result.discarded, shards[i], doc._id)
        continue
      }
      if (doc.r > result.revision) result.revision = doc.r
      const w = winners.get(doc.k)
      if (w === undefined) winners.set(doc.k, i)
      else if (doc.r > docs[w].r) {
        push(result.stale, shards[w], docs[w]._id)
        winners.set(doc.k, i)
      } else push(result.stale, shards[i], doc._id)
    }
    for (const i of winners.values()) {
      const doc = docs[i]
      if (doc.d) result.tombstones.push({ key: doc.k, revision: doc.r, shard: shards[i] })
      else result.live.push({ key: doc.k, revision: doc.r, shard: shards[i], json: doc.v! })
    }
    return result
  }
}
