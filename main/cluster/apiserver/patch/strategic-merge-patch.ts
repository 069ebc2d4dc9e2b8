import { PatchError } from './errors'
import { goJsonKind, goValue } from './go-format'
import { BackedList, deduplicateScalars, extractKey, sliceElementType } from './smp-slices'
import { type JsonObject, cloneJson, hasKey, isJsonObject, setKey } from './json-values'
import { type PatchMeta, effectiveStrategy } from './patch-meta'
import {
  deleteFromPrimitiveListPrefix,
  directiveMarker,
  discardNullValues,
  errBadArgType,
  errBadPatchFormatForRetainKeys,
  errBadPatchType,
  errNoMergeKey,
  goEqual,
  goKind,
  internal,
  removeDirectives,
  retainKeysDirective,
  setElementOrderPrefix
} from './smp-values'
import { extractToDeleteItems, findMapByKey, normalizeElementOrder, partitionByPresence } from './smp-order'

/**
 * Kubernetes strategic merge patch (`application/strategic-merge-patch+json`),
 * the server half of k8s.io/apimachinery/pkg/util/strategicpatch
 * (StrategicMergeMapPatch with MergeParallelList and IgnoreUnmatchedNulls),
 * driven by PatchMeta instead of Go struct tags:
 *
 * - maps merge recursively; `null` deletes a key;
 * - lists whose field has strategy `merge` are merged: lists of maps by the
 *   merge key (matching items merged, new ones added), lists of scalars as
 *   sets; other lists are replaced;
 * - directives: `$patch: replace|delete` on a map, `$patch: replace|delete`
 *   items in a merging list, `$retainKeys`, `$setElementOrder/<list>`,
 *   `$deleteFromPrimitiveList/<list>`;
 * - a value added where the original has none loses its nested nulls and
 *   any map carrying a `$patch` directive.
 *
 * Where the result depends on Go's map iteration order (a list and its
 * `$deleteFromPrimitiveList` both naming one value), patch key order is used.
 */

/** Takes a patch value whole, as mergeMap does where the original has nothing comparable. */
function takePatchValue(original: JsonObject, key: string, patchValue: unknown): void {
  discardNullValues(patchValue)
  const kept = removeDirectives(patchValue)
  if (kept) setKey(original, key, kept.value)
  else delete original[key]
}

/** mergeMap: merges `patch` into `original` (both are modified). */
function mergeMap(original: JsonObject | null, patch: JsonObject, meta: PatchMeta | undefined): JsonObject {
  if (hasKey(patch, directiveMarker)) {
    const directive = patch[directiveMarker]
    if (directive === 'replace') {
      delete patch[directiveMarker]
      return patch
    }
    if (directive === 'delete') return {}
    throw errBadPatchType(directive, patch)
  }
  const target = original ?? {}
  applyRetainKeysDirective(target, patch)
  mergePatchIntoOriginal(target, patch, meta)

  for (const patchKey of Object.keys(patch)) {
    const patchValue = patch[patchKey]
    const isDeleteList = patchKey.startsWith(deleteFromPrimitiveListPrefix)
    const key = isDeleteList ? extractKey(patchKey, deleteFromPrimitiveListPrefix) : patchKey
    if (patchValue === null) {
      delete target[key]
      continue
    }
    const current = target[key]
    if (!hasKey(target, key) || goKind(current) !== goKind(patchValue)) {
      if (!isDeleteList) takePatchValue(target, key, patchValue)
      continue
    }
    const child = meta?.child(key)
    if (isJsonObject(current)) {
      const merged = effectiveStrategy(child) === 'replace' ? patchValue : mergeMap(current, patchValue as JsonObject, child)
      setKey(target, key, merged)
    } else if (Array.isArray(current)) {
      setKey(target, key, mergeSliceHandler(current, patchValue as unknown[], child, isDeleteList).merged)
    } else {
      setKey(target, key, patchValue)
    }
  }
  return target
}

