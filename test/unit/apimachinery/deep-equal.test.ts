import { describe, expect, it } from 'vitest'
import { deepEqual } from '../../../main/cluster/apimachinery/validation'

describe('deepEqual', () => {
  it('compares plain and prototype-less objects by their defined own values, in any key order', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { b: [1, { c: 'x' }], a: 1 })
    expect(deepEqual({ a: 1, b: [1, { c: 'x' }] }, bare)).toBe(true)
    expect(deepEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true)
    expect(deepEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false)
    expect(deepEqual({ a: { b: [1, 2] } }, { a: { b: [1, 3] } })).toBe(false)
    expect(deepEqual(Object.freeze({ a: 'x' }), { a: 'x' })).toBe(true)
  })

  it('reads only own keys of objects of other classes (an enumerable inherited key is not compared)', () => {
    const proto = { inherited: 1 }
    const a = Object.assign(Object.create(proto) as Record<string, unknown>, { own: 'x' })
    expect(deepEqual(a, { own: 'x' })).toBe(true)
    expect(deepEqual({ own: 'x' }, a)).toBe(true)
    expect(deepEqual(a, { own: 'y' })).toBe(false)
  })
})
