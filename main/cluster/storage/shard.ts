import Datastore from 'nedb-promises'
import { open } from 'node:fs/promises'
import { blockingIo, datasyncBlocking } from './blocking-io'
import type { StoredDoc } from './document'
import { readDatafile } from './reader'
import type { TimeSlicer } from './slicer'
import { prepareDatafile } from './torn-tail'

/**
 * One NeDB datastore file (or an in-memory datastore). Shards exist because
 * NeDB's whole-file operations (load, the rewrite it does right after loading,
 * compaction) run their per-document work without yielding; splitting 100,000
 * documents over many files keeps each of those steps short.
 *
 * Start-up reads the file with our own reader (reader.ts) to fill the cache;
 * NeDB loads it afterwards, on first use or from the background loader. Every
 * write goes through NeDB, and waits for its load.
 *
 * The shard counts the lines its file holds (appended inserts and `$$deleted`
 * markers since the last rewrite) against its live documents, so the owner
 * can compact only files that have grown well past their content.
 */

/** The parts of @seald-io/nedb's Datastore (behind nedb-promises) that nedb-promises does not expose. */
interface RawDatastore {
  getAllData(): unknown[]
  compactDatafileAsync(): Promise<void>
}

/** How many ids one remove() query carries: NeDB's $in matching is O(ids) per candidate. */
const REMOVE_CHUNK = 64

export class Shard {
  private readonly ds: Datastore<{ _id: string }>
  private loading: Promise<void> | undefined
  private isLoaded = false
  /** Lines in the data file (0 in memory). */
  lines = 0
  /** Live documents. */
  live = 0
  /** Bytes of a torn last line cut off at start-up. */
  tornBytes = 0

  /** file undefined = in memory. No I/O until prepare/read/load. */
  constructor(readonly file: string | undefined) {
    // corruptAlertThreshold 0: we remove the one kind of corruption that is
    // expected (a torn last line); anything else must stop start-up.
    this.ds = Datastore.create(file ? { filename: file, corruptAlertThreshold: 0 } : { inMemoryOnly: true })
  }

  private get raw(): RawDatastore {
    return (this.ds as unknown as { __original: RawDatastore }).__original
  }

  /** Has NeDB loaded this shard? */
  get loaded(): boolean {
    return this.isLoaded
  }

  /** Start-up, before NeDB loads the file: applies NeDB's `~` rule and cuts a torn last line. */
  async repair(): Promise<void> {
    if (this.file) this.tornBytes = await prepareDatafile(this.file)
  }

  /** Start-up: repair(), then reads the documents with our reader (before NeDB loads). */
  async read(slicer: TimeSlicer): Promise<StoredDoc[]> {
    if (!this.file) return []
    await this.repair()
    const { docs, lines } = await readDatafile(this.file, slicer)
    this.lines = lines
    this.live = docs.length
    return docs
  }

  /** Loads the shard into NeDB (once; later calls share the first). */
  load(): Promise<void> {
    this.loading ??= (async () => {
      try {
        await this.ds.load()
      } catch (error) {
        throw new Error(`storage: cannot load ${this.file ?? 'in-memory shard'}: ${(error as Error).message}`, { cause: error })
      }
      // NeDB rewrote the file with exactly its live documents while loading.
      this.live = this.raw.getAllData().length
      this.lines = this.file ? this.live : 0
      this.isLoaded = true
    })()
    return this.loading
  }

  /** The documents NeDB holds (after load; NeDB's own objects: read, never modify). */
  documents(): unknown[] {
    return this.raw.getAllData()
  }

  /** Appends docs in one insert (one appendFile). */
  async insert(docs: object[]): Promise<void> {
    await this.load()
    await this.ds.insert(docs)
    this.live += docs.length
    if (this.file) this.lines += docs.length
  }

  /** Replaces (or creates) the document with doc._id: one appended line. */
  async put(doc: { _id: string }): Promise<void> {
    await this.load()
    await this.ds.update({ _id: doc._id }, doc, { upsert: true })
    // Only used for the tiny meta file: counting is cheap there.
    this.live = await this.ds.count({})
    if (this.file) this.lines++
  }

  /** Removes the documents with these ids (absent ids are ignored). */
  async remove(ids: readonly string[]): Promise<void> {
    await this.load()
    for (let i = 0; i < ids.length; i += REMOVE_CHUNK) {
      const n = await this.ds.remove({ _id: { $in: ids.slice(i, i + REMOVE_CHUNK) } }, { multi: true })
      this.live -= n
      if (this.file) this.lines += n
    }
  }

  /** fsync: everything appended so far reaches the disk, not just the OS. */
  async sync(): Promise<void> {
    if (!this.file) return
    if (blockingIo()) return datasyncBlocking(this.file)
    const handle = await open(this.file, 'r+')
    try {
      await handle.datasync()
    } finally {
      await handle.close()
    }
  }

  /** Lines that are not live documents. */
  get garbage(): number {
    return this.lines - this.live
  }

  /** Rewrites the file with only the live documents (NeDB writes `file~`, fsyncs, renames). */
  async compact(): Promise<void> {
    if (!this.file) return
    await this.load()
    await this.raw.compactDatafileAsync()
    this.lines = this.live
  }
}