/** applyRetainKeysDirective: clears keys not listed in `$retainKeys`, after checking the patch keeps to the list. */
function applyRetainKeysDirective(original: JsonObject, patch: JsonObject): void {
  if (!hasKey(patch, retainKeysDirective)) return
  const retain = patch[retainKeysDirective]
  delete patch[retainKeysDirective]
  if (!Array.isArray(retain)) throw errBadPatchFormatForRetainKeys()
  const kept = (k: string): boolean => retain.some((r) => goEqual(r, k))
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(deleteFromPrimitiveListPrefix) || k.startsWith(setElementOrderPrefix)) continue
    if (!kept(k)) throw errBadPatchFormatForRetainKeys()
  }
  for (const k of Object.keys(original)) if (!kept(k)) delete original[k]
}

/** mergeKeyValueEqual. */
function mergeKeyValueEqual(left: unknown, right: unknown, mergeKey: string): boolean {
  if (mergeKey === '') return goEqual(left, right)
  if (!isJsonObject(left)) throw errBadArgType('map', left)
  if (!isJsonObject(right)) throw errBadArgType('map', right)
  if (!hasKey(left, mergeKey)) throw errNoMergeKey(left, mergeKey)
  if (!hasKey(right, mergeKey)) throw errNoMergeKey(right, mergeKey)
  return goEqual(left[mergeKey], right[mergeKey])
}

/** validatePatchWithSetOrderList: patch items must appear in `$setElementOrder`, in the same relative order. */
function validatePatchWithSetOrderList(patchList: readonly unknown[], setOrder: readonly unknown[], mergeKey: string): void {
  if (setOrder.length === 0 || patchList.length === 0) return
  const items = mergeKey ? extractToDeleteItems(patchList).keep : patchList
  let p = 0
  let s = 0
  while (p < items.length && s < setOrder.length) {
    if (isJsonObject(items[p]) && hasKey(items[p] as JsonObject, directiveMarker)) {
      p++
      continue
    }
    if (mergeKeyValueEqual(items[p], setOrder[s], mergeKey)) p++
    s++
  }
  if (p < items.length && s >= setOrder.length) {
    throw internal(`the order in patch list:\n${goValue(patchList)}\n doesn't match ${setElementOrderPrefix} list:\n${goValue(setOrder)}`)
  }
}

/** mergePatchIntoOriginal: handles every `$setElementOrder/<list>` with its list, removing both from the patch. */
function mergePatchIntoOriginal(original: JsonObject, patch: JsonObject, meta: PatchMeta | undefined): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(setElementOrderPrefix)) continue
    const setOrder = patch[key]
    delete patch[key]
    if (!Array.isArray(setOrder)) throw errBadArgType('slice', setOrder)
    const listKey = extractKey(key, setElementOrderPrefix)
    const foundOriginal = hasKey(original, listKey)
    const foundPatch = hasKey(patch, listKey)
    const originalList = original[listKey]
    const patchList = patch[listKey]
    if (foundOriginal && !Array.isArray(originalList)) throw errBadArgType('slice', originalList)
    if (foundPatch && !Array.isArray(patchList)) throw errBadArgType('slice', patchList)
    const originalItems = (originalList ?? []) as unknown[]
    const patchItems = (patchList ?? []) as unknown[]
    const child = meta?.child(listKey)
    const mergeKey = child?.mergeKey ?? ''
    validatePatchWithSetOrderList(patchItems, setOrder, mergeKey)

    let merged: unknown[]
    let liveOrder: unknown[] = originalItems
    if (foundOriginal && !foundPatch) merged = originalItems
    else if (!foundOriginal && foundPatch) merged = removeDirectives(patchItems)!.value as unknown[]
    else if (foundOriginal && foundPatch) ({ merged, liveOrder } = mergeSliceHandler(originalItems, patchItems, child, false))
    else continue

    const parts = partitionByPresence(merged, setOrder, mergeKey)
    const kind = sliceElementType(originalItems, patchItems)
    setKey(original, listKey, normalizeElementOrder(parts.inPatch, parts.serverOnly, setOrder, liveOrder, mergeKey, kind))
    delete patch[listKey]
  }
}

/** Result of merging a list: the merged items, and the live list as Go's aliased backing array leaves it. */
interface SliceMerge {
  merged: unknown[]
  liveOrder: unknown[]
}

