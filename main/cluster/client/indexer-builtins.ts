import type { IndexFunc } from './indexer'
import { metaOf, type ObjectWithMeta } from './indexer-keys'
import { memoizeFrozen } from '../apimachinery/frozen-memo'

/**
 * The indexes most controllers need, so a reconcile looks up "pods on this
 * node" or "pods owned by this ReplicaSet" without scanning every pod.
 */

/** Index names of the built-in indexers. */
export const IndexNames = {
  /** metadata.namespace. */
  namespace: 'namespace',
  /** Every label as a `key=value` pair. */
  label: 'label',
  /** spec.nodeName (pods). */
  nodeName: 'spec.nodeName',
  /** The uid of every owner in metadata.ownerReferences. */
  ownerUid: 'ownerUid'
} as const

/** Indexes an object under its namespace (cluster-scoped objects under nothing). */
export const namespaceIndex: IndexFunc<ObjectWithMeta> = (obj) => {
  const namespace = metaOf(obj).namespace
  return namespace ? [namespace] : []
}

const noValues: string[] = []

/**
 * The `key=value` strings of a label set, once per stored (frozen) set: a
 * pod's versions share their label set, and every version reaches every
 * informer. The list is shared: the indexer copies what it keeps.
 */
const labelValues = memoizeFrozen((labels: Readonly<Record<string, string>>): string[] => {
  const out: string[] = []
  for (const k in labels) out.push(`${k}=${labels[k]}`)
  return out
})

/** Indexes an object under each of its labels, as `key=value`. */
export const labelIndex: IndexFunc<ObjectWithMeta> = (obj) => {
  const labels = metaOf(obj).labels
  return labels ? labelValues(labels) : noValues
}

/** Indexes a pod under the node it is bound to (unbound pods under nothing). */
export const nodeNameIndex: IndexFunc<ObjectWithMeta> = (obj) => {
  const nodeName = ((obj as { spec?: unknown }).spec as { nodeName?: unknown } | undefined)?.nodeName
  return typeof nodeName === 'string' && nodeName !== '' ? [nodeName] : []
}

/** Indexes an object under the uid of each of its owners. */
export const ownerUidIndex: IndexFunc<ObjectWithMeta> = (obj) => (metaOf(obj).ownerReferences ?? []).map((ref) => ref.uid)

/** Every built-in index, by name. */
export function defaultIndexers(): Record<string, IndexFunc<ObjectWithMeta>> {
  return {
    [IndexNames.namespace]: namespaceIndex,
    [IndexNames.label]: labelIndex,
    [IndexNames.nodeName]: nodeNameIndex,
    [IndexNames.ownerUid]: ownerUidIndex
  }
}

/** The label index value for a label. */
export function labelIndexValue(key: string, value: string): string {
  return `${key}=${value}`
}
