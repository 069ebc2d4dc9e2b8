import type { GroupVersionResource, KubeObject } from '../apimachinery/types'
import type { Informer } from './informer'
import type { SharedInformerFactory, InformerScope } from './informer-factory'
import type { RateLimiter } from './rate-limiter'
import { WorkQueue } from './workqueue'
import { objectKey, type ObjectWithMeta } from './indexer-keys'
import { errorMessage, type Logger } from './controller-logger'
import { reconcileTurns } from './turn-budget'

/** One resource a controller watches, and which work items its changes concern. */
export interface ControllerWatch<T extends ObjectWithMeta = ObjectWithMeta> extends InformerScope {
  resource: GroupVersionResource
  /**
   * The keys to enqueue when obj changes (e.g. its owner's key); default: its
   * own key. On updates the keys of both the old and the new version are
   * enqueued, so an object that moved away from an owner is noticed by both.
   */
  keys?(obj: T): string[]
  /** Updates that concern no work item (e.g. a node's heartbeat for the DaemonSet controller): nothing is enqueued. */
  ignoreUpdate?(oldObj: T, newObj: T): boolean
  /** Additions that concern no work item (e.g. the controller's own write coming back): nothing is enqueued. Deletions always are. */
  ignoreAdd?(obj: T): boolean
}

/** What a reconcile may ask for besides success. */
export interface ReconcileResult {
  /** Reconcile this key again after ms of cluster time (e.g. to check a deadline), without counting a failure. */
  requeueAfter?: number
}

/** A controller, declared: the harness does the wiring. */
export interface ControllerDefinition {
  /** Used in logs, e.g. "replicaset-controller". */
  name: string
  /** The resources whose changes enqueue keys. */
  watches: ControllerWatch[]
  /** How many keys are reconciled concurrently (never the same key twice); default 1. */
  workers?: number
  /**
   * Makes the world match the desired state for key. Level-triggered: it reads
   * current state from informers, never from the event that enqueued it. A
   * rejection retries the key with per-key exponential backoff.
   */
  reconcile(key: string): Promise<void | ReconcileResult>
}

export interface ControllerOptions {
  /** Where the watched informers come from (shared with other controllers). */
  factory: SharedInformerFactory
  /** Default: the factory's logger. */
  logger?: Logger
  /** Retry delays; default 5 ms doubling to 1000 s per key. */
  rateLimiter?: RateLimiter
}

/**
 * Runs a ControllerDefinition the way Kubernetes controllers run: event
 * handlers only compute keys and enqueue them; workers pop a key, reconcile
 * it, forget its backoff on success and retry it rate-limited on failure.
 * Bursts of events for one key collapse into one reconcile (the workqueue
 * de-duplicates), and a key is never reconciled by two workers at once.
 * Workers share a CPU budget per turn of the event loop (turn-budget.ts):
 * once it is spent, a worker yields before its next key.
 */
export class Controller {
  /** The controller's queue; reconcile code may add to it (e.g. addAfter). */
  readonly queue: WorkQueue
  private readonly logger: Logger
  private readonly informers: Informer[] = []
  private readonly unsubscribers: Array<() => void> = []
  private workers: Promise<void>[] = []
  /** The last error logged per key, so a key failing the same way is logged once, not on every retry. */
  private readonly lastError = new Map<string, string>()
  private started = false
  private stopped = false

  constructor(
    readonly definition: ControllerDefinition,
    private readonly options: ControllerOptions
  ) {
    this.logger = options.logger ?? options.factory.logger
    this.queue = new WorkQueue({ clock: options.factory.clock, rateLimiter: options.rateLimiter })
  }

  /** Subscribes to the watched informers, starts them, waits for their caches, then starts the workers. */
  async start(): Promise<void> {
    if (this.started || this.stopped) return
    this.started = true
    for (const watch of this.definition.watches) {
      const informer = this.options.factory.informerFor(watch.resource, { namespace: watch.namespace })
      this.informers.push(informer)
      this.unsubscribers.push(
        informer.addEventHandler({
          onAdd: (obj) => {
            if (watch.ignoreAdd?.(obj)) return
            this.enqueueFor(watch, obj)
          },
          onUpdate: (old, obj) => {
            if (watch.ignoreUpdate?.(old, obj)) return
            // The old version's keys, then the new one's (no list of both built: every pod change reaches every controller watching pods).
            if (old !== obj) this.enqueueFor(watch, old)
            this.enqueueFor(watch, obj)
          },
          onDelete: (obj) => this.enqueueFor(watch, obj)
        })
      )
    }
    this.options.factory.start()
    // Reconciling against a half-filled cache would, e.g., create pods that already exist.
    if (!(await this.waitForCacheSync()) || this.stopped) return
    const count = Math.max(1, this.definition.workers ?? 1)
    for (let i = 0; i < count; i++) this.workers.push(this.work())
  }

  /** Resolves true once every watched informer has synced; false if one stopped first. */
  async waitForCacheSync(): Promise<boolean> {
    const results = await Promise.all(this.informers.map((informer) => informer.waitForSync()))
    return results.every(Boolean)
  }

  /** Enqueues a key by hand. */
  enqueue(key: string): void {
    this.queue.add(key)
  }

  /** Stops taking work; resolves when in-flight reconciles have finished. The shared informers keep running. */
  async stop(): Promise<void> {
    this.stopped = true
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe()
    this.queue.shutDown()
    await Promise.all(this.workers)
  }

  /** Enqueues the keys a watch maps obj to (its own key by default). */
  private enqueueFor(watch: ControllerWatch, obj: KubeObject): void {
    if (!watch.keys) return this.queue.add(objectKey(obj))
    // Indexed, not for-of: the loop ran with an iterator and a result object per key on every change of every watched object.
    const keys = watch.keys(obj)
    for (let i = 0; i < keys.length; i++) this.queue.add(keys[i])
  }

  private async work(): Promise<void> {
    for (;;) {
      const key = await this.queue.get()
      if (key === undefined) return
      if (reconcileTurns.spent()) {
        await reconcileTurns.yield(this.options.factory.clock)
        if (this.queue.isShuttingDown()) return this.queue.done(key)
      }
      reconcileTurns.begin()
      try {
        const result = await this.definition.reconcile(key)
        this.queue.forget(key)
        this.lastError.delete(key)
        if (result?.requeueAfter !== undefined) this.queue.addAfter(key, result.requeueAfter)
      } catch (error) {
        this.failed(key, error)
      } finally {
        this.queue.done(key)
      }
    }
  }

  private failed(key: string, error: unknown): void {
    const message = errorMessage(error)
    if (this.lastError.get(key) !== message) {
      this.lastError.set(key, message)
      this.logger.error(`${this.definition.name}: reconcile ${key} failed, retrying with backoff: ${message}`)
    }
    this.queue.addRateLimited(key)
  }
}
