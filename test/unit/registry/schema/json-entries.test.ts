import { describe, expect, it } from 'vitest'
import { JsonEntries, parseJsonEntries } from '../../../../main/cluster/registry/schema/json-entries'

/** Back to plain JSON values, last duplicate winning (what JSON.parse gives). */
function plain(v: unknown): unknown {
  if (v instanceof JsonEntries) return Object.fromEntries(v.entries.map(([k, x]) => [k, plain(x)]))
  if (Array.isArray(v)) return v.map(plain)
  return v
}

describe('parseJsonEntries', () => {
  it('keeps repeated keys in document order', () => {
    const v = parseJsonEntries('{"a":1,"b":{"c":true},"a":[null,"x"]}') as JsonEntries
    expect(v.entries.map(([k]) => k)).toEqual(['a', 'b', 'a'])
    expect(plain(v)).toEqual({ a: [null, 'x'], b: { c: true } })
  })

  it('reads what JSON.parse reads', () => {
    const samples = [
      ' { "s" : "a\\"b\\\\c\\u00e9\\n" , "n": -1.5e3, "z": 0, "e": [], "o": {}, "t": [true, false, null] } ',
      '[1, 2.25, "x"]',
      '"just a string"',
      '42',
      JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { labels: { 'a/b': 'c' } }, spec: { containers: [{ name: 'x', args: ['-c', 'echo "hi"'] }] } })
    ]
    for (const s of samples) expect(plain(parseJsonEntries(s))).toEqual(JSON.parse(s))
  })

  it('answers undefined for invalid JSON', () => {
    for (const s of ['', '{', '{"a":}', '{"a":1,}', '[1,]', '{"a":1} x', "{'a':1}", 'tru', '{"a" 1}', '01']) expect(parseJsonEntries(s)).toBeUndefined()
  })
})
