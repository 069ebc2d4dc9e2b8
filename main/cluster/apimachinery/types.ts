import type { ObjectMeta, ListMeta } from 'kubernetes-types/meta/v1'

/**
 * Any Kubernetes object as it travels through Kubelab: plain JSON with the
 * standard type and object metadata. Kind-specific shapes come from
 * `kubernetes-types` (e.g. `Pod` from 'kubernetes-types/core/v1').
 */
export interface KubeObject {
  apiVersion?: string
  kind?: string
  metadata: ObjectMetadata
  [field: string]: unknown
}

/** Removes `readonly` (kubernetes-types marks server-set fields readonly; the server sets them). */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/** ObjectMeta as the server handles it: every field writable. */
export type ObjectMetadata = Mutable<ObjectMeta>

/** A list as the API returns it (`PodList`, ...). */
export interface KubeList<T = KubeObject> {
  apiVersion: string
  kind: string
  metadata: ListMeta
  items: T[]
}

/** Identifies a resource collection, as a URL path does: /apis/<group>/<version>/<resource>. */
export interface GroupVersionResource {
  group: string
  version: string
  resource: string
}

/** Identifies a kind, as apiVersion + kind do in a manifest. */
export interface GroupVersionKind {
  group: string
  version: string
  kind: string
}

/** `apiVersion` string for a group and version: "v1" for the core group, "apps/v1" otherwise. */
export function apiVersionOf(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`
}

/** Splits an `apiVersion` string into group and version. */
export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/')
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) }
}
