import type { KubeObject } from '../apimachinery/types'

/**
 * How objects become stored values. A write becomes one deep-frozen copy
 * (with its new resourceVersion): the cache holds it, watchers get it, and
 * the log serializes it to disk (in the persistence worker, off the event
 * loop: the object travels there by structured clone, which V8 writes
 * outside the JavaScript heap, where a JSON string built here would be
 * garbage twice over, its builder's parts and the flat copy posting it
 * takes). The copy must equal what a restart would load, i.e. the JSON round
 * trip of it. For plain JSON data (what Kubernetes objects are) a direct deep
 * copy is the same tree, costs about half of a parse, and shares the
 * (immutable) strings instead of allocating them again; any value JSON would
 * transform (Dates, undefined in arrays, NaN, class instances, toJSON...)
 * makes us fall back to the JSON round trip, so the equality always holds.
 *
 * The copy also shares every subtree that is already deep-frozen JSON data:
 * an update built from a stored object (`{...old, status}`, as status
 * updates are) hands back the stored spec, labels, owner references...,
 * frozen; they cannot change, so the new version points at them instead of
 * copying them. Each stored version then costs only what changed, which
 * matters for the garbage collector: every stored object outlives the young
 * generation, and copying those survivors is what a scavenge costs. A frozen
 * plain object is taken to hold enumerable data properties only, as
 * everything JSON.parse and this module produce does.
 */

/**
 * Values known to be deep-frozen JSON data without walking them again: the
 * top-level values (spec, status...) of the stored versions this module
 * made, and what other modules vouch for (vouchDeepFrozen). A write that
 * keeps the stored spec (every status write) then shares it at the cost of
 * one lookup instead of a walk of the whole spec. Entries go with their
 * values.
 */
const knownDeepFrozen = new WeakSet<object>()

/**
 * Declares `value` deep-frozen JSON data: plain objects and arrays frozen
 * all the way down, holding only strings, finite numbers other than -0,
 * booleans and null. Stored versions then share it as it is, unwalked. For
 * values built once and shared by many objects (the FieldsV1 of managed
 * fields); a value that is not so would reach storage as it is.
 */
export function vouchDeepFrozen(value: object): void {
  knownDeepFrozen.add(value)
}

/**
 * Records copied one level from a part of a stored version to be edited
 * (editableCopy), each beside the part it was copied from, until the next
 * stored version is made: the copy is written in the same call (as
 * guaranteedUpdate does), so a few slots hold them, with no table.
 */
const copies: object[] = []
const copiedParts: Array<Readonly<Record<string, unknown>>> = []
const maxCopies = 8

/**
 * `{...part}` for a write to edit, where `part` is a record of a stored
 * version (deep-frozen JSON data, as every stored version is all the way
 * down), to be written before any other write. The next stored version
 * then shares the values the edit left as they were without walking them:
 * a binding copies the stored spec to set nodeName, and the copy's
 * containers, volumes and tolerations are the stored ones, where storage
 * walked all of them (a spec's children are frozen but not known as such:
 * only the top-level values of a version are remembered). The copy may be
 * frozen once edited: storage then keeps it as it is instead of copying it.
 */
export function editableCopy<T extends object>(part: T): T {
  const copy = { ...part }
  if (copies.length < maxCopies && Object.isFrozen(part)) {
    copies.push(copy)
    copiedParts.push(part as Readonly<Record<string, unknown>>)
  }
  return copy
}

/** The stored part `value` is an editable copy of, if it is one. */
function copiedPart(value: object): Readonly<Record<string, unknown>> | undefined {
  for (let i = 0; i < copies.length; i++) if (copies[i] === value) return copiedParts[i]
  return undefined
}

/** Thrown by copyFrozen on a value JSON would not round-trip as is. */
const NOT_PLAIN = new Error('not plain JSON data')

