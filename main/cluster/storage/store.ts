import type { KubeObject } from '../apimachinery/types'
import { storedVersion, withResourceVersion } from './freeze'
import { GroupCommitter } from './group-commit'
import { WatchHistory } from './history'
import type { KeyIndex } from './key-index'
import type { ResolvedStoreOptions } from './options'
import type { DurableLog } from './durable-log'
import type { PersistenceStats, PersistRecord } from './persistence'
import type { Recovered } from './recovery'
import { StorageError, type ListResult, type Preconditions, type Store, type StoreEvent, type StoreEventType, type Watch, type WatchOptions } from './types'
import { WatcherIndex, type PrefixWatcher } from './watcher-index'

/**
 * The store: etcd semantics over an in-memory cache and a NeDB log.
 *
 * The log underneath (a DurableLog) is NeDB in a worker thread for a data
 * dir, in this thread for an in-memory store.
 *
 * A write runs synchronously up to its promise: preconditions are checked
 * against the cache, the next revision is assigned, the object is copied and
 * frozen (freeze.ts) and serialized for the log, and the cache is updated. So concurrent writers are
 * serialized in call order, deterministically, and every later read sees the
 * write. The promise resolves (acknowledgement) only once the group committer
 * has made the write's batch durable; right before that, the batch's events
 * enter the watch history and go to the watchers, in revision order. Watchers
 * therefore never see a change that a crash could still undo.
 *
 * A failed persist is fatal (fail-stop): the cache already holds writes the
 * disk may not, so every pending and later write is rejected with the cause
 * and the store must be reopened, which recovers exactly the durable state.
 */

/** With a log that takes several batches in flight: this many waiting writes leave as a batch at once. */
const PIPELINE_WRITES = 16

interface PendingWrite {
  record: PersistRecord
  event: StoreEvent
  resolve(object: KubeObject): void
  reject(error: unknown): void
}

class Watcher implements PrefixWatcher {
  /** Revision of the last event this watcher has been given (or its start revision). */
  lastDelivered: number
  /** A replay from history is still owed (it runs in a microtask, or earlier if a live event comes first). */
  replayPending = false
  stopped = false

  constructor(
    readonly prefix: string,
    fromRevision: number,
    readonly onEvent: (event: StoreEvent) => void
  ) {
    this.lastDelivered = fromRevision
  }
}

/** Store internals for tests, benchmarks and diagnostics. */
export interface StoreStats extends PersistenceStats {
  revision: number
  objects: number
  historyEvents: number
  oldestWatchableRevision: number
  watchers: number
  /** Set when an incomplete last batch was dropped at open. */
  droppedBatch?: Recovered['droppedBatch']
}

function checkPreconditions(key: string, current: KubeObject, preconditions: Preconditions | undefined): void {
  if (!preconditions) return
  const { uid, resourceVersion } = preconditions
  if (uid !== undefined && current.metadata.uid !== uid) {
    throw new StorageError('Conflict', key, `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${current.metadata.uid ?? ''}`)
  }
  if (resourceVersion !== undefined && current.metadata.resourceVersion !== resourceVersion) {
    throw new StorageError(
      'Conflict',
      key,
      `Precondition failed: ResourceVersion in precondition: ${resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion ?? ''}`
    )
  }
}

export class KubeStore implements Store {
  private assigned: number
  private readonly history: WatchHistory
  private readonly watchers = new WatcherIndex<Watcher>()
  private readonly replays = new Set<Watcher>()
  private readonly committer: GroupCommitter<PendingWrite>
  private failure: Error | undefined
  private state: 'open' | 'closing' | 'closed' = 'open'
  private closing: Promise<void> | undefined

