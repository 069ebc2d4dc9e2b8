/**
 * The on-disk form of one write: a NEW NeDB document per write, never an
 * in-place update, so an acknowledged write is one appended line and the
 * previous version stays intact until the new one is durable.
 *
 * The object travels as a JSON string (`v`): NeDB's deserializer runs a
 * reviver on every nested field and its serializer a replacer on every key,
 * so a pod stored as a plain document costs hundreds of callbacks per
 * load/compaction; as one string it costs a handful. It also sidesteps NeDB's
 * refusal of field names containing '.' (label keys like app.kubernetes.io/name).
 */
export interface StoredDoc {
  /** `${k}@${r}`: unique, so inserts never collide and removal targets one version. */
  _id: string
  /** The registry key. */
  k: string
  /** The revision of this write. */
  r: number
  /** The object's JSON (absent on tombstones). */
  v?: string
  /** Tombstone: the key was deleted at revision r. */
  d?: true
  /** The first revision of the batch this write was committed in. */
  b: number
  /** How many documents of that batch carry `f` (one per key the batch wrote). */
  n: number
  /** Set on the batch's last write to its key. Recovery counts these to tell whether the batch reached disk whole. */
  f?: 1
}

/** The document id of key's version at revision. */
export function docId(key: string, revision: number): string {
  return `${key}@${revision}`
}

/** Strict shape check of a loaded document (anything else is corruption, not something to skip). */
export function assertStoredDoc(doc: unknown, where: string): asserts doc is StoredDoc {
  const d = doc as Partial<StoredDoc>
  const ok =
    typeof d === 'object' &&
    d !== null &&
    typeof d._id === 'string' &&
    typeof d.k === 'string' &&
    Number.isSafeInteger(d.r) &&
    Number.isSafeInteger(d.b) &&
    Number.isSafeInteger(d.n) &&
    (typeof d.v === 'string' || d.d === true)
  if (!ok) throw new Error(`storage: unexpected document in ${where}: ${JSON.stringify(doc).slice(0, 200)}`)
}