/** A frozen copy of value, or value itself when it is deep-frozen JSON data already. */
function copyFrozen(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value
    case 'number':
      if (!Number.isFinite(value)) throw NOT_PLAIN
      return value === 0 ? 0 : value // JSON turns -0 into 0
    case 'object':
      if (value === null) return null
      if (Array.isArray(value)) return copyArray(value)
      if (Object.getPrototypeOf(value) !== Object.prototype) throw NOT_PLAIN
      return copyRecord(value as Record<string, unknown>)
    default:
      throw NOT_PLAIN
  }
}

function copyArray(value: readonly unknown[]): readonly unknown[] {
  // A frozen array is copied only from its first element that is not shared.
  const frozen = Object.isFrozen(value)
  if (frozen && knownDeepFrozen.has(value)) return value
  let out: unknown[] | undefined = frozen ? undefined : new Array(value.length)
  for (let i = 0; i < value.length; i++) {
    const v = value[i]
    if (v === undefined) throw NOT_PLAIN
    const c = copyFrozen(v)
    if (out) out[i] = c
    else if (!Object.is(c, v)) {
      out = value.slice(0, i)
      out.length = value.length
      out[i] = c
    }
  }
  return out ? Object.freeze(out) : value
}

function copyRecord(value: Record<string, unknown>): Readonly<Record<string, unknown>> {
  // A frozen object is copied only from its first property that is not shared.
  const frozen = Object.isFrozen(value)
  if (frozen && knownDeepFrozen.has(value)) return value
  let out: Record<string, unknown> | undefined = frozen ? undefined : {}
  // An editable copy of a stored part: its unchanged values are the part's own, deep-frozen JSON data.
  const from = copies.length === 0 ? undefined : copiedPart(value)
  for (const k in value) {
    if (k === '__proto__') throw NOT_PLAIN
    const v = value[k]
    if (v === undefined) {
      out ??= copiedUpTo(value, k) // JSON drops it too
      continue
    }
    // (Objects only: an inherited value of the part is never an object, __proto__ having thrown above.)
    if (from !== undefined && typeof v === 'object' && v === from[k]) {
      if (out) out[k] = v
      continue
    }
    const c = copyFrozen(v)
    if (out) out[k] = c
    else if (!Object.is(c, v)) {
      out = copiedUpTo(value, k)
      out[k] = c
    }
  }
  return out ? Object.freeze(out) : value
}

/** A new object with value's properties before `stop` (shared as they are: they were found shareable). */
function copiedUpTo(value: Record<string, unknown>, stop: string): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const k in value) {
    if (k === stop) break
    out[k] = value[k]
  }
  return out
}

/**
 * copyFrozen of `{...object, metadata: {...object.metadata, resourceVersion}}`
 * without building that object and its metadata first: the two new levels
 * are the copy's own.
 */
function copyVersioned(object: KubeObject, resourceVersion: string): KubeObject {
  const meta: unknown = object.metadata
  if (meta !== undefined && meta !== null && (typeof meta !== 'object' || Array.isArray(meta) || Object.getPrototypeOf(meta) !== Object.prototype)) throw NOT_PLAIN
  // Plain: for-in then visits the object's own keys only (as below and in copyRecord), with no list of them built.
  if (Object.getPrototypeOf(object) !== Object.prototype) throw NOT_PLAIN
  const out: Record<string, unknown> = {}
  let placed = false
  for (const k in object) {
    if (k === '__proto__') throw NOT_PLAIN
    if (k === 'metadata') {
      out.metadata = copyMetadata(meta as Record<string, unknown> | null | undefined, resourceVersion)
      placed = true
      continue
    }
    const v = (object as unknown as Record<string, unknown>)[k]
    if (v === undefined) continue
    const c = copyFrozen(v)
    out[k] = c
    if (worthRemembering(c)) knownDeepFrozen.add(c)
  }
  if (!placed) out.metadata = copyMetadata(undefined, resourceVersion)
  return Object.freeze(out) as unknown as KubeObject
}

/**
 * Whether a stored version's top-level value goes into knownDeepFrozen: only
 * one holding objects (a spec, a status). One of strings and numbers only
 * (an event's involvedObject and source, a lease's spec) costs a walk no
 * dearer than the lookup, and most stored values are such: leaving them out
 * halves the set (at 20,000 held pods, 16 MiB of table for ~300,000 entries).
 */
