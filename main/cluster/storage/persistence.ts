import { mkdir, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { AppendQueue } from './append-queue'
import { Cleaner, META_ID, pushTo, removeShardByShard, type CleanupWork, type Tombstone } from './cleanup'
import { docId, storedDoc, type StoredDoc } from './document'
import type { DurableLog } from './durable-log'
import { RecoveryBuilder, type ApplyVersion, type Recovered } from './recovery'
import { Shard } from './shard'
import { TimeSlicer, yieldToEventLoop } from './slicer'

/**
 * The durable log: NeDB datastores under a data dir (shard-NNN-of-N.db plus
 * meta.db), one document per write (see document.ts for the format).
 *
 * Shards: NeDB's whole-file steps (the rewrite after loading, compaction)
 * serialize every document of a file without yielding, about 8 us per
 * pod-sized document. 128 shards (the default for a new dir) keep a shard
 * near 800 documents at 100,000 objects, so each such step stays under about
 * 10 ms; 32 shards measured ~30 ms steps and an event-loop delay p99 over
 * 20 ms during compaction. The count is fixed per data dir (in the file names).
 *
 * Start-up: our own reader (reader.ts) reads every shard file and rebuilds
 * the state (recovery.ts), so the cache serves reads before NeDB has loaded
 * anything; NeDB then loads the shards one by one in the background
 * (loadAll). Batches go to loaded shards; any operation on a shard waits for
 * its load.
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
 * `durable` the file is then fsynced. Only then is the batch written. What
 * the batch superseded is removed later, in the background (cleanup.ts).
 *
 * Compaction: a shard whose file has grown well past its live documents
 * (garbage lines > live * compactRatio + compactSlack) is rewritten by NeDB,
 * one shard at a time, yielding between shards.
 */

export interface PersistRecord {
  key: string
  revision: number
  /**
   * The stored object's JSON, written by the store when it takes the write
   * (a string crosses to the persistence worker as one copy, where the
   * object would be structured-cloned node by node, and its length sizes
   * the batch); undefined for a delete (stored as a tombstone).
   */
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
  /** Has NeDB loaded every shard (see loadAll)? */
  fullyLoaded: boolean
  /** fsyncs done before acknowledging batches (durable mode) since open. */
  batchSyncs: number
  /**
   * The persistence worker's V8 heap (bytes used, and its size), as of its
   * latest reply; absent when persistence runs on the main thread. NeDB holds
   * every live document there: the part of RSS the main thread's heap
   * figures do not show.
   */
  workerHeap?: { used: number; total: number }
}

const SHARD_FILE = /^shard-(\d+)-of-(\d+)\.db~?$/
/** Most records appended together when batches wait behind an append. */
const MAX_JOINED_RECORDS = 2_000
/** locations pack (revision, shard) as revision * SHARD_SLOTS + shard. */
const SHARD_SLOTS = 1024

function shardFileName(index: number, count: number): string {
  return `shard-${String(index).padStart(3, '0')}-of-${count}.db`
}

export class Persistence implements DurableLog {
  private failure: Error | undefined
  private readonly cleaner: Cleaner
  private compactions = 0
  private batchSyncs = 0
  private readonly appends = new AppendQueue<PersistRecord>((records) => this.appendBatch(records), MAX_JOINED_RECORDS)
  /** In this thread a batch's append holds the thread anyway: more in flight gains nothing. */
  readonly maxBatchesInFlight = 1
  /** Records are appended later, from the queue: the store keeps them until the batch is durable. */
  readonly copiesRecords = false
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
  ) {
    this.cleaner = new Cleaner({
      shards,
      meta,
      durable: options.durable,
      purged: ({ key, revision, shard }) => {
        // Forget the key unless it has been written again since.
        if (this.locations.get(key) === revision * SHARD_SLOTS + shard) this.locations.delete(key)
      },
      afterPass: () => this.compactWhereNeeded(),
      fail: (error) => this.fail(error),
      failed: () => this.failure !== undefined
    })
  }

  /**
   * Opens (creating if needed) the data dir, reads every shard and recovers
   * the state: `apply` receives each key's newest version as it is found (the
   * cache fills while reading); `drain`, if given, is awaited after each shard
   * (the worker waits there for the main thread to catch up). NeDB loads the
   * shards later (loadAll).
   */
  static async open(options: PersistenceOptions, apply: ApplyVersion, drain?: () => Promise<void>): Promise<{ persistence: Persistence; recovered: Recovered }> {
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
        if (drain) await drain()
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
    await removeShardByShard(shards, recovered.discarded, options.durable)
    if (recovered.stale.size > 0 || tombstones.length > 0) {
      persistence.cleaner.add({ removals: recovered.stale, tombstones, revision: recovered.revision })
      persistence.cleaner.settle()
    }
    return { persistence, recovered }
  }

  /**
   * Persists one batch (records in revision order, consecutive revisions).
   * Resolves once every document is appended (and fsynced when durable).
   * Batches are appended one after another, in call order, those waiting
   * behind an append joined into one (append-queue.ts). Any
   * failure is permanent: memory and disk may disagree, so every later write
   * fails too (the store must be reopened).
   */
  writeBatch(records: readonly PersistRecord[]): Promise<void> {
    return this.appends.push(records)
  }

  private async appendBatch(records: readonly PersistRecord[]): Promise<void> {
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
      const doc = storedDoc(key, revision, first, json)
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
      if (this.options.durable) {
        await this.shards[s].sync()
        this.batchSyncs++
      }
    } catch (error) {
      throw this.fail(error)
    }
    if (work.removals.size > 0 || work.tombstones.length > 0) this.cleaner.add(work)
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
    this.cleaner.settle()
  }

  /** Runs all collected cleanup work; resolves when none is pending or running. */
  whenIdle(): Promise<void> {
    return this.cleaner.whenIdle()
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
    return { shards: this.shards.length, lines, live, compactions: this.compactions, tornBytes, fullyLoaded: this.fullyLoaded, batchSyncs: this.batchSyncs }
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

  /** After a cleanup pass: compact the shards that have grown well past their live documents. */
  private async compactWhereNeeded(): Promise<void> {
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
}