  constructor(
    private readonly persistence: DurableLog,
    private readonly index: KeyIndex,
    revision: number,
    private readonly options: ResolvedStoreOptions,
    private readonly droppedBatch?: Recovered['droppedBatch']
  ) {
    this.assigned = revision
    this.history = new WatchHistory(revision, {
      minEvents: options.historyMinEvents,
      maxEvents: options.historyMaxEvents,
      windowMs: options.historyWindowMs,
      now: options.now
    })
    this.committer = new GroupCommitter<PendingWrite>({
      maxItems: options.maxBatchWrites,
      maxBytes: options.maxBatchBytes,
      sizeOf: (w) => (w.record.json?.length ?? 0) + w.record.key.length + 64,
      maxInFlight: persistence.maxBatchesInFlight,
      pipelineItems: PIPELINE_WRITES,
      persist: (batch) => {
        const written = this.persistence.writeBatch(batch.map((w) => w.record))
        // Once the log holds its copy, the text is let go: kept until the batch is durable (a worker's round
        // trip), a scale-up's JSON strings (~30 KB a pod) outlived scavenges, copied and promoted for nothing.
        if (this.persistence.copiesRecords) for (const w of batch) w.record.json = undefined
        return written
      },
      onDurable: (batch) => this.commit(batch),
      onIdle: () => this.persistence.settle(),
      onFailure: (error, items) => {
        this.failure ??= error instanceof Error ? error : new Error(String(error))
        for (const w of items) w.reject(this.failure)
      }
    })
  }

  get revision(): number {
    return this.assigned
  }

  get oldestWatchableRevision(): number {
    return this.history.oldestWatchableRevision
  }

  get(key: string): KubeObject | undefined {
    this.checkReadable(key)
    return this.index.get(key)
  }

  list(prefix: string): ListResult {
    this.checkReadable(prefix)
    return { items: this.index.list(prefix), revision: this.assigned }
  }

  count(prefix: string): number {
    this.checkReadable(prefix)
    return this.index.count(prefix)
  }

  create(key: string, object: KubeObject): Promise<KubeObject> {
    try {
      this.checkWritable(key)
      if (this.index.has(key)) throw new StorageError('KeyExists', key, `key ${key} already exists`)
      return this.write('ADDED', key, object, undefined)
    } catch (error) {
      return Promise.reject(error)
    }
  }

  update(key: string, object: KubeObject, preconditions?: Preconditions): Promise<KubeObject> {
    try {
      this.checkWritable(key)
      const current = this.index.get(key)
      if (!current) throw new StorageError('KeyNotFound', key, `key ${key} not found`)
      checkPreconditions(key, current, preconditions)
      return this.write('MODIFIED', key, object, current)
    } catch (error) {
      return Promise.reject(error)
    }
  }

  delete(key: string, preconditions?: Preconditions): Promise<KubeObject> {
    try {
      this.checkWritable(key)
      const current = this.index.get(key)
      if (!current) throw new StorageError('KeyNotFound', key, `key ${key} not found`)
      checkPreconditions(key, current, preconditions)
      return this.write('DELETED', key, undefined, current)
    } catch (error) {
      return Promise.reject(error)
    }
  }

