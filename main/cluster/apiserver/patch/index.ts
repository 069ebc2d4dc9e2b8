import { maxBodyDepth, nestsDeeperThan } from '../body'
import { PatchError } from './errors'
import { goJsonKind } from './go-format'
import { applyJsonPatch, decodeJsonPatch } from './json-patch'
import { type JsonObject, isJsonObject } from './json-values'
import { applyMergePatch, invalidJsonPatchMessage } from './merge-patch'
import type { PatchMeta } from './patch-meta'
import { applyStrategicMergePatch } from './strategic-merge-patch'

/**
 * The three PATCH body types kube-apiserver applies itself
 * (`application/apply-patch+yaml` is server-side apply, handled elsewhere).
 */
export type PatchType = 'json' | 'merge' | 'strategic'

/** Content-Type → patch type. */
export const patchTypesByContentType: Readonly<Record<string, PatchType>> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic'
}

/** The patch type of a Content-Type header (parameters such as `; charset=utf-8` ignored), if it is one of the three. */
export function patchTypeOf(contentType: string | undefined): PatchType | undefined {
  const base = (contentType ?? '').split(';')[0].trim().toLowerCase()
  return Object.prototype.hasOwnProperty.call(patchTypesByContentType, base) ? patchTypesByContentType[base] : undefined
}

/**
 * Approximates Go's encoding/json syntax error text from a JSON.parse failure.
 * Go's scanner names the offending character; JS engines word it differently.
 */
function goSyntaxError(text: string, e: unknown): string {
  const message = String((e as Error)?.message ?? '')
  const end = text.trimEnd().length
  const position = /at position (\d+)/.exec(message)
  const token = /Unexpected token '(.)'/.exec(message)
  const at = position ? Number(position[1]) : token ? text.indexOf(token[1]) : end
  if (at < 0 || at >= end) return 'unexpected end of JSON input'
  const context = message.startsWith('Expected property name') ? 'beginning of object key string' : 'beginning of value'
  return `invalid character '${text[at]}' looking for ${context}`
}

/**
 * Parses a PATCH body, failing as kube-apiserver does for undecodable JSON:
 * 400 `Invalid JSON Patch` for a merge patch (unless strict, which decodes
 * first and reports `error decoding patch: ...`), the decoder's message otherwise.
 */
export function parsePatchBody(type: PatchType, text: string, options: { strict?: boolean } = {}): unknown {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (e) {
    const detail = goSyntaxError(text, e)
    if (type === 'merge') throw new PatchError(options.strict ? `error decoding patch: ${detail}` : invalidJsonPatchMessage, 'BadRequest')
    if (type === 'json' && options.strict) throw new PatchError(`error decoding patch: ${detail}`, 'BadRequest')
    throw new PatchError(detail, 'BadRequest')
  }
  // The appliers recurse: a patch nested deeper than any object is refused first.
  if (nestsDeeperThan(value, maxBodyDepth)) throw new PatchError(`error decoding patch: exceeded max depth of ${maxBodyDepth}`, 'BadRequest')
  return value
}

/** Options of applyPatch. */
export interface ApplyPatchOptions {
  /** Strategic-merge metadata of the object's kind (see builtinPatchMeta); unused by the other types. */
  meta?: PatchMeta
  /** fieldValidation Strict or Warn: the apiserver then pre-decodes bodies, which changes some 400 messages. */
  strict?: boolean
  /**
   * Drop null-valued object fields from the result, as decoding into the
   * typed Go object does (default true). The appliers themselves keep
   * whatever nulls their Go counterparts keep.
   */
  dropNulls?: boolean
}

/** Removes null-valued object members, recursively (null list elements stay). */
export function dropNullFields<T>(v: T): T {
  if (Array.isArray(v)) {
    for (const item of v) dropNullFields(item)
  } else if (isJsonObject(v)) {
    for (const k of Object.keys(v)) {
      if (v[k] === null) delete v[k]
      else dropNullFields(v[k])
    }
  }
  return v
}

/**
 * Applies a parsed PATCH body of the given type to `original` (not modified)
 * and returns the patched document. The result is normally an object; a
 * patch can also produce something else (a merge patch that is an array),
 * which the caller's decoding must reject. Throws PatchError.
 */
export function applyPatch(type: PatchType, original: JsonObject, patch: unknown, options: ApplyPatchOptions = {}): unknown {
  let result: unknown
  switch (type) {
    case 'json':
      result = applyJsonPatch(original, decodeJsonPatch(patch, { strict: options.strict }))
      break
    case 'merge':
      if (options.strict && !isJsonObject(patch) && patch !== null) {
        throw new PatchError(`error decoding patch: json: cannot unmarshal ${goJsonKind(patch)} into Go value of type map[string]interface {}`, 'BadRequest')
      }
      result = applyMergePatch(original, patch)
      break
    case 'strategic':
      result = applyStrategicMergePatch(original, patch, options.meta)
      break
  }
  return options.dropNulls === false ? result : dropNullFields(result)
}

export { PatchError, type PatchErrorKind, isPatchError, patchErrorToStatus, genericUnprocessableMessage } from './errors'
export { applyJsonPatch, decodeJsonPatch, type JsonPatchOperation, maxJsonPatchOperations, jsonPatchMaxCopyBytes } from './json-patch'
export { applyMergePatch } from './merge-patch'
export { applyStrategicMergePatch } from './strategic-merge-patch'
export {
  type PatchMeta,
  type PatchStrategy,
  type FieldSpec,
  type FieldMap,
  patchMetaFromSpec,
  plainPatchMeta,
  effectiveStrategy,
  object,
  mergeList,
  mergeRetainList,
  mergeSet,
  retainKeys,
  replaceStrategy
} from './patch-meta'
export { builtinPatchMeta, builtinPatchMetaKinds, objectMetaOnlyPatchMeta } from './patch-meta-core'
export { decodePointerToken, encodePointerToken, formatPointer } from './json-pointer'
