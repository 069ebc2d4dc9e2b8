import type { ObjectMeta } from 'kubernetes-types/meta/v1'

/**
 * Cache keys, as client-go's MetaNamespaceKeyFunc writes them: `namespace/name`
 * for namespaced objects, `name` for cluster-scoped ones. Workqueues carry
 * these keys, so a controller goes from an event to its reconcile with them.
 */

/**
 * Anything with object metadata: KubeObject, or a kubernetes-types kind such
 * as Pod (whose metadata is optional in its typing, though never absent from
 * the API).
 */
export interface ObjectWithMeta {
  metadata?: ObjectMeta
}

/** The object's metadata (empty if it has none). */
export function metaOf(obj: ObjectWithMeta): ObjectMeta {
  return obj.metadata ?? {}
}

/** The cache key of an object. */
export function objectKey(obj: ObjectWithMeta): string {
  const { namespace, name = '' } = metaOf(obj)
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
