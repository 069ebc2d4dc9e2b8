import { mkdir, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { docId, type StoredDoc } from './document'
import { RecoveryBuilder, type ApplyVersion, type Recovered } from './recovery'
import { Shard } from './shard'
import { TimeSlicer, yieldToEventLoop } from './slicer'

/**
 * The durable log: NeDB datastores under a data dir (shard-NNN-of-N.db plus
 * meta.db), one document per write (see document.ts for the format).
 *
 * Placement: a whole batch goes to ONE shard, the next in rotation (skipping
 * a shard that is being compacted). The issue suggested placing documents by
 * hash of key; measured at 64 concurrent writers and 32 shards, that makes
 * nearly every write of a batch its own appendFile (open, write, close), and
 * those per-file round trips, not the bytes, bound the write rate. One
 * appendFile per batch keeps acknowledgement latency to a single file
 * operation (and, when durable, a single fsync). The price is that a key's
 * versions can sit in different shards, so we remember where each key's
 * current version lives (`locations`: key -> revision and shard, packed in
 * one number) to remove it once superseded. Recovery does not care where a
 * document is: per key, the highest revision wins, across all shards. Shards
 * stay balanced because every shard receives every N-th batch and loses the
 * versions those batches supersede.
 *
 * Write path (writeBatch): one NeDB insert of the batch's documents; with
 * `durable` the file is then fsynced. Only then is the batch written.
 *
 * Cleanup path (in the background, serialized). Work is collected per batch
 * and a pass runs once enough has piled up (CLEANUP_BATCH removals) or when
 * the writers pause (settle()): each pass costs an appendFile per shard it
 * touches, so passes should be few and large. A pass:
 *   1. remove the versions the batch superseded;
 *   2. if the batch deleted keys: record the revision in meta.db, THEN purge
 *      the tombstones. A tombstone may only go once no older version of its
 *      key remains, and once the revision it carried is kept elsewhere (else
 *      a restart after deleting the newest keys would reuse revisions);
 *   3. compact shards whose file has grown well past their live documents,
 *      one at a time, yielding between them.
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
  /** fsync the written file before a batch counts as written. */
  durable: boolean
  /** Shard count for a new data dir (an existing dir keeps its own). */
  shards: number
  /** Compact a shard when its garbage lines exceed live * compactRatio + compactSlack. */
  compactRatio: number
  compactSlack: number
  /** Shard files read concurrently at open. */
  loadConcurrency: number
}

export interface PersistenceStats {
  shards: number
  /** Lines in all shard files. */
  lines: number
  /** Live documents (objects and not yet purged tombstones). */
  live: number
  /** Shard compactions run since open (not counting close or compactAll). */
  compactions: number
  /** Bytes of torn trailing lines cut off at open. */
  tornBytes: number
}

/** Superseded versions to collect before a cleanup pass runs while writes keep coming. */
const CLEANUP_BATCH = 4096
const SHARD_FILE = /^shard-(\d+)-of-(\d+)\.db~?$/
const META_ID = 'revision'
/** locations pack (revision, shard) as revision * SHARD_SLOTS + shard. */
const SHARD_SLOTS = 1024

function shardFileName(index: number, count: number): string {
  return `shard-${String(index).padStart(3, '0')}-of-${count}.db`
}

function pushTo(map: Map<number, string[]>, shard: number, id: string): void {
  const list = map.get(shard)
  if (list) list.push(id)
  else map.set(shard, [id])
}

interface Tombstone {
  key: string
  revision: number
  shard: number
}

interface CleanupWork {
  /** Per shard: ids of superseded versions. */
  removals: Map<number, string[]>
  tombstones: Tombstone[]
  /** A revision >= every tombstone in the work. */
  revision: number
}

function emptyWork(): CleanupWork {
  return { removals: new Map(), tombstones: [], revision: 0 }
}

export class Persistence {
  private failure: Error | undefined
  private work = emptyWork()
  /** Ids in `work`. */
  private pending = 0
  /** settle() asked for a pass regardless of how little is pending. */
  private settling = false
  private cleanupLoop: Promise<void> | undefined
  private compactions = 0
  private closed = false
  private nextShard = 0
  /** Shards being compacted: new batches go elsewhere instead of queueing behind the rewrite. */
  private readonly compacting = new Set<number>()
  /** key -> revision * SHARD_SLOTS + shard of the key's newest document (object or unpurged tombstone). */
  private readonly locations = new Map<string, number>()
  /** The background NeDB loader (see loadAll). */
  private loader: Promise<void> | undefined
  private stopLoading = false

