import type { OwnerReference } from 'kubernetes-types/meta/v1'
import { isNotFound } from '../../apimachinery/errors'
import type { KubeObject } from '../../apimachinery/types'
import type { MonitoredResource } from './catalog'
import type { CollectorContext } from './context'
import { Finalizers, hasFinalizer, isDeletingDependents } from './graph'
import { deleteObject, readFresh, updateOwnerReferences } from './writes'

/**
 * attemptToDeleteItem for an object with owners: it is garbage once none of
 * its owners is alive. Owners are "solid" (alive), "dangling" (gone, or a
 * different object now holds the name) or "waiting" (being deleted in the
 * foreground, i.e. waiting for this very dependent to go).
 */

interface Classified {
  solid: OwnerReference[]
  dangling: OwnerReference[]
  waiting: OwnerReference[]
}

/** A reference that can never be resolved: a cluster-scoped object cannot have a namespaced owner. Retrying will not help. */
class NamespacedOwnerOfClusterScopedObject extends Error {}

/** Decides the fate of an object with owner references that is not itself being deleted. */
export async function attemptToDelete(ctx: CollectorContext, resource: MonitoredResource, cached: KubeObject): Promise<void> {
  // The cache may lag; decide on what is stored now.
  const item = await readFresh(ctx.client, resource, cached)
  if (!item || item.metadata.deletionTimestamp) return
  const refs = item.metadata.ownerReferences ?? []
  if (refs.length === 0) return
  let classified: Classified
  try {
    classified = await classify(ctx, item, refs)
  } catch (e) {
    if (!(e instanceof NamespacedOwnerOfClusterScopedObject)) throw e
    ctx.logger.info(`garbage-collector: ${describe(resource, item)} is cluster-scoped, but refers to a namespaced owner; ignoring it`)
    return
  }
  const { solid, dangling, waiting } = classified
  if (solid.length) {
    if (!dangling.length && !waiting.length) return
    // The object stays for its live owners; references to the others go, or a foreground owner would wait for it forever.
    const drop = new Set([...dangling, ...waiting].map((r) => r.uid))
    await updateOwnerReferences(ctx.client, resource, item, (current) => (current.some((r) => drop.has(r.uid)) ? current.filter((r) => !drop.has(r.uid)) : undefined))
    return
  }
  const dependents = ctx.graph.dependents(item.metadata.uid)
  if (waiting.length && dependents.length) {
    if (dependents.some((d) => isDeletingDependents(d.object))) {
      // An owner and a dependent both wait for their dependents: a possible cycle. Stop blocking the owners, then go on.
      await updateOwnerReferences(ctx.client, resource, item, (current) =>
        current.some((r) => r.blockOwnerDeletion) ? current.map((r) => (r.blockOwnerDeletion ? { ...r, blockOwnerDeletion: false } : r)) : undefined
      )
    }
    // The owner waits for this object, and this object has dependents of its own: they go first, too.
    await deleteObject(ctx.client, resource, item, 'Foreground')
    return
  }
  // No live owner: garbage. A propagation finalizer already on it is honoured.
  const policy = hasFinalizer(item, Finalizers.orphan) ? 'Orphan' : hasFinalizer(item, Finalizers.foreground) ? 'Foreground' : 'Background'
  await deleteObject(ctx.client, resource, item, policy)
}

/** Sorts an object's owner references into solid, dangling and waiting, reading owners the cache lacks from the API. */
async function classify(ctx: CollectorContext, item: KubeObject, refs: readonly OwnerReference[]): Promise<Classified> {
  const out: Classified = { solid: [], dangling: [], waiting: [] }
  for (const ref of refs) {
    const owner = await resolveOwner(ctx, item, ref)
    if (!owner) out.dangling.push(ref)
    else if (isDeletingDependents(owner)) out.waiting.push(ref)
    else out.solid.push(ref)
  }
  return out
}

/** isDangling: the owner a reference points to, or undefined when it no longer exists (as that object). */
async function resolveOwner(ctx: CollectorContext, item: KubeObject, ref: OwnerReference): Promise<KubeObject | undefined> {
  const resource = ctx.graph.catalog.forReference(ref.apiVersion, ref.kind)
  if (!resource) throw new Error(`unable to get REST mapping for ${ref.kind}/${ref.apiVersion}.`)
  const namespace = item.metadata.namespace
  if (!namespace && resource.namespaced) throw new NamespacedOwnerOfClusterScopedObject()
  const cached = ctx.graph.cachedOwner(namespace, ref)
  if (cached) return cached
  // Not cached (yet): the owner's informer may simply lag behind the dependent's, so ask the API.
  try {
    const owner = await ctx.client.resource(resource.gvr).get(resource.namespaced ? namespace : undefined, ref.name)
    return owner.metadata.uid === ref.uid ? owner : undefined
  } catch (e) {
    if (isNotFound(e)) return undefined
    throw e
  }
}

/** An object identity as Kubernetes' collector prints it. */
export function describe(resource: MonitoredResource, obj: KubeObject): string {
  const m = obj.metadata
  return `[${resource.apiVersion}/${resource.kind}, namespace: ${m.namespace ?? ''}, name: ${m.name ?? ''}, uid: ${m.uid ?? ''}]`
}