  watch(prefix: string, options: WatchOptions, onEvent: (event: StoreEvent) => void): Watch {
    if (this.state !== 'open') throw new StorageError('Closed', prefix, 'storage is closed')
    const from = options.fromRevision ?? this.assigned
    if (!Number.isSafeInteger(from) || from < 0) throw new TypeError(`storage: invalid fromRevision ${from}`)
    const oldest = this.history.oldestWatchableRevision
    if (from < oldest) {
      throw new StorageError('Expired', prefix, `too old resource version: ${from} (${oldest})`, oldest)
    }
    const watcher = new Watcher(prefix, from, onEvent)
    this.watchers.add(watcher)
    if (from < this.history.lastRevision) {
      // Replay asynchronously, so the caller holds the Watch handle before the
      // first callback; a live event arriving first triggers the replay itself.
      watcher.replayPending = true
      this.replays.add(watcher)
      queueMicrotask(() => this.replay(watcher))
    }
    return { stop: () => this.stopWatcher(watcher) }
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      this.state = 'closing'
      await this.committer.whenIdle()
      for (const watcher of this.watchers.all()) this.stopWatcher(watcher)
      await this.persistence.close()
      this.state = 'closed'
    })()
    return this.closing
  }

  /** Resolves when every write handed in so far is durable and background cleanup is done. */
  async flush(): Promise<void> {
    await this.committer.whenIdle()
    await this.persistence.whenIdle()
  }

  /** Resolves when NeDB has loaded every shard file (the cache serves reads before that). */
  async whenLoaded(): Promise<void> {
    await this.persistence.loadAll()
  }

  /** Compacts every shard file now (close does this too). */
  async compact(): Promise<void> {
    await this.committer.whenIdle()
    await this.persistence.compactAll()
  }

  stats(): StoreStats {
    return {
      ...this.persistence.stats(),
      revision: this.assigned,
      objects: this.index.size,
      historyEvents: this.history.size,
      oldestWatchableRevision: this.history.oldestWatchableRevision,
      watchers: this.watchers.size,
      droppedBatch: this.droppedBatch
    }
  }

  private checkReadable(key: string): void {
    if (this.state === 'closed') throw new StorageError('Closed', key, 'storage is closed')
  }

  private checkWritable(key: string): void {
    if (this.state !== 'open') throw new StorageError('Closed', key, 'storage is closed')
    if (this.failure) throw this.failure
    if (typeof key !== 'string' || key.length === 0) throw new TypeError('storage: key must be a non-empty string')
  }

  /** Applies a write to memory now and queues it for persistence; resolves once durable. */
  private write(type: StoreEventType, key: string, object: KubeObject | undefined, prev: KubeObject | undefined): Promise<KubeObject> {
    const revision = this.assigned + 1
    // storedVersion may throw (not JSON-able): before the revision is taken, so no gap.
    const stored = type === 'DELETED' ? withResourceVersion(prev!, revision) : storedVersion(object!, revision)
    this.assigned = revision
    if (type === 'DELETED') this.index.delete(key)
    else this.index.set(key, stored)
    const event: StoreEvent = Object.freeze(prev ? { type, key, revision, object: stored, prevObject: prev } : { type, key, revision, object: stored })
    const prevRevision = prev ? Number(prev.metadata.resourceVersion) : undefined
    // Serialized here, in the writer's own turn, once: the log writes this
    // text, the batch is sized by it, and handing it to the persistence
    // worker copies one string instead of cloning the object's tree.
    const json = type === 'DELETED' ? undefined : JSON.stringify(stored)
    return new Promise<KubeObject>((resolve, reject) => {
      this.committer.add({ record: { key, revision, json, prevRevision }, event, resolve, reject })
    })
  }

  /** A durable batch: into history, out to watchers, then acknowledged. */
  private commit(batch: PendingWrite[]): void {
    // Owed replays first: they cover history up to the previous batch, and
    // history may be trimmed by this append.
    for (const watcher of [...this.replays]) this.replay(watcher)
    const events = batch.map((w) => w.event)
    this.history.append(events)
    for (const event of events) this.watchers.forEachMatch(event.key, (watcher) => this.deliver(watcher, event))
    for (const w of batch) w.resolve(w.event.object)
  }

  private deliver(watcher: Watcher, event: StoreEvent): void {
    if (watcher.stopped) return
    if (watcher.replayPending) this.replay(watcher)
    if (event.revision <= watcher.lastDelivered) return
    watcher.lastDelivered = event.revision
    this.call(watcher, event)
  }

  private replay(watcher: Watcher): void {
    if (!watcher.replayPending) return
    watcher.replayPending = false
    this.replays.delete(watcher)
    this.history.forEachAfter(watcher.lastDelivered, (event) => {
      if (watcher.stopped || !event.key.startsWith(watcher.prefix)) return
      watcher.lastDelivered = event.revision
      this.call(watcher, event)
    })
    watcher.lastDelivered = Math.max(watcher.lastDelivered, this.history.lastRevision)
  }

  private call(watcher: Watcher, event: StoreEvent): void {
    try {
      watcher.onEvent(event)
    } catch (error) {
      try {
        this.options.onWatchError(error, event)
      } catch {
        // A throwing error handler must not break delivery either.
      }
    }
  }

  private stopWatcher(watcher: Watcher): void {
    watcher.stopped = true
    this.watchers.delete(watcher)
    this.replays.delete(watcher)
  }
}