  private constructor(
    private readonly options: PersistenceOptions,
    private readonly shards: Shard[],
    private readonly meta: Shard
  ) {}

  /**
   * Opens (creating if needed) the data dir, reads every shard and recovers
   * the state: `apply` receives each key's newest version as it is found (the
   * cache fills while reading). NeDB loads the shards later (loadAll).
   */
  static async open(options: PersistenceOptions, apply: ApplyVersion): Promise<{ persistence: Persistence; recovered: Recovered }> {
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
    if (!Number.isInteger(count) || count < 1 || count > SHARD_SLOTS) throw new Error(`storage: invalid shard count ${count}`)

    const slicer = new TimeSlicer(10)
    const meta = new Shard(dir ? join(dir, 'meta.db') : undefined)
    await meta.repair()
    await meta.load()
    const metaDoc = meta.documents().find((d) => (d as { _id: string })._id === META_ID) as { r?: unknown } | undefined
    const metaRevision = typeof metaDoc?.r === 'number' ? metaDoc.r : 0

    // Read the shard files ourselves (reader.ts); NeDB loads them later.
    const shards = Array.from({ length: count }, (_, i) => new Shard(dir ? join(dir, shardFileName(i, count)) : undefined))
    const builder = new RecoveryBuilder(apply)
    let next = 0
    const reader = async (): Promise<void> => {
      while (next < count) {
        const i = next++
        await builder.add(i, await shards[i].read(slicer), slicer)
      }
    }
    await Promise.all(Array.from({ length: Math.min(options.loadConcurrency, count) }, reader))
    const recovered = builder.finish(metaRevision)

    const persistence = new Persistence(options, shards, meta)
    const tombstones: Tombstone[] = []
    for (const { key, revision, shard, tombstone } of recovered.winners) {
      persistence.locations.set(key, revision * SHARD_SLOTS + shard)
      if (tombstone) tombstones.push({ key, revision, shard })
      if (slicer.due()) await slicer.yield()
    }
    // Ids of a dropped batch are above the recovered revision and would be
    // reused by the next writes: remove them before any new write.
    await persistence.removeEverywhere(recovered.discarded)
    if (recovered.stale.size > 0 || tombstones.length > 0) {
      persistence.mergeWork({ removals: recovered.stale, tombstones, revision: recovered.revision })
      persistence.settle()
    }
    return { persistence, recovered }
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
    const s = this.pickShard()
    const first = records[0].revision
    const final: boolean[] = new Array(records.length).fill(false)
    const keys = new Set<string>()
    for (let i = records.length - 1; i >= 0; i--) {
      if (!keys.has(records[i].key)) {
        keys.add(records[i].key)
        final[i] = true
      }
    }
    const docs: StoredDoc[] = new Array(records.length)
    const work: CleanupWork = { removals: new Map(), tombstones: [], revision: records[records.length - 1].revision }
    for (let i = 0; i < records.length; i++) {
      const { key, revision, json, prevRevision } = records[i]
      const doc: StoredDoc = json === undefined ? { _id: docId(key, revision), d: true, b: first } : { _id: docId(key, revision), v: json, b: first }
      if (final[i]) doc.f = keys.size
      docs[i] = doc
      if (prevRevision !== undefined) {
        const at = this.locations.get(key)
        if (at === undefined || Math.floor(at / SHARD_SLOTS) !== prevRevision) {
          throw this.fail(new Error(`storage: ${key}@${prevRevision} superseded but its location is unknown`))
        }
        pushTo(work.removals, at % SHARD_SLOTS, docId(key, prevRevision))
      }
      if (json === undefined) work.tombstones.push({ key, revision, shard: s })
      this.locations.set(key, revision * SHARD_SLOTS + s)
    }
    try {
      await this.shards[s].insert(docs)
      if (this.options.durable) await this.shards[s].sync()
    } catch (error) {
      throw this.fail(error)
    }
    if (work.removals.size > 0 || work.tombstones.length > 0) this.mergeWork(work)
  }

  /**
   * Loads every shard into NeDB, one at a time, in the background: the cache
   * is already serving (built by our reader), writes go to shards already
   * loaded, and each NeDB load blocks the event loop only briefly (a shard is
   * small). Resolves when all are loaded (or close() stopped it).
   */
  loadAll(): Promise<void> {
    this.loader ??= (async () => {
      for (const shard of this.shards) {
        if (this.stopLoading || this.failure) return
        try {
          await shard.load()
        } catch (error) {
          this.fail(error)
          return
        }
        await yieldToEventLoop()
      }
    })()
    return this.loader
  }