function worthRemembering(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false
  if (Array.isArray(value)) return value.some((v) => typeof v === 'object' && v !== null)
  for (const k in value) {
    const v = (value as Record<string, unknown>)[k]
    if (typeof v === 'object' && v !== null) return true
  }
  return false
}

/** A stored version read back from its JSON: deep-frozen, its top-level values remembered as stored ones. */
function rememberParts(object: KubeObject): KubeObject {
  for (const k in object) {
    const v = (object as unknown as Record<string, unknown>)[k]
    if (k !== 'metadata' && worthRemembering(v)) knownDeepFrozen.add(v)
  }
  return object
}

function copyMetadata(meta: Record<string, unknown> | null | undefined, resourceVersion: string): Readonly<Record<string, unknown>> {
  const out: Record<string, unknown> = {}
  let placed = false
  if (meta) {
    for (const k in meta) {
      if (k === '__proto__') throw NOT_PLAIN
      if (k === 'resourceVersion') {
        out.resourceVersion = resourceVersion
        placed = true
        continue
      }
      const v = meta[k]
      if (v !== undefined) out[k] = copyFrozen(v)
    }
  }
  if (!placed) out.resourceVersion = resourceVersion
  return Object.freeze(out)
}

/** Freezes value and everything reachable from it (JSON trees: no cycles, nothing frozen yet). Returns value. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) freezeTree(value)
  return value
}

function freezeTree(o: object): void {
  Object.freeze(o)
  if (Array.isArray(o)) {
    for (let i = 0; i < o.length; i++) {
      const v: unknown = o[i]
      if (typeof v === 'object' && v !== null) freezeTree(v)
    }
  } else {
    for (const k in o) {
      const v = (o as Record<string, unknown>)[k]
      if (typeof v === 'object' && v !== null) freezeTree(v)
    }
  }
}

/**
 * The object as stored at revision (metadata.resourceVersion = String(revision)):
 * a deep-frozen copy equal to what JSON.stringify and JSON.parse of it give,
 * which is what goes to disk (the log stringifies it) and what a restart
 * loads. A value JSON cannot encode (a cycle, a BigInt) throws here, before
 * the write takes a revision.
 */
export function storedVersion(object: KubeObject, revision: number): KubeObject {
  if (typeof object !== 'object' || object === null) throw new TypeError('storage: object must be a Kubernetes object')
  try {
    return copyVersioned(object, String(revision))
  } catch {
    // Not plain JSON data (or too deep to copy by recursion): the JSON round
    // trip decides, and throws what JSON.stringify throws.
    return decodeObject(JSON.stringify({ ...object, metadata: { ...(object.metadata ?? {}), resourceVersion: String(revision) } }))
  } finally {
    if (copies.length !== 0) {
      copies.length = 0
      copiedParts.length = 0
    }
  }
}

/** About how long JSON.stringify(value) is, without building it (for batch sizes). */
export function approximateJsonLength(value: unknown): number {
  switch (typeof value) {
    case 'string':
      return value.length + 2
    case 'object': {
      if (value === null) return 4
      let n = 2
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) n += approximateJsonLength(value[i]) + 1
      } else {
        for (const k in value) n += k.length + 4 + approximateJsonLength((value as Record<string, unknown>)[k])
      }
      return n
    }
    default:
      return 8
  }
}

/** Parses a stored JSON string into a deep-frozen object. */
export function decodeObject(json: string): KubeObject {
  return rememberParts(deepFreeze(JSON.parse(json) as KubeObject))
}

/**
 * A frozen copy of a stored object with another resourceVersion, sharing every
 * nested value but metadata (already frozen). Used for DELETED events, which
 * carry the last state at the deletion's revision.
 */
export function withResourceVersion(object: KubeObject, revision: number): KubeObject {
  return Object.freeze({ ...object, metadata: Object.freeze({ ...object.metadata, resourceVersion: String(revision) }) })
}
