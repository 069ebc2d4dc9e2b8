import type { KubeObject } from '../apimachinery/types'
import type { Clock, Timer } from '../clock/types'
import type { ResourceClient } from './types'
import { Indexer, type IndexFunc } from './indexer'
import { defaultIndexers } from './indexer-builtins'
import { keyOf, objectKey, type ObjectWithMeta } from './indexer-keys'
import { silentLogger, type Logger } from './controller-logger'
import { diffList } from './informer-diff'
import { HandlerSet, type EventHandlers } from './informer-handlers'
import { Reflector, type ReflectorSink } from './informer-reflector'

export type { EventHandlers } from './informer-handlers'

export interface InformerOptions<T extends ObjectWithMeta = KubeObject> {
  client: ResourceClient<T>
  clock: Clock
  /** Watch one namespace; undefined watches all (and cluster-scoped kinds). */
  namespace?: string
  labelSelector?: string
  fieldSelector?: string
  /** Re-deliver onUpdate(obj, obj) for every cached object this often (ms); 0 or undefined: never. */
  resyncPeriod?: number
  /** Indexes in addition to the built-in ones (namespace, label, spec.nodeName, ownerUid). */
  indexers?: Record<string, IndexFunc<T>>
  /** Used in log messages, e.g. "pods". */
  name?: string
  logger?: Logger
}

/**
 * Keeps a local, indexed copy of one resource collection and tells handlers
 * about changes (client-go's shared index informer). A Reflector lists and
 * watches; this class applies what it learns to the cache, then tells the
 * handlers. A re-list (after 410 Expired) is delivered as the difference from
 * the cache: adds, updates (changed resourceVersion) and deletes. The resync
 * timer is a background one: it never drives an instant clock.
 */
export class Informer<T extends ObjectWithMeta = KubeObject> {
  private readonly indexer: Indexer<T>
  private readonly handlers: HandlerSet<T>
  private readonly reflector: Reflector<T>
  private resyncTimer: Timer | undefined
  private started = false
  private stopped = false
  private synced = false
  private syncWaiters: Array<(synced: boolean) => void> = []

  constructor(private readonly options: InformerOptions<T>) {
    const logger = options.logger ?? silentLogger
    const label = options.name ?? 'informer'
    this.indexer = new Indexer<T>({ ...defaultIndexers(), ...options.indexers })
    this.handlers = new HandlerSet<T>(label, logger)
    const sink: ReflectorSink<T> = {
      replace: (items) => this.replace(items),
      upsert: (obj) => this.upsert(obj),
      remove: (obj) => this.remove(obj)
    }
    this.reflector = new Reflector<T>({ ...options, label, logger }, sink)
  }

  /**
   * Subscribes to changes. A handler added after the cache filled first gets
   * onAdd for every cached object, so late subscribers miss nothing.
   * Returns the unsubscribe function.
   */
  addEventHandler(handlers: EventHandlers<T>): () => void {
    const unsubscribe = this.handlers.add(handlers)
    if (this.synced) for (const obj of this.indexer.list()) this.handlers.added(obj, handlers)
    return unsubscribe
  }

  /** Adds indexes (objects already cached are indexed at once). */
  addIndexers(indexers: Record<string, IndexFunc<T>>): void {
    this.indexer.addIndexers(indexers)
  }

  /** Whether an index of that name exists (components sharing an informer add theirs once). */
  hasIndex(name: string): boolean {
    return this.indexer.hasIndex(name)
  }

  /** Starts listing and watching; idempotent. An informer runs once: it cannot be started again after stop(). */
  start(): void {
    if (this.started || this.stopped) return
    this.started = true
    this.reflector.start()
  }

  /** Stops the watch and the resync; waitForSync() callers still waiting get false. */
  stop(): void {
    if (this.stopped) return
    this.stopped = true
    this.reflector.stop()
    this.resyncTimer?.cancel()
    this.settleSync(false)
  }

  /** Whether the first list has been delivered to the cache. */
  hasSynced(): boolean {
    return this.synced
  }

  /** Resolves true once the first list is cached, false if the informer stops first. */
  waitForSync(): Promise<boolean> {
    if (this.synced) return Promise.resolve(true)
    if (this.stopped) return Promise.resolve(false)
    return new Promise((resolve) => this.syncWaiters.push(resolve))
  }

  /** The cached object with that key (`namespace/name`, or `name` for cluster-scoped kinds). */
  get(key: string): T | undefined {
    return this.indexer.get(key)
  }

  /** The cached object with that namespace and name. */
  getByName(namespace: string | undefined, name: string): T | undefined {
    return this.indexer.get(keyOf(namespace, name))
  }

  /** Every cached object. */
  list(): T[] {
    return this.indexer.list()
  }

  /** The cached objects under value in the named index (see IndexNames). */
  byIndex(indexName: string, value: string): T[] {
    return this.indexer.byIndex(indexName, value)
  }

  /** The resourceVersion the cache reflects. */
  lastSyncResourceVersion(): string {
    return this.reflector.lastResourceVersion()
  }

  private upsert(obj: T): void {
    const old = this.indexer.upsert(obj)
    if (old) this.handlers.updated(old, obj)
    else this.handlers.added(obj)
  }

  private remove(obj: T): void {
    // A delete of something never cached is nothing to tell.
    if (this.indexer.delete(objectKey(obj))) this.handlers.deleted(obj)
  }

  /** Makes the cache equal to a fresh list and tells the handlers what changed. */
  private replace(items: T[]): void {
    const diff = diffList(this.indexer, items)
    for (const obj of diff.added) {
      this.indexer.upsert(obj)
      this.handlers.added(obj)
    }
    for (const [old, obj] of diff.updated) {
      this.indexer.upsert(obj)
      this.handlers.updated(old, obj)
    }
    for (const old of diff.deleted) {
      this.indexer.delete(objectKey(old))
      this.handlers.deleted(old)
    }
    if (!this.synced) {
      this.synced = true
      this.settleSync(true)
      this.startResync()
    }
  }

  private startResync(): void {
    const period = this.options.resyncPeriod ?? 0
    if (period <= 0) return
    this.resyncTimer = this.options.clock.setInterval(
      () => {
        for (const obj of this.indexer.list()) this.handlers.updated(obj, obj)
      },
      period,
      { background: true }
    )
  }

  private settleSync(synced: boolean): void {
    const waiters = this.syncWaiters
    this.syncWaiters = []
    for (const resolve of waiters) resolve(synced)
  }
}
