import type { Status } from 'kubernetes-types/meta/v1'
import type { KubeObject } from '../apimachinery/types'
import { isExpired } from '../apimachinery/errors'
import type { Clock, Timer } from '../clock/types'
import type { ResourceClient, WatchEvent, Watcher } from './types'
import { Indexer, type IndexFunc } from './indexer'
import { defaultIndexers } from './indexer-builtins'
import { keyOf, metaOf, objectKey, type ObjectWithMeta } from './indexer-keys'
import { ItemExponentialFailureRateLimiter } from './rate-limiter'
import { errorMessage, silentLogger, type Logger } from './controller-logger'
import { diffList } from './informer-diff'

/** Callbacks for cache changes. They run after the cache was updated, so reading the informer inside them sees the new state. */
export interface EventHandlers<T extends ObjectWithMeta = KubeObject> {
  onAdd?(obj: T): void
  /** Also called with (obj, obj) on every resync. */
  onUpdate?(oldObj: T, newObj: T): void
  /** Receives the last state of the object (from the watch event, or the cache after a re-list). */
  onDelete?(obj: T): void
}

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
 * about changes (client-go's shared index informer). It lists, then watches
 * from the list's resourceVersion, so no change in between is lost. When the
 * watch answers 410 Expired (history compacted), it lists afresh and delivers
 * the difference to the handlers as adds, updates and deletes. Other watch
 * failures re-watch from the last seen resourceVersion, with backoff.
 * Retries and resyncs are background timers: they never drive an instant clock.
 */
export class Informer<T extends ObjectWithMeta = KubeObject> {
  private readonly indexer: Indexer<T>
  private readonly handlers = new Set<EventHandlers<T>>()
  private readonly logger: Logger
  private readonly label: string
  // The reflector's backoff after list or watch failures: 800 ms doubling to 30 s, as client-go's.
  private readonly backoff = new ItemExponentialFailureRateLimiter({ baseDelay: 800, maxDelay: 30_000 })
  /** Bumped on every restart; events and results of a superseded list or watch are dropped. */
  private generation = 0
  private watcher: Watcher | undefined
  private retryTimer: Timer | undefined
  private resyncTimer: Timer | undefined
  private lastResourceVersion = ''
  private started = false
  private stopped = false
  private synced = false
  private syncWaiters: Array<(synced: boolean) => void> = []

  constructor(private readonly options: InformerOptions<T>) {
    this.indexer = new Indexer<T>({ ...defaultIndexers(), ...options.indexers })
    this.logger = options.logger ?? silentLogger
    this.label = options.name ?? 'informer'
  }

  /**
   * Subscribes to changes. A handler added after the cache filled first gets
   * onAdd for every cached object, so late subscribers miss nothing.
   * Returns the unsubscribe function.
   */
  addEventHandler(handlers: EventHandlers<T>): () => void {
    this.handlers.add(handlers)
    if (this.synced) for (const obj of this.indexer.list()) this.call(handlers, 'onAdd', obj)
    return () => this.handlers.delete(handlers)
  }

  /** Adds indexes (objects already cached are indexed at once). */
  addIndexers(indexers: Record<string, IndexFunc<T>>): void {
    this.indexer.addIndexers(indexers)
  }

  /** Starts listing and watching; idempotent. An informer runs once: it cannot be started again after stop(). */
  start(): void {
    if (this.started || this.stopped) return
    this.started = true
    this.restart('list', 0)
  }

  /** Stops the watch and every timer; waitForSync() callers still waiting get false. */
  stop(): void {
    if (this.stopped) return
    this.stopped = true
    this.generation++
    this.stopWatch()
    this.retryTimer?.cancel()
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
    return this.lastResourceVersion
  }

  /** Abandons the current list/watch and runs the next step after delay ms (0: on the next microtask). */
  private restart(next: 'list' | 'watch', delay: number): void {
    const generation = ++this.generation
    this.stopWatch()
    this.retryTimer?.cancel()
    const run = (): void => {
      if (generation !== this.generation || this.stopped) return
      if (next === 'list') void this.listThenWatch(generation)
      else this.watch(generation)
    }
    // Deferred even without a delay: restarts are requested from inside watch callbacks.
    if (delay <= 0) queueMicrotask(run)
    else this.retryTimer = this.options.clock.setTimeout(run, delay, { background: true })
  }

  private async listThenWatch(generation: number): Promise<void> {
    const { client, namespace, labelSelector, fieldSelector } = this.options
    let list
    try {
      list = await client.list(namespace, { labelSelector, fieldSelector })
    } catch (error) {
      if (generation !== this.generation || this.stopped) return
      const delay = this.backoff.when('list')
      this.logger.warn(`${this.label}: list failed, retrying in ${delay} ms: ${errorMessage(error)}`)
      return this.restart('list', delay)
    }
    if (generation !== this.generation || this.stopped) return
    this.backoff.forget('list')
    this.replace(list.items)
    this.lastResourceVersion = list.metadata.resourceVersion ?? ''
    if (!this.synced) {
      this.synced = true
      this.settleSync(true)
      this.startResync()
    }
    this.watch(generation)
  }

  private watch(generation: number): void {
    const { client, namespace, labelSelector, fieldSelector } = this.options
    let watcher: Watcher
    try {
      watcher = client.watch(
        namespace,
        { resourceVersion: this.lastResourceVersion, labelSelector, fieldSelector, allowWatchBookmarks: true },
        (event) => this.onEvent(generation, event)
      )
    } catch (error) {
      if (generation !== this.generation || this.stopped) return
      if (isExpired(error)) return this.restart('list', 0)
      const delay = this.backoff.when('watch')
      this.logger.warn(`${this.label}: watch failed, retrying in ${delay} ms: ${errorMessage(error)}`)
      return this.restart('watch', delay)
    }
    // The watch may have replayed an ERROR synchronously, superseding itself already.
    if (generation !== this.generation || this.stopped) watcher.stop()
    else this.watcher = watcher
  }

  private onEvent(generation: number, event: WatchEvent<T>): void {
    if (generation !== this.generation || this.stopped) return
    const obj = event.object
    switch (event.type) {
      case 'ADDED':
      case 'MODIFIED': {
        this.backoff.forget('watch')
        const old = this.indexer.upsert(obj)
        this.lastResourceVersion = metaOf(obj).resourceVersion ?? this.lastResourceVersion
        if (old) this.dispatch('onUpdate', old, obj)
        else this.dispatch('onAdd', obj)
        return
      }
      case 'DELETED': {
        this.backoff.forget('watch')
        const old = this.indexer.delete(objectKey(obj))
        this.lastResourceVersion = metaOf(obj).resourceVersion ?? this.lastResourceVersion
        // A delete of something never cached (e.g. filtered out before) is nothing to tell.
        if (old) this.dispatch('onDelete', obj)
        return
      }
      case 'BOOKMARK':
        this.lastResourceVersion = metaOf(obj).resourceVersion ?? this.lastResourceVersion
        return
      case 'ERROR': {
        const status = obj as unknown as Status
        if (status.code === 410 || status.reason === 'Expired' || status.reason === 'Gone') return this.restart('list', 0)
        const delay = this.backoff.when('watch')
        this.logger.warn(`${this.label}: watch error, re-watching in ${delay} ms: ${status.message ?? status.reason ?? 'unknown'}`)
        return this.restart('watch', delay)
      }
    }
  }

  /** Makes the cache equal to a fresh list and tells the handlers what changed. */
  private replace(items: T[]): void {
    const diff = diffList(this.indexer, items)
    for (const obj of diff.added) {
      this.indexer.upsert(obj)
      this.dispatch('onAdd', obj)
    }
    for (const [old, obj] of diff.updated) {
      this.indexer.upsert(obj)
      this.dispatch('onUpdate', old, obj)
    }
    for (const old of diff.deleted) {
      this.indexer.delete(objectKey(old))
      this.dispatch('onDelete', old)
    }
    // Same resourceVersion means same content; keep the cache's copy but do not tell anyone.
  }

  private startResync(): void {
    const period = this.options.resyncPeriod ?? 0
    if (period <= 0) return
    this.resyncTimer = this.options.clock.setInterval(
      () => {
        for (const obj of this.indexer.list()) this.dispatch('onUpdate', obj, obj)
      },
      period,
      { background: true }
    )
  }

  private stopWatch(): void {
    const watcher = this.watcher
    this.watcher = undefined
    try {
      watcher?.stop()
    } catch (error) {
      this.logger.warn(`${this.label}: stopping watch: ${errorMessage(error)}`)
    }
  }

  private settleSync(synced: boolean): void {
    const waiters = this.syncWaiters
    this.syncWaiters = []
    for (const resolve of waiters) resolve(synced)
  }

  private dispatch(kind: 'onAdd' | 'onDelete', obj: T): void
  private dispatch(kind: 'onUpdate', old: T, obj: T): void
  private dispatch(kind: keyof EventHandlers<T>, a: T, b?: T): void {
    for (const handlers of [...this.handlers]) this.call(handlers, kind, a, b)
  }

  /** One handler's failure must not keep the others (or the cache) from moving on. */
  private call(handlers: EventHandlers<T>, kind: keyof EventHandlers<T>, a: T, b?: T): void {
    try {
      if (kind === 'onUpdate') handlers.onUpdate?.(a, b!)
      else handlers[kind]?.(a)
    } catch (error) {
      this.logger.error(`${this.label}: ${kind} handler failed: ${errorMessage(error)}`)
    }
  }
}
