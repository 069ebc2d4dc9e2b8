import { describe, expect, it } from 'vitest'
import { compareStrings, sortShort } from '../../../main/cluster/apimachinery/small-sort'

describe('sortShort', () => {
  it('orders as Array.prototype.sort does, ties kept in place (stable), for short and long lists', () => {
    let seed = 7
    const next = (n: number): number => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0
      return seed % n
    }
    for (let c = 0; c < 500; c++) {
      const list = Array.from({ length: next(24) }, (_, i) => ({ key: next(5), at: i }))
      const byKey = (a: { key: number }, b: { key: number }): number => a.key - b.key
      expect(sortShort([...list], byKey)).toEqual([...list].sort(byKey))
      const words = Array.from({ length: next(20) }, () => ['app', 'pod-template-hash', 'Zeta', 'é', 'a-b', 'a'][next(6)] + next(3))
      expect(sortShort([...words], compareStrings)).toEqual([...words].sort())
    }
  })
})
