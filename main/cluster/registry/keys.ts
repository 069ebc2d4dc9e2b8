import type { ResourceDefinition } from './types'

/**
 * Storage keys, shaped like the real apiserver's etcd keys:
 * `/registry/pods/default/web-0`, `/registry/deployments.apps/default/web`,
 * `/registry/nodes/node-1`.
 */

/** The key prefix of every object of a resource: `/registry/pods/`. */
export function resourcePrefix(def: ResourceDefinition): string {
  return def.group ? `/registry/${def.plural}.${def.group}/` : `/registry/${def.plural}/`
}

/** The prefix to list: every object, or one namespace's. */
export function listPrefix(def: ResourceDefinition, namespace: string | undefined): string {
  return def.namespaced && namespace ? `${resourcePrefix(def)}${namespace}/` : resourcePrefix(def)
}

/** The key of one object. */
export function objectKey(def: ResourceDefinition, namespace: string | undefined, name: string): string {
  return def.namespaced ? `${resourcePrefix(def)}${namespace ?? ''}/${name}` : `${resourcePrefix(def)}${name}`
}
