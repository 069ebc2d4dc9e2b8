import { deflateRawSync, inflateRawSync } from 'node:zlib'
import { DEFLATE_DICTIONARY } from './deflate-dictionary'

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
 *
 * A JSON string of DEFLATE_FROM characters or more (a pod, an event, a
 * lease) is written deflated instead (raw DEFLATE, level 1, base64), against
 * a preset dictionary of typical objects (deflate-dictionary.ts: `y`).
 * NeDB keeps every live document in memory (it rewrites a file from memory
 * when it compacts), so the worker holds a second copy of every object's
 * JSON: a held pod's 5.8 KB becomes 0.55 KB, a kubelet event's 740 bytes
 * 0.2 KB, in memory and on disk (deflate alone, the `z` of earlier
 * versions: 2.5 KB and 0.5 KB), for some 25 us of the worker's CPU per
 * pod-sized write, 13 us per event (20 and 4 to inflate at start-up). Every
 * form is read: data dirs written before stay readable as they are, their
 * documents re-encoded as they are written again.
 */
export interface StoredDoc {
  /**
   * `${key}@${revision}`: the key and the revision of this write, and unique,
   * so inserts never collide and a removal targets one version. (Key and
   * revision live only here: every field is work for NeDB's serializer, its
   * deep copies and its key checks, per document, per write.)
   */
  _id: string
  /** The object's JSON (absent on tombstones and when `z` holds it). */
  v?: string
  /** The object's JSON, raw-deflated, base64 (written by earlier versions; read only). */
  z?: string
  /** The object's JSON, raw-deflated against DEFLATE_DICTIONARY, base64. */
  y?: string
  /** Tombstone: the key was deleted at this revision. */
  d?: true
  /** The first revision of the batch this write was committed in. */
  b: number
  /**
   * Only on the batch's last write to each key: how many such documents the
   * batch has (one per key it wrote). Recovery counts them to tell whether the
   * batch reached the disk whole.
   */
  f?: number
}

/** JSON strings at least this long are stored deflated (`y`); a short one would not shrink enough to pay. */
export const DEFLATE_FROM = 512

/** The document of key's version at revision, first written in the batch from revision `batch` (json undefined: a tombstone). */
export function storedDoc(key: string, revision: number, batch: number, json: string | undefined): StoredDoc {
  if (json === undefined) return { _id: docId(key, revision), d: true, b: batch }
  if (json.length < DEFLATE_FROM) return { _id: docId(key, revision), v: json, b: batch }
  return { _id: docId(key, revision), y: deflateRawSync(json, { level: 1, dictionary: DEFLATE_DICTIONARY }).toString('base64'), b: batch }
}

/** The object's JSON a document holds (undefined for a tombstone). */
export function jsonOf(doc: StoredDoc): string | undefined {
  if (doc.d) return undefined
  if (doc.y !== undefined) return inflateRawSync(Buffer.from(doc.y, 'base64'), { dictionary: DEFLATE_DICTIONARY }).toString('utf8')
  return doc.z !== undefined ? inflateRawSync(Buffer.from(doc.z, 'base64')).toString('utf8') : doc.v
}

/** The document id of key's version at revision. */
export function docId(key: string, revision: number): string {
  return `${key}@${revision}`
}

/** The key of a document id. */
export function keyOf(id: string): string {
  return id.slice(0, id.lastIndexOf('@'))
}

/** The revision of a document id. */
export function revisionOf(id: string): number {
  return Number(id.slice(id.lastIndexOf('@') + 1))
}

/** Strict shape check of a loaded document (anything else is corruption, not something to skip). */
export function assertStoredDoc(doc: unknown, where: string): asserts doc is StoredDoc {
  const d = doc as Partial<StoredDoc>
  const ok =
    typeof d === 'object' &&
    d !== null &&
    typeof d._id === 'string' &&
    d._id.lastIndexOf('@') > 0 &&
    Number.isSafeInteger(revisionOf(d._id)) &&
    Number.isSafeInteger(d.b) &&
    (d.f === undefined || Number.isSafeInteger(d.f)) &&
    (typeof d.v === 'string' || typeof d.y === 'string' || typeof d.z === 'string' || d.d === true)
  if (!ok) throw new Error(`storage: unexpected document in ${where}: ${JSON.stringify(doc).slice(0, 200)}`)
}
