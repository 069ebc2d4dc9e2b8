import type { IndexFunc } from './indexer'
import { metaOf, type ObjectWithMeta } from './indexer-keys'
import { memoizeFrozen } from '../apimachinery/frozen-memo'

/** The empty list of index values, shared. */
const noValues: string[] = []

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

/** One-value lists by value, shared (the indexer copies what it keeps): namespaces and node names recur on every upsert. */
const singleValues = new Map<string, string[]>()
const SINGLE_VALUES_KEPT = 4096

function single(value: string): string[] {
  let list = singleValues.get(value)
  if (!list) {
    if (singleValues.size >= SINGLE_VALUES_KEPT) singleValues.clear()
    singleValues.set(value, (list = [value]))
  }
  return list
}

/** Indexes an object under its namespace (cluster-scoped objects under nothing). */
export const namespaceIndex: IndexFunc<ObjectWithMeta> = (obj) => {
  const namespace = metaOf(obj).namespace
  return namespace ? single(namespace) : noValues
}

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
  return typeof nodeName === 'string' && nodeName !== '' ? single(nodeName) : noValues
}

/** The owners' uids, once per stored (frozen) owner reference list (shared by a pod's versions). */
const ownerUids = memoizeFrozen((refs: ReadonlyArray<{ uid: string }>): string[] => refs.map((ref) => ref.uid))

/** Indexes an object under the uid of each of its owners. */
export const ownerUidIndex: IndexFunc<ObjectWithMeta> = (obj) => {
  const refs = metaOf(obj).ownerReferences
  return refs ? ownerUids(refs) : noValues
}

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
