/**
 * Sorts a short list in place, stably, as Array.prototype.sort with the same
 * comparison orders it (V8's sort is stable too), without the work copy
 * V8's sort allocates for every call, however short the list: label keys
 * and managed-fields entries are sorted a few at a time on every write.
 * Longer lists go to Array.prototype.sort.
 */
export function sortShort<T>(list: T[], compare: (a: T, b: T) => number): T[] {
  if (list.length > 16) return list.sort(compare)
  for (let i = 1; i < list.length; i++) {
    const x = list[i]
    let at = i
    while (at > 0 && compare(list[at - 1], x) > 0) {
      list[at] = list[at - 1]
      at--
    }
    list[at] = x
  }
  return list
}

/** The order Array.prototype.sort gives strings without a comparison (UTF-16 code units). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
