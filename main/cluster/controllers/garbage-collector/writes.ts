import type { OwnerReference } from 'kubernetes-types/meta/v1'
import { isConflict, isNotFound } from '../../apimachinery/errors'
import type { KubeObject } from '../../apimachinery/types'
import type { Client, DeleteOptions } from '../../client/types'
import type { MonitoredResource } from './catalog'

/**
 * The collector's writes. Kubernetes' collector sends patches, which never
 * conflict; these are read-modify-write updates of a fresh copy, retried on
 * conflict, with the object's uid as precondition (a recreated namesake is
 * another object and is left alone).
 */

const conflictRetries = 5

/**
 * Rewrites obj's ownerReferences with change (given the fresh list; returns
 * the new one, or undefined when nothing is to be done). An object gone or
 * replaced meanwhile is fine: resolves false.
 */
export async function updateOwnerReferences(
  client: Client,
  resource: MonitoredResource,
  obj: KubeObject,
  change: (refs: readonly OwnerReference[]) => OwnerReference[] | undefined
): Promise<boolean> {
  return rewrite(client, resource, obj, (fresh) => {
    const refs = change(fresh.metadata.ownerReferences ?? [])
    if (!refs) return false
    if (refs.length) fresh.metadata.ownerReferences = refs
    else delete fresh.metadata.ownerReferences
    return true
  })
}

/** Removes a finalizer from obj (which may then be deleted by the API); resolves false when there was nothing to remove. */
export async function removeFinalizer(client: Client, resource: MonitoredResource, obj: KubeObject, finalizer: string): Promise<boolean> {
  return rewrite(client, resource, obj, (fresh) => {
    const finalizers = fresh.metadata.finalizers ?? []
    if (!finalizers.includes(finalizer)) return false
    const rest = finalizers.filter((f) => f !== finalizer)
    if (rest.length) fresh.metadata.finalizers = rest
    else delete fresh.metadata.finalizers
    return true
  })
}

/** Deletes obj with a propagation policy, its uid as precondition; an object already gone is fine. */
export async function deleteObject(client: Client, resource: MonitoredResource, obj: KubeObject, propagationPolicy: DeleteOptions['propagationPolicy']): Promise<void> {
  const { namespace, name = '', uid } = obj.metadata
  try {
    await client.resource(resource.gvr).delete(namespace, name, { propagationPolicy, preconditions: { uid } })
  } catch (e) {
    if (!isNotFound(e)) throw e
  }
}

/** Reads obj afresh; undefined when it is gone or was replaced by another of the same name. */
export async function readFresh(client: Client, resource: MonitoredResource, obj: KubeObject): Promise<KubeObject | undefined> {
  try {
    const fresh = await client.resource(resource.gvr).get(obj.metadata.namespace, obj.metadata.name ?? '')
    return fresh.metadata.uid === obj.metadata.uid ? fresh : undefined
  } catch (e) {
    if (isNotFound(e)) return undefined
    throw e
  }
}

async function rewrite(client: Client, resource: MonitoredResource, obj: KubeObject, mutate: (fresh: KubeObject) => boolean): Promise<boolean> {
  const collection = client.resource(resource.gvr)
  for (let attempt = 1; ; attempt++) {
    const current = await readFresh(client, resource, obj)
    if (!current) return false
    const fresh = structuredClone(current)
    if (!mutate(fresh)) return false
    try {
      await collection.update(fresh)
      return true
    } catch (e) {
      if (isNotFound(e)) return false
      if (!isConflict(e) || attempt >= conflictRetries) throw e
    }
  }
}