/** mergeSliceHandler: merge strategy (or a deletion list) merges; anything else takes the patch list. */
function mergeSliceHandler(original: unknown[], patch: unknown[], meta: PatchMeta | undefined, isDeleteList: boolean): SliceMerge {
  if (effectiveStrategy(meta) === 'merge' || isDeleteList) return mergeSlice(original, patch, meta, meta?.mergeKey ?? '', isDeleteList)
  return { merged: patch, liveOrder: original }
}

/**
 * mergeSlice. Go deletes and appends through slices sharing the live list's
 * backing array, so when the caller later orders by "the live list" it sees
 * the survivors followed by the first appended items; apimachinery's own
 * test expectations depend on that, hence BackedList.
 */
function mergeSlice(original: unknown[], patch: unknown[], meta: PatchMeta | undefined, mergeKey: string, isDeleteList: boolean): SliceMerge {
  if (original.length === 0 && patch.length === 0) return { merged: original, liveOrder: original }
  const kind = sliceElementType(original, patch)

  if (kind !== 'map') {
    if (isDeleteList) return { merged: original.filter((v) => !patch.some((d) => goEqual(d, v))), liveOrder: original }
    const merged = deduplicateScalars([...original, ...patch])
    const parts = partitionByPresence(merged, patch, mergeKey)
    return { merged: normalizeElementOrder(parts.inPatch, parts.serverOnly, patch, original, mergeKey, kind), liveOrder: original }
  }

  if (mergeKey === '') throw internal('cannot merge lists without merge key for string')
  const live = new BackedList(original)
  let working = live
  let additions: unknown[] = []
  let replace = false
  // mergeSliceWithSpecialElements: `$patch` items delete by key or turn the merge into a replace.
  for (const v of patch) {
    const item = v as JsonObject
    if (!hasKey(item, directiveMarker)) {
      additions.push(v)
      continue
    }
    const directive = item[directiveMarker]
    if (directive === 'delete') {
      if (!hasKey(item, mergeKey)) throw errNoMergeKey(item, mergeKey)
      for (let at = findMapByKey(live.items(), mergeKey, item[mergeKey]); at >= 0; at = findMapByKey(live.items(), mergeKey, item[mergeKey])) {
        live.deleteAt(at)
      }
    } else if (directive === 'replace') {
      replace = true
    } else if (directive === 'merge') {
      throw internal('merging lists cannot yet be specified in the patch')
    } else {
      throw errBadPatchType(directive, item)
    }
  }
  if (replace) {
    working = new BackedList(additions)
    additions = []
  }
  const serverOrder = [...working.items()]

  // mergeSliceWithoutSpecialElements: merge items sharing a key, append the rest.
  for (const v of additions) {
    const item = v as JsonObject
    if (!hasKey(item, mergeKey)) throw errNoMergeKey(item, mergeKey)
    const at = findMapByKey(working.items(), mergeKey, item[mergeKey])
    if (at >= 0) working.set(at, mergeMap(working.items()[at] as JsonObject, item, meta))
    else working.append(v)
  }
  const merged = [...working.items()]
  const parts = partitionByPresence(merged, additions, mergeKey)
  return { merged: normalizeElementOrder(parts.inPatch, parts.serverOnly, additions, serverOrder, mergeKey, kind), liveOrder: live.view() }
}

/**
 * Applies a strategic merge patch to `original` for an object whose fields
 * `meta` describes (undefined: plain merge everywhere). Neither input is
 * modified. A `null` patch changes nothing; a patch that is not an object
 * is a 400, as decoding it into a map fails. Throws PatchError.
 */
export function applyStrategicMergePatch(original: JsonObject, patch: unknown, meta: PatchMeta | undefined): JsonObject {
  if (patch === null) return cloneJson(original)
  if (!isJsonObject(patch)) {
    throw new PatchError(`json: cannot unmarshal ${goJsonKind(patch)} into Go value of type map[string]interface {}`, 'BadRequest')
  }
  return mergeMap(cloneJson(original), cloneJson(patch), meta)
}
