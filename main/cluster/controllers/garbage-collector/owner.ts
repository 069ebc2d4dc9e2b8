import type { KubeObject } from '../../apimachinery/types'
import type { MonitoredResource } from './catalog'
import { type CollectorContext, inBatches } from './context'
import { describe } from './dependent'
import { Finalizers, isDeletingDependents } from './graph'
import { removeFinalizer, updateOwnerReferences } from './writes'

/**
 * What the collector does for an owner being deleted with a propagation
 * finalizer: `orphan` (kubectl delete --cascade=orphan) and
 * `foregroundDeletion` (--cascade=foreground).
 */

/**
 * attemptToOrphan: removes the owner from every dependent's
 * ownerReferences, in batches, then removes the `orphan` finalizer so the
 * owner can go.
 */
export async function orphanDependents(ctx: CollectorContext, resource: MonitoredResource, owner: KubeObject): Promise<void> {
  const uid = owner.metadata.uid
  const dependents = ctx.graph.dependents(uid)
  const failures = await inBatches(dependents, ctx.batchSize, async (d) => {
    try {
      await updateOwnerReferences(ctx.client, d.resource, d.object, (refs) => (refs.some((r) => r.uid === uid) ? refs.filter((r) => r.uid !== uid) : undefined))
    } catch (e) {
      throw new Error(`orphaning ${describe(d.resource, d.object)} failed, ${e instanceof Error ? e.message : String(e)}`, { cause: e })
    }
  })
  if (failures.length) throw aggregate(failures)
  await removeFinalizer(ctx.client, resource, owner, Finalizers.orphan)
}

/**
 * processDeletingDependentsItem: while dependents that block the owner's
 * deletion (blockOwnerDeletion) remain, make sure each is on its way out;
 * once none remain, remove the `foregroundDeletion` finalizer.
 */
export async function deleteDependentsFirst(ctx: CollectorContext, resource: MonitoredResource, owner: KubeObject): Promise<void> {
  const uid = owner.metadata.uid
  const dependents = ctx.graph.dependents(uid)
  const blocking = dependents.filter((d) => d.object.metadata.ownerReferences?.some((r) => r.uid === uid && r.blockOwnerDeletion === true))
  if (blocking.length === 0) {
    await removeFinalizer(ctx.client, resource, owner, Finalizers.foreground)
    return
  }
  // Every dependent goes (non-blocking ones too); a dependent waiting for its own dependents is already going.
  for (const d of dependents) if (!isDeletingDependents(d.object)) ctx.enqueue(ctx.graph.nodeKey(d))
}

function aggregate(failures: unknown[]): Error {
  const messages = [...new Set(failures.map((f) => (f instanceof Error ? f.message : String(f))))]
  return new Error(messages.length === 1 ? messages[0] : `[${messages.join(', ')}]`)
}
