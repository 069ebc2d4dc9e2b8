import { deepCopy } from '../apimachinery/deep-copy'
import type { KubeObject } from '../apimachinery/types'
import type { FrozenFields, FrozenShares } from './types'

/**
 * The private copy the write pipeline makes of what a caller writes, so
 * that defaulting and normalisation never reach the caller's object. Stored
 * objects are deep-frozen and shared (storage/freeze.ts): a subtree the
 * pipeline only reads or replaces whole may stay the stored one, which also
 * lets storage keep it shared in the version it writes instead of copying
 * it again.
 */

function isFrozenObject(v: unknown): boolean {
  return v !== null && typeof v === 'object' && Object.isFrozen(v)
}

/** A copy of obj's own keys, in order: shared where `share` says so, deep-copied otherwise. obj is a plain object: for-in visits its own keys only. */
function copyKeys(obj: Record<string, unknown>, share: (key: string, value: unknown) => boolean, copy: (key: string, value: unknown) => unknown = (_k, v) => deepCopy(v)): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key in obj) {
    const v = obj[key]
    const value = share(key, v) ? v : copy(key, v)
    // A decoded `__proto__` key is data: defined, so it never sets the copy's prototype.
    if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true })
    else out[key] = value
  }
  return out
}

/** metadata, with a stored managedFields list shared: the pipeline sets a new list, never edits one. */
function copyMetadata(meta: unknown): unknown {
  if (meta === null || typeof meta !== 'object' || Array.isArray(meta) || Object.getPrototypeOf(meta) !== Object.prototype) return deepCopy(meta)
  return copyKeys(meta as Record<string, unknown>, (key, v) => key === 'managedFields' && isFrozenObject(v))
}

/**
 * metadata of a status write, with every stored (frozen) value shared: the
 * status strategy sets metadata's own fields (uid, timestamps; a kind's
 * labels as a new object) and never edits labels, annotations, owner
 * references or finalizers in place. A pod's versions written through
 * status writes then share one label set, as bindings' versions do, and
 * what is computed once per frozen label set (index values, group keys)
 * stays computed.
 */
function copyStatusMetadata(meta: unknown): unknown {
  if (meta === null || typeof meta !== 'object' || Array.isArray(meta) || Object.getPrototypeOf(meta) !== Object.prototype) return deepCopy(meta)
  return copyKeys(meta as Record<string, unknown>, (_key, v) => isFrozenObject(v))
}

const isPlainRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype

/**
 * A copy of value that keeps the frozen values `shares` points at (see
 * ResourceDefinition.keepsFrozen), copying the rest. Lists are looked
 * through; below `true` every frozen value is kept.
 */
function copySharing(value: unknown, shares: FrozenShares): unknown {
  if (value === null || typeof value !== 'object') return deepCopy(value)
  if (shares === true && isFrozenObject(value)) return value
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) return deepCopy(value)
    const out = new Array<unknown>(value.length)
    for (let i = 0; i < value.length; i++) if (i in value) out[i] = copySharing(value[i], shares)
    return out
  }
  if (!isPlainRecord(value)) return deepCopy(value)
  return copyKeys(value, () => false, (key, v) => {
    const below = shares === true ? true : Object.hasOwn(shares, key) ? shares[key] : undefined
    return below === undefined ? deepCopy(v) : copySharing(v, below)
  })
}

/**
 * The copy of a create or update of the main resource: everything but stored
 * managedFields, and the frozen values the kind lets a write keep
 * (ResourceDefinition.keepsFrozen), is the pipeline's own. A kept frozen
 * value is vouched for as a stored one is: the type check does not walk it
 * again (schema/type-check.ts).
 */
export function copyWrite(input: KubeObject, shares?: FrozenFields): KubeObject {
  if (!isPlainRecord(input)) return deepCopy(input)
  return copyKeys(input, () => false, (key, v) => {
    if (key === 'metadata') return copyMetadata(v)
    const below = shares && Object.hasOwn(shares, key) ? shares[key] : undefined
    return below === undefined ? deepCopy(v) : copySharing(v, below)
  }) as unknown as KubeObject
}

/**
 * The copy of a status write: metadata (but its stored values) and status are the pipeline's own;
 * the rest (the spec, which the status strategy replaces with the stored
 * one) is shared when stored, as it is only type-checked. With
 * `keepsFrozenStatus` (a kind whose status strategy edits nothing in the
 * status: no prepareForStatusUpdate), the frozen values inside the status
 * are kept too, as keepsFrozen values are: a kubelet hands its generated
 * status over frozen, and storage then keeps those very objects.
 */
export function statusWriteCopy(input: KubeObject, keepsFrozenStatus = false): KubeObject {
  if (input === null || typeof input !== 'object' || Array.isArray(input) || Object.getPrototypeOf(input) !== Object.prototype) return deepCopy(input)
  return copyKeys(
    input as unknown as Record<string, unknown>,
    (key, v) => key !== 'metadata' && key !== 'status' && isFrozenObject(v),
    (key, v) => (key === 'metadata' ? copyStatusMetadata(v) : key === 'status' && keepsFrozenStatus ? copySharing(v, true) : deepCopy(v))
  ) as unknown as KubeObject
}
