import { PatchError } from './errors'
import { type JsonObject, cloneJson, hasKey, isJsonObject, setKey } from './json-values'

/**
 * RFC 7386 JSON merge patch (`application/merge-patch+json`) with the
 * semantics of gopkg.in/evanphx/json-patch.v4's MergePatch, which
 * kube-apiserver applies:
 *
 * - objects merge recursively, `null` deletes a member, anything else
 *   (arrays included) replaces;
 * - a value added where there was none (or `null`) has its nested nulls
 *   pruned, arrays included (`[{"a":null}]` becomes `[{}]`; null elements
 *   stay) -- but a non-object replacing an object is taken as is;
 * - a `null` patch, or a patch that is neither object nor array, is
 *   rejected with `Invalid JSON Patch` (RFC 7386 would return it as the
 *   result); a `null` document is `Invalid JSON Document`.
 */

/** ErrBadJSONPatch's text. */
export const invalidJsonPatchMessage = 'Invalid JSON Patch'
/** ErrBadJSONDoc's text. */
export const invalidJsonDocumentMessage = 'Invalid JSON Document'

/** Removes null members from objects, recursively through arrays (pruneNulls). */
function pruneNulls(v: unknown): unknown {
  if (Array.isArray(v)) {
    for (const item of v) if (item !== null) pruneNulls(item)
  } else if (isJsonObject(v)) {
    for (const k of Object.keys(v)) {
      if (v[k] === null) delete v[k]
      else pruneNulls(v[k])
    }
  }
  return v
}

/** merge(cur, patch): the value to store where `cur` was. */
function mergeValue(cur: unknown, patch: unknown): unknown {
  if (!isJsonObject(cur)) return pruneNulls(patch)
  if (!isJsonObject(patch)) return patch
  mergeDocs(cur, patch)
  return cur
}

function mergeDocs(doc: JsonObject, patch: JsonObject): void {
  for (const k of Object.keys(patch)) {
    const v = patch[k]
    if (v === null) {
      delete doc[k]
    } else if (!hasKey(doc, k) || doc[k] === null) {
      setKey(doc, k, pruneNulls(v))
    } else {
      setKey(doc, k, mergeValue(doc[k], v))
    }
  }
}

/**
 * Applies `patch` to a copy of `doc` and returns the result (neither input
 * is modified). Throws PatchError (BadRequest) for the cases the library rejects.
 */
export function applyMergePatch(doc: unknown, patch: unknown): unknown {
  // The library checks the document first.
  if (doc === null) throw new PatchError(invalidJsonDocumentMessage, 'BadRequest')
  if (patch === null) throw new PatchError(invalidJsonPatchMessage, 'BadRequest')
  const p = cloneJson(patch)
  if (Array.isArray(p)) return pruneNulls(p)
  if (!isJsonObject(p)) throw new PatchError(invalidJsonPatchMessage, 'BadRequest')
  // A document that is not an object is replaced by the (pruned) patch.
  if (!isJsonObject(doc)) return pruneNulls(p)
  const d = cloneJson(doc)
  mergeDocs(d, p)
  return d
}
