import type { Namespace } from 'kubernetes-types/core/v1'
import { ControllerComponent } from '../../client/controller-component'
import type { WorkQueue } from '../../client/workqueue'
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
export class NamespaceController extends ControllerComponent<ComponentContext> implements Component {
  private readonly namespaces = this.informer<Namespace>(namespacesGVR)
  private readonly deleter: DeleterContext
  private readonly looks = new Map<string, number>()
  private readonly queue: WorkQueue

  constructor(ctx: ComponentContext, options: NamespaceControllerOptions = {}) {
    super(ctx, 'namespace-controller')
    this.deleter = { client: ctx.client, clock: ctx.clock, logger: ctx.logger, resources: options.resources ?? namespacedResources(), batchSize: options.batchSize ?? 20 }
    // Deleted namespaces are queued with a delay by these handlers.
    this.handle(this.namespaces, this.handlers())
    const controller = this.controller({
      workers: options.workers ?? 10,
      // The watch is here so the cache is synced before work starts.
      watches: [{ resource: namespacesGVR, keys: () => [] }],
      reconcile: (key) => this.sync(key),
      // Retry a failing namespace at least every minute, never longer (nsControllerRateLimiter).
      rateLimiter: new ItemExponentialFailureRateLimiter({ baseDelay: 5, maxDelay: 60_000 })
    })
    this.queue = controller.queue
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
      this.queue.addAfter(name, seconds * 1000, { background: look > foregroundRemainingLooks })
    }
  }

  private handlers(): EventHandlers<Namespace> {
    const enqueue = (ns: Namespace): void => {
      if (!ns.metadata?.deletionTimestamp) return
      // Foreground: a deleted namespace is finite work an instant clock should carry out.
      this.queue.addAfter(objectKey(ns), namespaceDeletionGracePeriodMs, { background: false })
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
