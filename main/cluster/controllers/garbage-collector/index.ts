import { ControllerComponent } from '../../client/controller-component'
import type { Component, ComponentContext, ComponentFactory } from '../../component'
import { monitoredResources, ResourceCatalog, type MonitoredResource } from './catalog'
import type { CollectorContext } from './context'
import { attemptToDelete } from './dependent'
import { Finalizers, hasFinalizer, OwnerGraph } from './graph'
import { keysForChange } from './keys'
import { deleteDependentsFirst, orphanDependents } from './owner'

/** Tuning of the garbage collector. */
export interface GarbageCollectorOptions {
  /** Objects processed concurrently (--concurrent-gc-syncs, default 20). */
  workers?: number
  /** Writes sent at once when one owner concerns many dependents (orphaning). */
  batchSize?: number
  /** The kinds to watch; default: every served kind but events. */
  resources?: readonly MonitoredResource[]
}

/**
 * Kubernetes' garbage collector: deletes objects whose owners are all gone
 * (background propagation), deletes an owner's dependents before the owner
 * when it is deleted in the foreground, and strips an owner from its
 * dependents when it is deleted with orphaning. Level-triggered: a work item
 * is an object, and each reconcile decides from current state.
 */
export class GarbageCollector extends ControllerComponent<ComponentContext> implements Component {
  private readonly graph: OwnerGraph
  private readonly collector: CollectorContext

  constructor(ctx: ComponentContext, options: GarbageCollectorOptions = {}) {
    super(ctx, 'garbage-collector')
    const catalog = new ResourceCatalog(options.resources ?? monitoredResources())
    const graph = (this.graph = new OwnerGraph(catalog, ctx.informers))
    // Work starts once every monitored kind's cache is filled.
    const controller = this.controller({
      workers: options.workers ?? 20,
      watches: catalog.resources.map((resource) => ({ resource: resource.gvr, keys: (obj) => keysForChange(graph, resource, obj as never) })),
      reconcile: (key) => this.reconcile(key)
    })
    this.collector = { client: ctx.client, graph, logger: ctx.logger, enqueue: (key) => controller.enqueue(key), batchSize: options.batchSize ?? 20 }
  }

  /** Processes one object: an owner being deleted with a propagation finalizer, or a dependent that may be garbage. */
  async reconcile(key: string): Promise<void> {
    const node = this.graph.lookup(key)
    // Gone already: its dependents were queued when it went.
    if (!node) return
    const { resource, object } = node
    if (object.metadata.deletionTimestamp) {
      // Being deleted is a one-way trip: only the propagation finalizers are ours to act on.
      if (hasFinalizer(object, Finalizers.orphan)) await orphanDependents(this.collector, resource, object)
      if (hasFinalizer(object, Finalizers.foreground)) await deleteDependentsFirst(this.collector, resource, object)
      return
    }
    if (object.metadata.ownerReferences?.length) await attemptToDelete(this.collector, resource, object)
  }
}

/** The garbage collector with its default tuning. */
export const garbageCollectorComponent: ComponentFactory = (ctx) => new GarbageCollector(ctx)

/** The garbage collector with other tuning (tests, benchmarks). */
export function garbageCollectorComponentWith(options: GarbageCollectorOptions): ComponentFactory {
  return (ctx) => new GarbageCollector(ctx, options)
}
