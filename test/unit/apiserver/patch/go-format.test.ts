import { describe, expect, it } from 'vitest'
import { goFloat, goPercentS, goTypeName, goValue } from '../../../../main/cluster/apiserver/patch/go-format'

describe("Go's fmt renderings of decoded JSON", () => {
  it('%v of maps sorts keys and nests', () => {
    expect(goValue({ value: 'b', name: 1, list: [1, 'x', null], m: { z: true, a: 1.5 } })).toBe('map[list:[1 x <nil>] m:map[a:1.5 z:true] name:1 value:b]')
  })

  it('%v of float64 uses the shortest %g form', () => {
    expect(goFloat(1.5)).toBe('1.5')
    expect(goFloat(0.0001)).toBe('0.0001')
    expect(goFloat(0.00001)).toBe('1e-05')
    expect(goFloat(123456.5)).toBe('123456.5')
    expect(goFloat(1234567.5)).toBe('1.2345675e+06')
    expect(goValue(1e21)).toBe('1e+21')
    expect(goValue(123456789)).toBe('123456789')
  })

  it('type names and %s of non-strings', () => {
    expect([goTypeName('a'), goTypeName(1), goTypeName(1.5), goTypeName(true), goTypeName([]), goTypeName({}), goTypeName(null)]).toEqual([
      'string',
      'int64',
      'float64',
      'bool',
      '[]interface {}',
      'map[string]interface {}',
      '%!s(<nil>)'
    ])
    expect(goPercentS('delete')).toBe('delete')
    expect(goPercentS(1)).toBe('%!s(int64=1)')
    expect(goPercentS(true)).toBe('%!s(bool=true)')
  })
})
