import { keyOf, metaOf, objectKey, type ObjectWithMeta } from './indexer-keys'

/**
 * Key functions for ControllerWatch.keys: which work item a changed object
 * concerns. A ReplicaSet controller enqueues a pod's owning ReplicaSet, not
 * the pod.
 */

/** The object's own key (the default). */
export function ownKey(obj: ObjectWithMeta): string[] {
  return [objectKey(obj)]
}

/** The keys of the object's controlling owner of that kind (same namespace), if any. */
export function controllerOwnerKeys(kind: string, apiGroup?: string): (obj: ObjectWithMeta) => string[] {
  return (obj) => {
    const meta = metaOf(obj)
    const ref = (meta.ownerReferences ?? []).find(
      (r) => r.controller === true && r.kind === kind && (apiGroup === undefined || groupOf(r.apiVersion) === apiGroup)
    )
    return ref ? [keyOf(meta.namespace, ref.name)] : []
  }
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/')
  return slash < 0 ? '' : apiVersion.slice(0, slash)
}
