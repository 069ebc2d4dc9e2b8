import { mkdir, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { assertStoredDoc, docId, type StoredDoc } from './document'
import { shardOf } from './hash'
import { RecoveryBuilder, type Recovered } from './recovery'
import { Shard } from './shard'
import { TimeSlicer, yieldToEventLoop } from './slicer'

/**
 * The durable log: NeDB datastores under a data dir, one document per write,
 * keys spread over N shard files by hash (see document.ts for the format).
 *
 * Write path (writeBatch): the batch's documents are inserted, one NeDB insert
 * per touched shard (one appendFile each), in parallel; with `durable` each
 * touched file is then fsynced. Only then does the batch count as written.
 *
 * Cleanup path (after a batch is written, in the background, serialized):
 *   1. remove the versions the batch superseded (same shard as the new one);
 *   2. if the batch deleted keys: record the revision in meta.db, THEN purge
 *      the tombstones. Order matters: a tombstone may only go once no older
 *      version of its key remains, and once the revision it carried is kept
 *      elsewhere (else a restart after deleting the newest keys would reuse
 *      revisions);
 *   3. compact shards whose file has grown well past their live documents,
 *      one at a time, yielding between them.
 * Cleanup work that piles up while a pass runs is merged into the next pass.
 */

export interface PersistRecord {
  key: string
  revision: number
  /** The object's JSON; undefined for a delete (stored as a tombstone). */
  json: string | undefined
  /** The revision of the version this write supersedes (update, delete). */
  prevRevision: number | undefined
}

export interface PersistenceOptions {
  /** Data directory; undefined = in-memory NeDB datastores. */
  dir: string | undefined
  /** fsync touched files before a batch counts as written. */
  durable: boolean
  /** Shard count for a new data dir (an existing dir keeps its own). */
  shards: number
  /** Compact a shard when its garbage lines exceed live * compactRatio + compactSlack. */
  compactRatio: number
  compactSlack: number
  /** Shards loaded concurrently at open. */
  loadConcurrency: number
}

export interface PersistenceStats {
  shards: number
  /** Lines in all shard files. */
  lines: number
  /** Live documents (objects and not yet purged tombstones). */
  live: number
  /** Shard compactions run since open (not counting close). */
  compactions: number
  /** Bytes of torn trailing lines cut off at open. */
  tornBytes: number
}

const SHARD_FILE = /^shard-(\d+)-of-(\d+)\.db~?$/
const META_ID = 'revision'

function shardFileName(index: number, count: number): string {
  return `shard-${String(index).padStart(3, '0')}-of-${count}.db`
}

function pushTo(map: Map<number, string[]>, shard: number, id: string): void {
  const list = map.get(shard)
  if (list) list.push(id)
  else map.set(shard, [id])
}

interface CleanupWork {
  removals: Map<number, string[]>
  tombstones: Map<number, string[]>
  /** A revision >= every tombstone in the work. */
  revision: number
}

export class Persistence {
  private failure: Error | undefined
  private work: CleanupWork = { removals: new Map(), tombstones: new Map(), revision: 0 }
  private cleanupLoop: Promise<void> | undefined
  private compactions = 0
  private closed = false

  private constructor(
    private readonly options: PersistenceOptions,
    private readonly shards: Shard[],
    private readonly meta: Shard
  ) {}

  /** Opens (creating if needed) the data dir, loads every shard and recovers the state. */
  static async open(options: PersistenceOptions): Promise<{ persistence: Persistence; recovered: Recovered }> {
    const { dir } = options
    let count = options.shards
    if (dir) {
      await mkdir(dir, { recursive: true })
      const counts = new Set<number>()
      for (const name of await readdir(dir)) {
        const match = SHARD_FILE.exec(name)
        if (match) counts.add(Number(match[2]))
      }
      if (counts.size > 1) throw new Error(`storage: ${dir} holds shard files of different shard counts (${[...counts].join(', ')})`)
      if (counts.size === 1) count = [...counts][0]
    }
    if (!Number.isInteger(count) || count < 1) throw new Error(`storage: invalid shard count ${count}`)

    const meta = await Shard.open(dir ? join(dir, 'meta.db') : undefined)
    const metaDoc = meta.documents().find((d) => (d as { _id: string })._id === META_ID) as { r?: unknown } | undefined
    const metaRevision = typeof metaDoc?.r === 'number' ? metaDoc.r : 0

    const shards: Shard[] = new Array(count)
    let next = 0
    const loader = async (): Promise<void> => {
      while (next < count) {
        const i = next++
        shards[i] = await Shard.open(dir ? join(dir, shardFileName(i, count)) : undefined)
        await yieldToEventLoop()
      }
    }
    await Promise.all(Array.from({ length: Math.min(options.loadConcurrency, count) }, loader))

    const slicer = new TimeSlicer(10)
    const builder = new RecoveryBuilder()
    for (let i = 0; i < count; i++) {
      const docs = shards[i].documents()
      const where = dir ? join(dir, shardFileName(i, count)) : `shard ${i}`
      for (const doc of docs) assertStoredDoc(doc, where)
      builder.add(i, docs as StoredDoc[])
      if (slicer.due()) await slicer.yield()
    }
    const recovered = builder.finish(metaRevision)

    const persistence = new Persistence(options, shards, meta)
    // Ids of a dropped batch are above the recovered revision and would be
    // reused by the next writes: remove them before any new write.
    await persistence.removeEverywhere(recovered.discarded)
    if (recovered.stale.size > 0 || recovered.tombstones.size > 0) {
      persistence.mergeWork({ removals: recovered.stale, tombstones: recovered.tombstones, revision: recovered.revision })
    }
    return { persistence, recovered }
  }

  /** Which shard holds key's documents. */
  shardOf(key: string): number {
    return shardOf(key, this.shards.length)
  }

  /**
   * Persists one batch (records in revision order, consecutive revisions).
   * Resolves once every document is appended (and fsynced when durable).
   * Any failure is permanent: memory and disk may disagree, so every later
   * write fails too (the store must be reopened).
   */
  async writeBatch(records: readonly PersistRecord[]): Promise<void> {
    if (this.failure) throw this.failure
    if (this.closed) throw new Error('storage: persistence is closed')
    if (records.length === 0) return
    const first = records[0].revision
    const final: boolean[] = new Array(records.length).fill(false)
    const keys = new Set<string>()
    for (let i = records.length - 1; i >= 0; i--) {
      if (!keys.has(records[i].key)) {
        keys.add(records[i].key)
        final[i] = true
      }
    }
    const byShard = new Map<number, StoredDoc[]>()
    for (let i = 0; i < records.length; i++) {
      const { key, revision, json } = records[i]
      const doc: StoredDoc =
        json === undefined ? { _id: docId(key, revision), k: key, r: revision, d: true, b: first, n: keys.size } : { _id: docId(key, revision), k: key, r: revision, v: json, b: first, n: keys.size }
      if (final[i]) doc.f = 1
      const s = this.shardOf(key)
      const list = byShard.get(s)
      if (list) list.push(doc)
      else byShard.set(s, [doc])
    }
    try {
      await Promise.all(
        [...byShard].map(async ([s, docs]) => {
          await this.shards[s].insert(docs)
          if (this.options.durable) await this.shards[s].sync()
        })
      )
    } catch (error) {
      throw this.fail(error)
    }
    const work: CleanupWork = { removals: new Map(), tombstones: new Map(), revision: records[records.length - 1].revision }
    for (const { key, revision, json, prevRevision } of records) {
      if (prevRevision !== undefined) pushTo(work.removals, this.shardOf(key), docId(key, prevRevision))
      if (json === undefined) pushTo(work.tombstones, this.shardOf(key), docId(key, revision))
    }
    if (work.removals.size > 0 || work.tombstones.size > 0) this.mergeWork(work)
  }

  /** Resolves when no cleanup work is pending or running. */
  async whenIdle(): Promise<void> {
    while (this.cleanupLoop) await this.cleanupLoop
  }

  /** Compacts every shard that holds garbage, one at a time (for close, tests and benchmarks). */
  async compactAll(): Promise<void> {
    await this.whenIdle()
    for (const shard of this.shards) {
      if (shard.garbage > 0) {
        await shard.compact()
        await yieldToEventLoop()
      }
    }
    if (this.meta.garbage > 0) await this.meta.compact()
  }

  /** Finishes cleanup, compacts, and refuses further writes. NeDB holds no open files between operations. */
  async close(): Promise<void> {
    if (this.closed) return
    await this.whenIdle()
    if (!this.failure) await this.compactAll()
    this.closed = true
  }

  stats(): PersistenceStats {
    let lines = 0
    let live = 0
    let tornBytes = this.meta.tornBytes
    for (const shard of this.shards) {
      lines += shard.lines
      live += shard.live
      tornBytes += shard.tornBytes
    }
    return { shards: this.shards.length, lines, live, compactions: this.compactions, tornBytes }
  }

  private fail(error: unknown): Error {
    if (!this.failure) {
      this.failure = new Error(`storage: persistence failed, the store must be reopened: ${(error as Error)?.message ?? error}`, { cause: error })
    }
    return this.failure
  }

  private mergeWork(work: CleanupWork): void {
    for (const [s, ids] of work.removals) for (const id of ids) pushTo(this.work.removals, s, id)
    for (const [s, ids] of work.tombstones) for (const id of ids) pushTo(this.work.tombstones, s, id)
    this.work.revision = Math.max(this.work.revision, work.revision)
    this.cleanupLoop ??= this.runCleanup()
  }

  private async runCleanup(): Promise<void> {
    try {
      // Let the writes of this turn pile up: one pass then serves many batches.
      await yieldToEventLoop()
      while (!this.failure && (this.work.removals.size > 0 || this.work.tombstones.size > 0)) {
        const work = this.work
        this.work = { removals: new Map(), tombstones: new Map(), revision: 0 }
        await this.cleanup(work)
      }
    } catch (error) {
      this.fail(error)
    }
    // Cleared synchronously after the last check, so mergeWork never strands work.
    this.cleanupLoop = undefined
  }

  private async cleanup(work: CleanupWork): Promise<void> {
    await this.removeEverywhere(work.removals)
    if (work.tombstones.size > 0) {
      await this.meta.put({ _id: META_ID, r: work.revision } as { _id: string })
      if (this.options.durable) await this.meta.sync()
      await Promise.all([...work.tombstones].map(([s, ids]) => this.shards[s].remove(ids)))
    }
    for (const shard of this.shards) {
      if (shard.garbage > shard.live * this.options.compactRatio + this.options.compactSlack) {
        await shard.compact()
        this.compactions++
        await yieldToEventLoop()
      }
    }
    if (this.meta.garbage > 1000) await this.meta.compact()
  }

  /** Removes ids per shard, all shards in parallel; durable: fsynced before returning. */
  private async removeEverywhere(ids: Map<number, string[]>): Promise<void> {
    await Promise.all(
      [...ids].map(async ([s, list]) => {
        await this.shards[s].remove(list)
        if (this.options.durable) await this.shards[s].sync()
      })
    )
  }
}
