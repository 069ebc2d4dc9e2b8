import { goValue } from './go-format'
import {
  type GoKind,
  deleteFromPrimitiveListPrefix,
  errBadPatchFormatForPrimitiveList,
  errBadPatchFormatForSetElementOrderList,
  errNoListOfLists,
  goEqual,
  goKind,
  internal
} from './smp-values'

/** Slice-level helpers of the strategic merge patch, kept to Go's slice semantics. */

/**
 * A Go slice made from the live list (capacity = length, as the apiserver's
 * unstructured conversion allocates it), tracking what a slice of the
 * original length would later see in the shared backing array.
 */
export class BackedList {
  private readonly list: unknown[]
  private readonly backing: unknown[]
  private reallocated = false

  constructor(items: readonly unknown[]) {
    this.list = [...items]
    this.backing = [...items]
  }

  /** The slice's current items. */
  items(): readonly unknown[] {
    return this.list
  }

  /** The backing array, as the untouched original slice header now reads it. */
  view(): unknown[] {
    return [...this.backing]
  }

  /** `s = append(s[:k], s[k+1:]...)`: shifts left in place, leaving the last slot stale. */
  deleteAt(k: number): void {
    if (!this.reallocated) this.backing.copyWithin(k, k + 1, this.list.length)
    this.list.splice(k, 1)
  }

  /** `s = append(s, v)`: writes into the backing array while capacity lasts, then moves to a new one. */
  append(v: unknown): void {
    if (!this.reallocated) {
      if (this.list.length < this.backing.length) this.backing[this.list.length] = v
      else this.reallocated = true
    }
    this.list.push(v)
  }

  /** `s[i] = v`. */
  set(i: number, v: unknown): void {
    if (!this.reallocated) this.backing[i] = v
    this.list[i] = v
  }
}

/** extractKey: the list name after `<prefix>/`. */
export function extractKey(key: string, prefix: string): string {
  const slash = key.indexOf('/')
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    throw prefix === deleteFromPrimitiveListPrefix ? errBadPatchFormatForPrimitiveList() : errBadPatchFormatForSetElementOrderList()
  }
  return key.slice(slash + 1)
}

/** sliceElementType: the common Go type of all elements. */
export function sliceElementType(...lists: ReadonlyArray<readonly unknown[]>): GoKind {
  let prev: GoKind | undefined
  for (const list of lists) {
    for (const v of list) {
      const t = goKind(v)
      if (prev === undefined) {
        if (t === 'slice') throw errNoListOfLists()
        prev = t
      } else if (prev !== t) {
        throw internal(`list element types are not identical: ${goValue(lists)}`)
      }
    }
  }
  if (prev === undefined) throw internal('no elements in any of the given slices')
  return prev
}

/** deduplicateScalars, with Go's order-disturbing swap-with-last. */
export function deduplicateScalars(s: unknown[]): unknown[] {
  let length = s.length - 1
  for (let i = 0; i < length; i++) {
    for (let j = i + 1; j <= length; j++) {
      if (goEqual(s[i], s[j])) {
        s[j] = s[length]
        s.length = length
        length--
        j--
      }
    }
  }
  return s
}
