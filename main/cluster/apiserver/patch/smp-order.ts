import { type GoKind, errBadArgType, errNoMergeKey, directiveMarker, goEqual, internal } from './smp-values'
import { goSliceStable } from './go-sort'
import { type JsonObject, hasKey, isJsonObject } from './json-values'

/**
 * List ordering for strategic merge patches, after apimachinery's
 * normalizeElementOrder: `$setElementOrder` first, then the order of the
 * patch list, then the order of the live list. The comparator Go sorts with
 * is not a consistent ordering when an item is missing from the order list,
 * so Go's own stable sort (go-sort.ts) is used to get the same result.
 */

// --- apimachinery's ordering helpers ---------------------------------------------

/** index: position of `value` in `list`, comparing merge-key values for maps and items otherwise. */
export function indexOfItem(list: readonly unknown[], value: unknown, mergeKey: string, kind: GoKind): number {
  const key = (item: unknown): unknown => (kind === 'map' ? (isJsonObject(item) ? item[mergeKey] : null) : item)
  const wanted = key(value)
  return list.findIndex((v) => goEqual(wanted, key(v)))
}

/** findMapInSliceBasedOnKeyValue. */
export function findMapByKey(list: readonly unknown[], key: string, value: unknown): number {
  for (let i = 0; i < list.length; i++) {
    const m = list[i]
    if (!isJsonObject(m)) throw internal(`value for key ${i} is not a map`)
    if (hasKey(m, key) && goEqual(m[key], value)) return i
  }
  return -1
}

/** validateMergeKeyInLists. */
function validateMergeKeyInLists(mergeKey: string, ...lists: ReadonlyArray<readonly unknown[]>): void {
  for (const list of lists) {
    for (const item of list) {
      if (!isJsonObject(item)) throw errBadArgType('map', item)
      if (!hasKey(item, mergeKey)) throw errNoMergeKey(item, mergeKey)
    }
  }
}

/** extractToDeleteItems: items marked `$patch: delete` are split off. */
export function extractToDeleteItems(list: readonly unknown[]): { keep: unknown[]; remove: unknown[] } {
  const keep: unknown[] = []
  const remove: unknown[] = []
  for (const v of list) {
    if (!isJsonObject(v)) throw errBadArgType('map', v)
    if (hasKey(v, directiveMarker) && v[directiveMarker] === 'delete') remove.push(v)
    else keep.push(v)
  }
  return { keep, remove }
}

/** normalizeSliceOrder: stable-sorts `items` by their position in `order`; deletions go last. */
function normalizeSliceOrder(items: unknown[], order: readonly unknown[], mergeKey: string, kind: GoKind): unknown[] {
  let toSort = items
  let toDelete: unknown[] = []
  if (kind === 'map') {
    validateMergeKeyInLists(mergeKey, items, order)
    const split = extractToDeleteItems(items)
    toSort = split.keep
    toDelete = split.remove
  }
  goSliceStable(toSort, (i, j) => {
    const ii = indexOfItem(order, toSort[i], mergeKey, kind)
    if (ii >= 0) {
      const ij = indexOfItem(order, toSort[j], mergeKey, kind)
      if (ij >= 0) return ii < ij
    }
    // Go's comparator: anything not found sorts "less".
    return true
  })
  return [...toSort, ...toDelete]
}

/**
 * mergeSortedSlice: interleaves server-only items (left) into patch items
 * (right). A left item goes first only when both are in the live order and
 * it is earlier there, so new items come before server-only ones.
 */
function mergeSortedSlice(left: unknown[], right: unknown[], serverOrder: readonly unknown[], mergeKey: string, kind: GoKind): unknown[] {
  const out: unknown[] = []
  let i = 0
  let j = 0
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++])
    else if (j >= right.length) out.push(left[i++])
    else {
      const li = indexOfItem(serverOrder, left[i], mergeKey, kind)
      const ri = indexOfItem(serverOrder, right[j], mergeKey, kind)
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++])
      else out.push(right[j++])
    }
  }
  return out
}

/** normalizeElementOrder: orders patch items by `patchOrder`, server-only items by `serverOrder`, then interleaves. */
export function normalizeElementOrder(
  patchItems: unknown[],
  serverOnly: unknown[],
  patchOrder: readonly unknown[],
  serverOrder: readonly unknown[],
  mergeKey: string,
  kind: GoKind
): unknown[] {
  const patch = normalizeSliceOrder(patchItems, patchOrder, mergeKey, kind)
  const server = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind)
  return mergeSortedSlice(server, patch, serverOrder, mergeKey, kind)
}

/** partitionMapsByPresentInList / partitionPrimitivesByPresentInList. */
export function partitionByPresence(items: readonly unknown[], by: readonly unknown[], mergeKey: string): { inPatch: unknown[]; serverOnly: unknown[] } {
  const inPatch: unknown[] = []
  const serverOnly: unknown[] = []
  for (const v of items) {
    let found: boolean
    if (mergeKey === '') {
      found = by.some((b) => goEqual(b, v))
    } else {
      if (!isJsonObject(v)) throw errBadArgType('map', v)
      if (!hasKey(v, mergeKey)) throw errNoMergeKey(v as JsonObject, mergeKey)
      found = findMapByKey(by, mergeKey, v[mergeKey]) >= 0
    }
    ;(found ? inPatch : serverOnly).push(v)
  }
  return { inPatch, serverOnly }
}
