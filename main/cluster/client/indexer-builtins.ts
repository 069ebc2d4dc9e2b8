import type { IndexFunc } from './indexer'

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

export const namespaceIndex: IndexFunc = (obj) => (obj.metadata.namespace ? [obj.metadata.namespace] : [])

export const labelIndex: IndexFunc = (obj) => Object.entries(obj.metadata.labels ?? {}).map(([k, v]) => `${k}=${v}`)

export const nodeNameIndex: IndexFunc = (obj) => {
  const nodeName = (obj.spec as { nodeName?: unknown } | undefined)?.nodeName
  return typeof nodeName === 'string' && nodeName !== '' ? [nodeName] : []
}

export const ownerUidIndex: IndexFunc = (obj) => (obj.metadata.ownerReferences ?? []).map((ref) => ref.uid)

/** Every built-in index, by name. */
export function defaultIndexers(): Record<string, IndexFunc> {
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
