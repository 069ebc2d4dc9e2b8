import { fromFieldsV1, toFieldsV1, type FieldSet } from './field-set'
import { RecentMap } from './recent-map'

/**
 * The FieldsV1 <-> FieldSet conversions of stored entries, cached with a
 * bound on memory.
 *
 * Stored objects are deep-frozen and shared, and sets are values: a set
 * that comes out of a write unchanged is written back as the same frozen
 * FieldsV1 (so storage shares it between versions), and the set of a stored
 * FieldsV1 is decoded once while its object is being written. Only the
 * objects written lately are worth a decoded set, though: a held cluster
 * keeps 100,000 pods, each with about three entries, and decoded sets (a Map
 * per node) cost more than the objects' JSON. So decodings are kept for the
 * most recently used FieldsV1 only; an older one is decoded again if its
 * object is written again.
 *
 * Equal sets (and equal branches of sets) are encoded as one frozen FieldsV1
 * as long as that encoding is in use (see toFieldsV1).
 */

/** Decoded FieldsV1 kept (three or four per object being written now). */
const DECODED_KEPT = 4096

/** FieldsV1 (frozen, stored) -> its set, for the most recently used. */
const decoded = new RecentMap<object, FieldSet>(DECODED_KEPT)
/** Set -> its frozen FieldsV1, for as long as the set lives. */
const encoded = new WeakMap<FieldSet, Record<string, unknown>>()

/** The set of a FieldsV1 document; undefined when it is not one. */
export function decodeFieldsV1(json: unknown): FieldSet | undefined {
  const frozen = json !== null && typeof json === 'object' && Object.isFrozen(json)
  const cached = frozen ? decoded.get(json) : undefined
  if (cached) return cached
  const set = fromFieldsV1(json)
  if (set && frozen) {
    decoded.set(json, set)
    encoded.set(set, json as Record<string, unknown>)
  }
  return set
}

/**
 * A set's FieldsV1, frozen (see toFieldsV1): the same object for the same
 * set, so storage keeps this very object in the stored version and the next
 * write reads its set back from the cache instead of decoding it.
 */
export function encodeFieldsV1(set: FieldSet): Record<string, unknown> {
  let json = encoded.get(set)
  if (!json) {
    json = toFieldsV1(set)
    encoded.set(set, json)
    decoded.set(json, set)
  }
  return json
}
