import { PatchError } from './errors'
import { goPercentS, goTypeName, goValue } from './go-format'
import { type JsonObject, hasKey, isJsonObject } from './json-values'

/**
 * Value helpers and error constructors for the strategic merge patch, kept
 * to the Go original's notion of types: the apiserver decodes JSON into
 * map[string]interface{}, []interface{}, string, int64, float64, bool, nil.
 */

/** `$patch`: the directive marker. */
export const directiveMarker = '$patch'
/** `$retainKeys`: keep only the listed keys of the map. */
export const retainKeysDirective = '$retainKeys'
/** `$deleteFromPrimitiveList/<field>`: values to remove from a merged primitive list. */
export const deleteFromPrimitiveListPrefix = '$deleteFromPrimitiveList'
/** `$setElementOrder/<field>`: the final order of a merged list. */
export const setElementOrderPrefix = '$setElementOrder'

/** The Go dynamic type of a decoded JSON value. */
export type GoKind = 'map' | 'slice' | 'string' | 'int64' | 'float64' | 'bool' | 'nil'

/** reflect.TypeOf(v).Kind() of a decoded value (integral numbers are int64, as the apiserver decodes them). */
export function goKind(v: unknown): GoKind {
  if (v === null || v === undefined) return 'nil'
  if (Array.isArray(v)) return 'slice'
  switch (typeof v) {
    case 'string':
      return 'string'
    case 'boolean':
      return 'bool'
    case 'number':
      return goTypeName(v) as 'int64' | 'float64'
    default:
      return 'map'
  }
}

/**
 * Go's `==` on two interface values holding decoded JSON scalars. Go panics
 * comparing maps or slices this way; here they are equal only to themselves.
 */
export function goEqual(a: unknown, b: unknown): boolean {
  const kind = goKind(a)
  if (kind !== goKind(b)) return false
  return kind === 'nil' || a === b
}

/**
 * removeDirectives: drops every map carrying `$patch` (and the key holding
 * it), recursively. Applied where a patch value is taken whole because the
 * original has nothing there (kubernetes PR 117568). Returns undefined when
 * the value itself is to be dropped.
 */
export function removeDirectives(v: unknown): { value: unknown } | undefined {
  if (Array.isArray(v)) {
    const out: unknown[] = []
    for (const item of v) {
      const kept = removeDirectives(item)
      if (kept) out.push(kept.value)
    }
    return { value: out }
  }
  if (isJsonObject(v)) {
    if (hasKey(v, directiveMarker)) return undefined
    for (const k of Object.keys(v)) {
      const kept = removeDirectives(v[k])
      if (kept) v[k] = kept.value
      else delete v[k]
    }
  }
  return { value: v }
}

/** discardNullValuesFromPatch: removes null members from maps, recursively (list elements stay). */
export function discardNullValues(v: unknown): void {
  if (Array.isArray(v)) {
    for (const item of v) discardNullValues(item)
  } else if (isJsonObject(v)) {
    for (const k of Object.keys(v)) {
      if (v[k] === null) delete v[k]
      else discardNullValues(v[k])
    }
  }
}

// --- errors, worded as k8s.io/apimachinery/pkg/util/mergepatch words them ---------

/** 400s (interpretStrategicMergePatchError maps these sentinel errors to BadRequest). */
export const errBadPatchFormatForRetainKeys = (): PatchError => new PatchError('invalid patch format of retainKeys', 'BadRequest')
export const errBadPatchFormatForPrimitiveList = (): PatchError => new PatchError('invalid patch format of primitive list', 'BadRequest')
export const errBadPatchFormatForSetElementOrderList = (): PatchError =>
  new PatchError('invalid patch format of setElementOrder list', 'BadRequest')

/** 422: ErrNoListOfLists. */
export const errNoListOfLists = (): PatchError => new PatchError('lists of lists are not supported', 'Unprocessable')

/** 500: any other error. */
export function internal(message: string): PatchError {
  return new PatchError(message, 'Internal')
}

/** mergepatch.ErrNoMergeKey. */
export function errNoMergeKey(m: JsonObject, key: string): PatchError {
  return internal(`map: ${goValue(m)} does not contain declared merge key: ${key}`)
}

/** mergepatch.ErrBadArgType with a typed-nil map or slice as the expected value. */
export function errBadArgType(expected: 'map' | 'slice', actual: unknown): PatchError {
  const want = expected === 'map' ? 'map[string]interface {}' : '[]interface {}'
  return internal(`expected a ${want}, but received a ${goTypeName(actual)}`)
}

/** mergepatch.ErrBadPatchType. */
export function errBadPatchType(directive: unknown, m: JsonObject): PatchError {
  return internal(`unknown patch type: ${goPercentS(directive)} in map: ${goValue(m)}`)
}
