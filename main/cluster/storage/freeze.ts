import type { KubeObject } from '../apimachinery/types'

/**
 * How objects become stored values. A write is serialized once to JSON (with
 * its new resourceVersion); that string is both what goes to disk and, parsed
 * back, the stored copy. The round trip is the cheapest deep copy that also
 * guarantees the cache holds exactly what a restart would load.
 */

/** Freezes value and everything reachable from it (JSON trees: no cycles). Returns value. */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value
  Object.freeze(value)
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) deepFreeze(value[i])
  } else {
    for (const k in value) deepFreeze((value as Record<string, unknown>)[k])
  }
  return value
}

/** The JSON of object as stored at revision: metadata.resourceVersion set to String(revision). */
export function encodeObject(object: KubeObject, revision: number): string {
  if (typeof object !== 'object' || object === null) throw new TypeError('storage: object must be a Kubernetes object')
  const metadata = object.metadata ?? {}
  return JSON.stringify({ ...object, metadata: { ...metadata, resourceVersion: String(revision) } })
}

/** Parses a stored JSON string into a deep-frozen object. */
export function decodeObject(json: string): KubeObject {
  return deepFreeze(JSON.parse(json) as KubeObject)
}

/**
 * A frozen copy of a stored object with another resourceVersion, sharing every
 * nested value but metadata (already frozen). Used for DELETED events, which
 * carry the last state at the deletion's revision.
 */
export function withResourceVersion(object: KubeObject, revision: number): KubeObject {
  return Object.freeze({ ...object, metadata: Object.freeze({ ...object.metadata, resourceVersion: String(revision) }) })
}