  /** Has NeDB loaded every shard? */
  get fullyLoaded(): boolean {
    return this.shards.every((s) => s.loaded)
  }

  /** The writers paused: clean up whatever has been collected. */
  settle(): void {
    if (this.pending === 0) return
    this.settling = true
    this.cleanupLoop ??= this.runCleanup()
  }

  /** Runs all collected cleanup work; resolves when none is pending or running. */
  async whenIdle(): Promise<void> {
    this.settle()
    while (this.cleanupLoop) await this.cleanupLoop
  }

  /**
   * Compacts every loaded shard that holds garbage, one at a time (for close,
   * tests and benchmarks). A shard NeDB has not loaded yet was not written
   * since start-up, and NeDB's load rewrites it anyway.
   */
  async compactAll(): Promise<void> {
    await this.whenIdle()
    for (let i = 0; i < this.shards.length; i++) {
      if (this.shards[i].loaded && this.shards[i].garbage > 0) await this.compactShard(i)
    }
    if (this.meta.garbage > 0) await this.meta.compact()
  }

  /** Finishes cleanup, compacts, and refuses further writes. NeDB holds no open files between operations. */
  async close(): Promise<void> {
    if (this.closed) return
    this.stopLoading = true
    await this.loader
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

  /** The next shard in rotation that NeDB has loaded and that is not being compacted (else just the next). */
  private pickShard(): number {
    const n = this.shards.length
    for (let tries = 0; tries < n; tries++) {
      const s = (this.nextShard + tries) % n
      if (this.shards[s].loaded && !this.compacting.has(s)) {
        this.nextShard = (s + 1) % n
        return s
      }
    }
    const s = this.nextShard
    this.nextShard = (s + 1) % n
    return s
  }

  private fail(error: unknown): Error {
    if (!this.failure) {
      this.failure = new Error(`storage: persistence failed, the store must be reopened: ${(error as Error)?.message ?? error}`, { cause: error })
    }
    return this.failure
  }

  private mergeWork(work: CleanupWork): void {
    for (const [s, ids] of work.removals) {
      for (const id of ids) pushTo(this.work.removals, s, id)
      this.pending += ids.length
    }
    for (const t of work.tombstones) this.work.tombstones.push(t)
    this.pending += work.tombstones.length
    this.work.revision = Math.max(this.work.revision, work.revision)
    if (this.pending >= CLEANUP_BATCH) this.cleanupLoop ??= this.runCleanup()
  }

  private async runCleanup(): Promise<void> {
    try {
      await yieldToEventLoop()
      while (!this.failure && (this.pending >= CLEANUP_BATCH || (this.settling && this.pending > 0))) {
        const work = this.work
        this.work = emptyWork()
        this.pending = 0
        this.settling = false
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
    if (work.tombstones.length > 0) {
      await this.meta.put({ _id: META_ID, r: work.revision } as { _id: string })
      if (this.options.durable) await this.meta.sync()
      const purge = new Map<number, string[]>()
      for (const { key, revision, shard } of work.tombstones) pushTo(purge, shard, docId(key, revision))
      await this.removeEverywhere(purge, false)
      for (const { key, revision, shard } of work.tombstones) {
        // Forget the key unless it has been written again since.
        if (this.locations.get(key) === revision * SHARD_SLOTS + shard) this.locations.delete(key)
      }
    }
    for (let i = 0; i < this.shards.length; i++) {
      const shard = this.shards[i]
      if (shard.loaded && shard.garbage > shard.live * this.options.compactRatio + this.options.compactSlack) {
        await this.compactShard(i)
        this.compactions++
      }
    }
    if (this.meta.garbage > 1000) await this.meta.compact()
  }

  private async compactShard(i: number): Promise<void> {
    this.compacting.add(i)
    try {
      await this.shards[i].compact()
    } finally {
      this.compacting.delete(i)
    }
    await yieldToEventLoop()
  }

  /**
   * Removes ids shard by shard, yielding between shards. Not in parallel: the
   * synchronous part of a NeDB remove (matching, index updates, serializing
   * the markers) runs before its first I/O, so removes started together on
   * 128 shards would run back to back in one long turn of the event loop.
   * With `sync` (durable mode) each touched file is fsynced before returning.
   */
  private async removeEverywhere(ids: Map<number, string[]>, sync = this.options.durable): Promise<void> {
    for (const [s, list] of ids) {
      await this.shards[s].remove(list)
      if (sync) await this.shards[s].sync()
      await yieldToEventLoop()
    }
  }
}
