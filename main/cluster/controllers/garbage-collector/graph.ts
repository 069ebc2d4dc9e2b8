import type { OwnerReference } from 'kubernetes-types/meta/v1'
import type { KubeObject } from '../../apimachinery/types'
import type { Informer } from '../../client/informer'
import type { SharedInformerFactory } from '../../client/informer-factory'
import { IndexNames } from '../../client/indexer-builtins'
import { keyOf, objectKey } from '../../client/indexer-keys'
import type { MonitoredResource, ResourceCatalog } from './catalog'

/**
 * The owner/dependent graph, read straight from the shared informers: an
 * object's dependents are found with the ownerUid index of every watched
 * kind, its owners by name in their kind's cache. Kubernetes' collector
 * keeps a graph of its own; here the caches already are one.
 */

/** Finalizer names of the deletion propagation policies. */
export const Finalizers = { orphan: 'orphan', foreground: 'foregroundDeletion' } as const

/** An object of a watched kind. */
export interface Node {
  resource: MonitoredResource
  object: KubeObject
}

/** The collector's work-item key for an object: `<group>/<resource> <namespace>/<name>`. */
export function itemKey(resource: MonitoredResource, namespace: string | undefined, name: string): string {
  return `${resource.id} ${keyOf(namespace, name)}`
}

/** Splits a work-item key. */
export function parseItemKey(key: string): { id: string; objectKey: string } {
  const space = key.indexOf(' ')
  return { id: key.slice(0, space), objectKey: key.slice(space + 1) }
}

/** Whether obj carries the finalizer. */
export function hasFinalizer(obj: KubeObject, name: string): boolean {
  return obj.metadata.finalizers?.includes(name) ?? false
}

/** Being deleted in the foreground: waiting for its blocking dependents to go. */
export function isDeletingDependents(obj: KubeObject): boolean {
  return !!obj.metadata.deletionTimestamp && hasFinalizer(obj, Finalizers.foreground)
}

/** The graph over a catalog's informers. */
export class OwnerGraph {
  private readonly informers = new Map<string, Informer>()

  constructor(
    readonly catalog: ResourceCatalog,
    factory: SharedInformerFactory
  ) {
    for (const r of catalog.resources) this.informers.set(r.id, factory.informerFor(r.gvr))
  }

  /** The shared informer of a watched kind. */
  informer(resource: MonitoredResource): Informer {
    return this.informers.get(resource.id)!
  }

  /** The cached object of a work item, if any. */
  lookup(key: string): Node | undefined {
    const { id, objectKey: k } = parseItemKey(key)
    const resource = this.catalog.get(id)
    const object = resource && this.informer(resource).get(k)
    return resource && object ? { resource, object } : undefined
  }

  /** Every cached object naming uid among its owners. */
  dependents(uid: string | undefined): Node[] {
    if (!uid) return []
    const out: Node[] = []
    for (const resource of this.catalog.resources) {
      for (const object of this.informer(resource).byIndex(IndexNames.ownerUid, uid)) out.push({ resource, object })
    }
    return out
  }

  /** The cached owner a reference from a dependent in `namespace` points to, if cached with the same uid. */
  cachedOwner(namespace: string | undefined, ref: OwnerReference): KubeObject | undefined {
    const resource = this.catalog.forReference(ref.apiVersion, ref.kind)
    if (!resource) return undefined
    const owner = this.informer(resource).getByName(resource.namespaced ? namespace : undefined, ref.name)
    return owner?.metadata.uid === ref.uid ? owner : undefined
  }

  /** The work-item key of a cached object. */
  nodeKey(node: Node): string {
    const { namespace, name = '' } = node.object.metadata
    return itemKey(node.resource, namespace, name)
  }

  /** Whether the informer still holds this very object (same uid): false once it was deleted. */
  isCached(resource: MonitoredResource, obj: KubeObject): boolean {
    return this.informer(resource).get(objectKey(obj))?.metadata.uid === obj.metadata.uid
  }
}
