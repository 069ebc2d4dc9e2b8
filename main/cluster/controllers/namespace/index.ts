import type { Namespace } from 'kubernetes-types/core/v1'
import { Controller } from '../../client/controller'
import type { Informer } from '../../client/informer'
import type { EventHandlers } from '../../client/informer-handlers'
import { objectKey } from '../../client/indexer-keys'
import { ItemExponentialFailureRateLimiter } from '../../client/rate-limiter'
import type { GroupVersionResource } from '../../apimachinery/types'
import type { Component, ComponentContext, ComponentFactory } from '../../component'
import { type DeleterContext, deleteNamespaceContent, ResourcesRemainingError } from './deleter'
import { namespacedResources } from './resources'

const namespacesGVR = { group: '', version: 'v1', resource: 'namespaces' }

/** Tuning of the namespace controller. */
export interface NamespaceControllerOptions {
  /** Namespaces emptied concurrently (--concurrent-namespace-syncs, default 10). */
  workers?: number
  /** Deletes sent at once within one kind. */
  batchSize?: number
  /** The kinds to empty; default: every served namespaced kind. */
  resources?: readonly GroupVersionResource[]
}

/**
 * Wait before acting on a deleted namespace (namespaceDeletionGracePeriod),
 * so that creations racing with the deletion land first and are cleaned up too.
 */
export const namespaceDeletionGracePeriodMs = 5000

/**
 * How many "content remaining" looks of one namespace run on foreground
 * timers. Content normally goes within a few looks; content held forever
 * (a finalizer nobody removes) must not spin an instant clock, so later
 * looks wait on background timers, as the workqueue does with retries.
 */
const foregroundRemainingLooks = 10

/**
 * The namespace controller: empties namespaces being deleted, then removes
 * their `kubernetes` finalizer so the API can remove them.
 */
export class NamespaceController implements Component {
  readonly name = 'namespace-controller'
  private readonly controller: Controller
  private readonly namespaces: Informer<Namespace>
  private readonly deleter: DeleterContext
  private readonly looks = new Map<string, number>()
  private unsubscribe: (() => void) | undefined

  constructor(ctx: ComponentContext, options: NamespaceControllerOptions = {}) {
    this.namespaces = ctx.informers.informerFor<Namespace>(namespacesGVR)
    this.deleter = { client: ctx.client, clock: ctx.clock, logger: ctx.logger, resources: options.resources ?? namespacedResources(), batchSize: options.batchSize ?? 20 }
    this.controller = new Controller(
      {
        name: this.name,
        workers: options.workers ?? 10,
        // Keys are queued with a delay by the handler below; the watch is here so the cache is synced before work starts.
        watches: [{ resource: namespacesGVR, keys: () => [] }],
        reconcile: (key) => this.sync(key)
      },
      // Retry a failing namespace at least every minute, never longer (nsControllerRateLimiter).
      { factory: ctx.informers, logger: ctx.logger, rateLimiter: new ItemExponentialFailureRateLimiter({ baseDelay: 5, maxDelay: 60_000 }) }
    )
  }

  /** Subscribes to namespace changes and starts the workers once the cache is filled. */
  async start(): Promise<void> {
    this.unsubscribe ??= this.namespaces.addEventHandler(this.handlers())
    await this.controller.start()
  }

  /** Stops the workers, waiting for the pass in flight. */
  async stop(): Promise<void> {
    this.unsubscribe?.()
    await this.controller.stop()
  }

  /** syncNamespaceFromKey: one deletion pass; content still going means another look later. */
  async sync(name: string): Promise<void> {
    if (!this.namespaces.get(name)) {
      this.looks.delete(name)
      return
    }
    try {
      await deleteNamespaceContent(this.deleter, name)
      this.looks.delete(name)
    } catch (e) {
      if (!(e instanceof ResourcesRemainingError)) throw e
      const look = (this.looks.get(name) ?? 0) + 1
      this.looks.set(name, look)
      const seconds = Math.floor(e.estimate / 2) + 1
      this.controller.queue.addAfter(name, seconds * 1000, { background: look > foregroundRemainingLooks })
    }
  }

  private handlers(): EventHandlers<Namespace> {
    const enqueue = (ns: Namespace): void => {
      if (!ns.metadata?.deletionTimestamp) return
      // Foreground: a deleted namespace is finite work an instant clock should carry out.
      this.controller.queue.addAfter(objectKey(ns), namespaceDeletionGracePeriodMs, { background: false })
    }
    return { onAdd: enqueue, onUpdate: (_old, ns) => enqueue(ns) }
  }
}

/** The namespace controller with its default tuning. */
export const namespaceControllerComponent: ComponentFactory = (ctx) => new NamespaceController(ctx)

/** The namespace controller with other tuning (tests, benchmarks). */
export function namespaceControllerComponentWith(options: NamespaceControllerOptions): ComponentFactory {
  return (ctx) => new NamespaceController(ctx, options)
}
