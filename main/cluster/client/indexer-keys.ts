import type { KubeObject } from '../apimachinery/types'

/**
 * Cache keys, as client-go's MetaNamespaceKeyFunc writes them: `namespace/name`
 * for namespaced objects, `name` for cluster-scoped ones. Workqueues carry
 * these keys, so a controller goes from an event to its reconcile with them.
 */

/** The cache key of an object. */
export function objectKey(obj: KubeObject): string {
  const { namespace, name = '' } = obj.metadata
  return namespace ? `${namespace}/${name}` : name
}

/** The key for a namespace and name (namespace undefined or '' for cluster-scoped objects). */
export function keyOf(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name
}

/** Splits a key back into namespace ('' for cluster-scoped) and name. */
export function splitKey(key: string): { namespace: string; name: string } {
  const slash = key.indexOf('/')
  return slash < 0 ? { namespace: '', name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) }
}
