import { describe, expect, it } from 'vitest'
import { goSliceStable } from '../../../../main/cluster/apiserver/patch/go-sort'

// A small deterministic generator, so that failures reproduce.
function lcg(seed: number): () => number {
  let s = seed
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648
    return s / 2147483648
  }
}

describe("Go's sort.SliceStable", () => {
  it('agrees with a stable sort for consistent comparators, across block and merge sizes', () => {
    const rand = lcg(42)
    for (const n of [0, 1, 2, 19, 20, 21, 39, 40, 41, 63, 64, 65, 100, 257]) {
      const items = Array.from({ length: n }, (_, i) => ({ key: Math.floor(rand() * 10), i }))
      const expected = [...items].sort((a, b) => a.key - b.key)
      const actual: unknown[] = [...items]
      goSliceStable(actual, (i, j) => (actual[i] as { key: number }).key < (actual[j] as { key: number }).key)
      expect(actual).toEqual(expected)
    }
  })

  it('reproduces Go on the inconsistent "not found sorts first" comparator of normalizeSliceOrder', () => {
    // Order [2, 1]; 9 is not in it, so less(9, x) and less(x, 9) are both true.
    const order = [2, 1]
    const items: unknown[] = [1, 9, 2]
    goSliceStable(items, (i, j) => {
      const a = order.indexOf(items[i] as number)
      const b = order.indexOf(items[j] as number)
      return a >= 0 && b >= 0 ? a < b : true
    })
    // Insertion sort: 9 moves before 1, then 2 moves before 9 and 1.
    expect(items).toEqual([2, 9, 1])
  })
})
