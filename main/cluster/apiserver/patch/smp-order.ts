import { type GoKind, errBadArgType, errNoMergeKey, directiveMarker, goEqual, internal } from './smp-values'
import { type JsonObject, hasKey, isJsonObject } from './json-values'

/**
 * List ordering for strategic merge patches, after apimachinery's
 * normalizeElementOrder: `$setElementOrder` first, then the order of the
 * patch list, then the order of the live list. The comparator Go sorts with
 * is not a consistent ordering when an item is missing from the order list,
 * so Go's own stable sort is reproduced step for step to get the same result.
 */

// --- Go's sort.SliceStable (insertion sort in blocks of 20, then SymMerge) -------

type Less = (i: number, j: number) => boolean

function swap(a: unknown[], i: number, j: number): void {
  const t = a[i]
  a[i] = a[j]
  a[j] = t
}

function insertionSort(a: unknown[], less: Less, lo: number, hi: number): void {
  for (let i = lo + 1; i < hi; i++) for (let j = i; j > lo && less(j, j - 1); j--) swap(a, j, j - 1)
}

function swapRange(a: unknown[], x: number, y: number, n: number): void {
  for (let i = 0; i < n; i++) swap(a, x + i, y + i)
}

function rotate(a: unknown[], lo: number, m: number, hi: number): void {
  let i = m - lo
  let j = hi - m
  while (i !== j) {
    if (i > j) {
      swapRange(a, m - i, m, j)
      i -= j
    } else {
      swapRange(a, m - i, m + j - i, i)
      j -= i
    }
  }
  swapRange(a, m - i, m, i)
}

function symMerge(a: unknown[], less: Less, lo: number, m: number, hi: number): void {
  if (m - lo === 1) {
    let i = m
    let j = hi
    while (i < j) {
      const h = (i + j) >>> 1
      if (less(h, lo)) i = h + 1
      else j = h
    }
    for (let k = lo; k < i - 1; k++) swap(a, k, k + 1)
    return
  }
  if (hi - m === 1) {
    let i = lo
    let j = m
    while (i < j) {
      const h = (i + j) >>> 1
      if (!less(m, h)) i = h + 1
      else j = h
    }
    for (let k = m; k > i; k--) swap(a, k, k - 1)
    return
  }
  const mid = (lo + hi) >>> 1
  const n = mid + m
  let start: number
  let r: number
  if (m > mid) {
    start = n - hi
    r = mid
  } else {
    start = lo
    r = m
  }
  const p = n - 1
  while (start < r) {
    const c = (start + r) >>> 1
    if (!less(p - c, c)) start = c + 1
    else r = c
  }
  const end = n - start
  if (start < m && m < end) rotate(a, start, m, end)
  if (lo < start && start < mid) symMerge(a, less, lo, start, mid)
  if (mid < end && end < hi) symMerge(a, less, mid, end, hi)
}

/** sort.SliceStable, in place; `less` sees indices into the array as it is being sorted. */
export function goSliceStable(a: unknown[], less: Less): void {
  const n = a.length
  let blockSize = 20
  let lo = 0
  let hi = blockSize
  while (hi <= n) {
    insertionSort(a, less, lo, hi)
    lo = hi
    hi += blockSize
  }
  insertionSort(a, less, lo, n)
  while (blockSize < n) {
    lo = 0
    hi = 2 * blockSize
    while (hi <= n) {
      symMerge(a, less, lo, lo + blockSize, hi)
      lo = hi
      hi += 2 * blockSize
    }
    const m = lo + blockSize
    if (m < n) symMerge(a, less, lo, m, n)
    blockSize *= 2
  }
}

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
