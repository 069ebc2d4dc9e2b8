import type { KubeObject } from '../../apimachinery/types'
import type { MonitoredResource } from './catalog'
import { Finalizers, hasFinalizer, isDeletingDependents, itemKey, type OwnerGraph } from './graph'

/** The answer for a change that concerns nothing (shared: callers only read it). */
const noKeys: string[] = Object.freeze([]) as unknown as string[]

/**
 * Which work items a change of obj concerns (the collector's
 * processGraphChanges, reduced to keys; every decision is made again in the
 * reconcile, from current state):
 * - obj was deleted: its dependents, which may now be garbage;
 * - obj is being deleted with a propagation finalizer: obj itself;
 * - an owner of obj is missing from the caches (maybe gone): obj itself;
 * - an owner of obj waits for its dependents (foreground): that owner, which
 *   must look again, and obj, which must go.
 * Objects whose owners are all present and alive cost one cache lookup per
 * reference and enqueue nothing.
 */
export function keysForChange(graph: OwnerGraph, resource: MonitoredResource, obj: KubeObject): string[] {
  const { namespace, name = '', ownerReferences } = obj.metadata
  // Most changes concern nothing (owners present and alive): no list, and no key of obj, is built for them.
  let keys: string[] | undefined
  const gone = !graph.isCached(resource, obj)
  if (gone) {
    for (const d of graph.dependents(obj.metadata.uid)) (keys ??= []).push(graph.nodeKey(d))
  } else if (obj.metadata.deletionTimestamp && (hasFinalizer(obj, Finalizers.orphan) || hasFinalizer(obj, Finalizers.foreground))) {
    ;(keys ??= []).push(itemKey(resource, namespace, name))
  }
  if (ownerReferences) {
    for (const ref of ownerReferences) {
      const owner = graph.cachedOwner(namespace, ref)
      if (!owner) {
        if (!gone) (keys ??= []).push(itemKey(resource, namespace, name))
        continue
      }
      if (isDeletingDependents(owner)) {
        const ownerResource = graph.catalog.forReference(ref.apiVersion, ref.kind)!
        ;(keys ??= []).push(itemKey(ownerResource, owner.metadata.namespace, ref.name))
        if (!gone) keys.push(itemKey(resource, namespace, name))
      }
    }
  }
  return keys ?? noKeys
}
