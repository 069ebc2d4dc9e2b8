import type { KubeObject } from '../apimachinery/types'
import { keyOf, objectKey } from './indexer-keys'

/**
 * Key functions for ControllerWatch.keys: which work item a changed object
 * concerns. A ReplicaSet controller enqueues a pod's owning ReplicaSet, not
 * the pod.
 */

/** The object's own key (the default). */
export function ownKey(obj: KubeObject): string[] {
  return [objectKey(obj)]
}

/** The keys of the object's controlling owner of that kind (same namespace), if any. */
export function controllerOwnerKeys(kind: string, apiGroup?: string): (obj: KubeObject) => string[] {
  return (obj) => {
    const ref = (obj.metadata.ownerReferences ?? []).find(
      (r) => r.controller === true && r.kind === kind && (apiGroup === undefined || groupOf(r.apiVersion) === apiGroup)
    )
    return ref ? [keyOf(obj.metadata.namespace, ref.name)] : []
  }
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/')
  return slash < 0 ? '' : apiVersion.slice(0, slash)
}
