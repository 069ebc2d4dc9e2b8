import { docId, jsonOf, keyOf, revisionOf, type StoredDoc } from './document'
import type { TimeSlicer } from './slicer'

/**
 * Rebuilds the store's state from the documents found in the shard files,
 * incrementally: shard by shard, and each document is handed to the cache
 * (`apply`) as soon as it is the newest version seen for its key, so its JSON
 * string can die young instead of waiting for the end of the load.
 *
 * - Per key, the document with the highest revision wins, whatever shard it
 *   is in; a winning tombstone means the key is deleted. Losers are stale
 *   versions whose removal never ran (crash before cleanup): they are removed
 *   in the background.
 * - Batches are all-or-nothing. Only the last batch can be incomplete (the
 *   next batch starts after the previous one was acknowledged): a batch is
 *   one appendFile, and Node writes a large one in several write() calls, so a
 *   killed process can leave some of its lines. That batch was never
 *   acknowledged, but the cache had already shown it, and a later write in it
 *   may depend on an earlier one that is missing; keeping part of it would
 *   restore a state that never existed. The batch is complete when every key
 *   it wrote has its last document (the ones carrying `f`) present, or when the meta revision
 *   (written only after acknowledgement) already covers it. So the documents
 *   of the newest batch seen so far are held back until the end.
 * - The revision is max(meta revision, highest kept document revision), so it
 *   survives even when the newest writes were deletes whose tombstones have
 *   been purged.
 */

export interface RecoveredWinner {
  key: string
  revision: number
  /** The shard file holding this version. */
  shard: number
  /** The key is deleted (a tombstone still to purge). */
  tombstone: boolean
}

export interface Recovered {
  /** The store revision to continue from. */
  revision: number
  /** The newest version of every key still on disk (objects and tombstones), in no particular order. */
  winners: RecoveredWinner[]
  /** Per shard: superseded versions; removed in the background. */
  stale: Map<number, string[]>
  /** Per shard: documents of an incomplete last batch; removed before any new write (their ids would be reused). */
  discarded: Map<number, string[]>
  /** Set when an incomplete last batch was dropped. */
  droppedBatch?: { firstRevision: number; present: number; expected: number }
}

/** Receives each key's newest version as recovery finds it: JSON, or undefined when the key is deleted. */
export type ApplyVersion = (key: string, json: string | undefined) => void

function push(map: Map<number, string[]>, shard: number, id: string): void {
  const list = map.get(shard)
  if (list) list.push(id)
  else map.set(shard, [id])
}

interface Winner {
  revision: number
  shard: number
  tombstone: boolean
}

export class RecoveryBuilder {
  private readonly winners = new Map<string, Winner>()
  private readonly stale = new Map<number, string[]>()
  private maxRevision = 0
  /** The newest batch seen so far, held back until we know whether it is complete. */
  private latest = -1
  private held: Array<{ doc: StoredDoc; shard: number }> = []

  constructor(private readonly apply: ApplyVersion) {}

  /** Adds the documents loaded from one shard. */
  async add(shard: number, docs: readonly StoredDoc[], slicer: TimeSlicer): Promise<void> {
    for (const doc of docs) {
      if (doc.b > this.latest) {
        // A newer batch: the held one was not the last, so it is complete.
        for (const h of this.held) this.merge(h.doc, h.shard)
        this.held = []
        this.latest = doc.b
      }
      if (doc.b === this.latest) this.held.push({ doc, shard })
      else this.merge(doc, shard)
      if (slicer.due()) await slicer.yield()
    }
  }

  /** Settles the held batch and returns the recovered state; metaRevision is the meta file's revision (0 if none). */
  finish(metaRevision: number): Recovered {
    const result: Recovered = { revision: 0, winners: [], stale: this.stale, discarded: new Map() }
    if (this.held.length > 0) {
      let expected = 0
      let present = 0
      for (const h of this.held) {
        if (h.doc.f !== undefined) {
          present++
          expected = h.doc.f
        }
      }
      // present === 0: not even one key's last write made it (a complete batch has at least one).
      if (metaRevision >= this.latest || (present > 0 && present === expected)) for (const h of this.held) this.merge(h.doc, h.shard)
      else {
        for (const h of this.held) push(result.discarded, h.shard, h.doc._id)
        result.droppedBatch = { firstRevision: this.latest, present, expected }
      }
      this.held = []
    }
    result.revision = Math.max(metaRevision, this.maxRevision)
    for (const [key, w] of this.winners) result.winners.push({ key, revision: w.revision, shard: w.shard, tombstone: w.tombstone })
    this.winners.clear()
    return result
  }

  private merge(doc: StoredDoc, shard: number): void {
    const key = keyOf(doc._id)
    const revision = revisionOf(doc._id)
    if (revision > this.maxRevision) this.maxRevision = revision
    const current = this.winners.get(key)
    if (current !== undefined && current.revision > revision) {
      push(this.stale, shard, doc._id)
      return
    }
    if (current !== undefined) push(this.stale, current.shard, docId(key, current.revision))
    this.winners.set(key, { revision, shard, tombstone: doc.d === true })
    this.apply(key, jsonOf(doc))
  }
}
