import { describe, expect, it } from 'vitest'
import { PatchError } from '../../../../main/cluster/apiserver/patch/errors'
import { applyJsonPatch, decodeJsonPatch } from '../../../../main/cluster/apiserver/patch/json-patch'

function apply(doc: unknown, patch: unknown): unknown {
  return applyJsonPatch(doc, decodeJsonPatch(patch))
}

function failure(fn: () => unknown): PatchError {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(PatchError)
    return e as PatchError
  }
  throw new Error('expected a PatchError')
}

// RFC 6902 Appendix A.
const rfcCases: Array<{ name: string; doc: unknown; patch: unknown; result?: unknown; error?: string }> = [
  {
    name: 'A.1 adding an object member',
    doc: { foo: 'bar' },
    patch: [{ op: 'add', path: '/baz', value: 'qux' }],
    result: { baz: 'qux', foo: 'bar' }
  },
  {
    name: 'A.2 adding an array element',
    doc: { foo: ['bar', 'baz'] },
    patch: [{ op: 'add', path: '/foo/1', value: 'qux' }],
    result: { foo: ['bar', 'qux', 'baz'] }
  },
  {
    name: 'A.3 removing an object member',
    doc: { baz: 'qux', foo: 'bar' },
    patch: [{ op: 'remove', path: '/baz' }],
    result: { foo: 'bar' }
  },
  {
    name: 'A.4 removing an array element',
    doc: { foo: ['bar', 'qux', 'baz'] },
    patch: [{ op: 'remove', path: '/foo/1' }],
    result: { foo: ['bar', 'baz'] }
  },
  {
    name: 'A.5 replacing a value',
    doc: { baz: 'qux', foo: 'bar' },
    patch: [{ op: 'replace', path: '/baz', value: 'boo' }],
    result: { baz: 'boo', foo: 'bar' }
  },
  {
    name: 'A.6 moving a value',
    doc: { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } },
    patch: [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }],
    result: { foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } }
  },
  {
    name: 'A.7 moving an array element',
    doc: { foo: ['all', 'grass', 'cows', 'eat'] },
    patch: [{ op: 'move', from: '/foo/1', path: '/foo/3' }],
    result: { foo: ['all', 'cows', 'eat', 'grass'] }
  },
  {
    name: 'A.8 testing a value: success',
    doc: { baz: 'qux', foo: ['a', 2, 'c'] },
    patch: [
      { op: 'test', path: '/baz', value: 'qux' },
      { op: 'test', path: '/foo/1', value: 2 }
    ],
    result: { baz: 'qux', foo: ['a', 2, 'c'] }
  },
  {
    name: 'A.9 testing a value: error',
    doc: { baz: 'qux' },
    patch: [{ op: 'test', path: '/baz', value: 'bar' }],
    error: 'testing value /baz failed: test failed'
  },
  {
    name: 'A.10 adding a nested member object',
    doc: { foo: 'bar' },
    patch: [{ op: 'add', path: '/child', value: { grandchild: {} } }],
    result: { foo: 'bar', child: { grandchild: {} } }
  },
  {
    name: 'A.11 ignoring unrecognized elements',
    doc: { foo: 'bar' },
    patch: [{ op: 'add', path: '/baz', value: 'qux', xyz: 123 }],
    result: { foo: 'bar', baz: 'qux' }
  },
  {
    name: 'A.12 adding to a nonexistent target',
    doc: { foo: 'bar' },
    patch: [{ op: 'add', path: '/baz/bat', value: 'qux' }],
    error: 'add operation does not apply: doc is missing path: "/baz/bat": missing value'
  },
  {
    name: 'A.14 ~ escape ordering',
    doc: { '/': 9, '~1': 10 },
    patch: [{ op: 'test', path: '/~01', value: 10 }],
    result: { '/': 9, '~1': 10 }
  },
  {
    name: 'A.15 comparing strings and numbers',
    doc: { '/': 9, '~1': 10 },
    patch: [{ op: 'test', path: '/~01', value: '10' }],
    error: 'testing value /~01 failed: test failed'
  },
  {
    name: 'A.16 adding an array value',
    doc: { foo: ['bar'] },
    patch: [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }],
    result: { foo: ['bar', ['abc', 'def']] }
  }
]

describe('JSON patch: RFC 6902 appendix A', () => {
  it.each(rfcCases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    if (c.error) {
      const e = failure(() => apply(c.doc, c.patch))
      expect(e.message).toBe(c.error)
      expect(e.kind).toBe('Unprocessable')
    } else {
      expect(apply(c.doc, c.patch)).toEqual(c.result)
    }
  })
})

// Behaviour of gopkg.in/evanphx/json-patch.v4 that differs from (or goes beyond) the RFC.
describe('JSON patch: evanphx/json-patch v4 behaviour', () => {
  it('escapes ~1 as / and ~0 as ~ in member names', () => {
    expect(apply({ metadata: { labels: { 'app.kubernetes.io/name': 'x', 'a~b': 'y' } } }, [
      { op: 'replace', path: '/metadata/labels/app.kubernetes.io~1name', value: 'z' },
      { op: 'remove', path: '/metadata/labels/a~0b' }
    ])).toEqual({ metadata: { labels: { 'app.kubernetes.io/name': 'z' } } })
  })

  it('replace of a missing object member adds it', () => {
    expect(apply({ spec: {} }, [{ op: 'replace', path: '/spec/foo', value: 1 }])).toEqual({ spec: { foo: 1 } })
  })

  it('replace of a missing array index fails', () => {
    expect(failure(() => apply({ a: [1] }, [{ op: 'replace', path: '/a/3', value: 1 }])).message).toBe(
      'replace operation does not apply: doc is missing key: /a/3: missing value'
    )
  })

  it('replace under a missing parent fails', () => {
    expect(failure(() => apply({ spec: {} }, [{ op: 'replace', path: '/spec/foo/bar', value: 1 }])).message).toBe(
      'replace operation does not apply: doc is missing path: /spec/foo/bar: missing value'
    )
  })

  it('replace of the whole document', () => {
    expect(apply({ a: 1 }, [{ op: 'replace', path: '', value: { b: 2 } }])).toEqual({ b: 2 })
    expect(failure(() => apply({ a: 1 }, [{ op: 'replace', path: '', value: 3 }])).message).toBe(
      'replace operation value must be object or array: %!w(<nil>)'
    )
  })

  it('remove of a missing member fails', () => {
    expect(failure(() => apply({ a: 1 }, [{ op: 'remove', path: '/b' }])).message).toBe(
      "error in remove for path: '/b': Unable to remove nonexistent key: b: missing value"
    )
  })

  it('negative indices count from the end', () => {
    expect(apply({ a: [1, 2, 3] }, [{ op: 'remove', path: '/a/-1' }])).toEqual({ a: [1, 2] })
    expect(apply({ a: [1, 2] }, [{ op: 'add', path: '/a/-1', value: 9 }])).toEqual({ a: [1, 2, 9] })
    expect(failure(() => apply({ a: [1] }, [{ op: 'remove', path: '/a/-2' }])).message).toBe(
      "error in remove for path: '/a/-2': Unable to access invalid index: -2: invalid index referenced"
    )
  })

  it('array indices are parsed with strconv.Atoi', () => {
    expect(apply({ a: [1, 2] }, [{ op: 'add', path: '/a/01', value: 9 }])).toEqual({ a: [1, 9, 2] })
    expect(failure(() => apply({ a: [1] }, [{ op: 'add', path: '/a/x', value: 0 }])).message).toBe(
      `error in add for path: '/a/x': value was not a proper array index: 'x': strconv.Atoi: parsing "x": invalid syntax`
    )
    expect(failure(() => apply({ a: [1] }, [{ op: 'add', path: '/a/5', value: 0 }])).message).toBe(
      "error in add for path: '/a/5': Unable to access invalid index: 5: invalid index referenced"
    )
  })

  it('copy from a missing member copies null; test of a missing member against null passes', () => {
    expect(apply({ a: {} }, [{ op: 'copy', from: '/a/missing', path: '/b' }])).toEqual({ a: {}, b: null })
    expect(apply({ a: {} }, [{ op: 'test', path: '/a/missing', value: null }])).toEqual({ a: {} })
  })

  it('copy makes an independent value', () => {
    expect(apply({ a: { x: 1 } }, [
      { op: 'copy', from: '/a', path: '/b' },
      { op: 'replace', path: '/b/x', value: 2 }
    ])).toEqual({ a: { x: 1 }, b: { x: 2 } })
  })

  it('test compares structures', () => {
    const doc = { spec: { ports: [{ port: 80, name: null }] } }
    expect(apply(doc, [{ op: 'test', path: '/spec', value: { ports: [{ name: null, port: 80 }] } }])).toEqual(doc)
    expect(failure(() => apply(doc, [{ op: 'test', path: '/spec', value: { ports: [{ port: 80 }] } }])).message).toBe(
      'testing value /spec failed: test failed'
    )
  })

  it('moving a member into its own child fails', () => {
    expect(failure(() => apply({ a: { b: 1 } }, [{ op: 'move', from: '/a', path: '/a/c' }])).message).toBe(
      'move operation does not apply: doc is missing destination path: /a/c: missing value'
    )
  })

  it('a path walking through a scalar or null is missing', () => {
    expect(failure(() => apply({ a: 'x', n: null }, [{ op: 'add', path: '/a/b', value: 1 }])).message).toBe(
      'add operation does not apply: doc is missing path: "/a/b": missing value'
    )
    expect(failure(() => apply({ a: 'x', n: null }, [{ op: 'add', path: '/n/b', value: 1 }])).message).toBe(
      'add operation does not apply: doc is missing path: "/n/b": missing value'
    )
  })

  it('an operation without a value adds null', () => {
    expect(apply({}, [{ op: 'add', path: '/a' }])).toEqual({ a: null })
  })

  it('reports missing or malformed fields and unknown operations', () => {
    expect(failure(() => apply({}, [{ op: 'add', value: 1 }])).message).toBe('add operation failed to decode path: missing value')
    expect(failure(() => apply({}, [{ op: 'replace', value: 1 }])).message).toBe(
      'replace operation failed to decode path: operation missing path field: missing value'
    )
    expect(failure(() => apply({}, [{ op: 'test', path: 5 }])).message).toBe(
      'test operation failed to decode path: json: cannot unmarshal number into Go value of type string'
    )
    expect(failure(() => apply({ a: 1 }, [{ op: 'move', path: '/b' }])).message).toBe(
      'move operation failed to decode from: operation, missing from field: missing value'
    )
    expect(failure(() => apply({}, [{ op: 'frobnicate', path: '/a' }])).message).toBe('Unexpected kind: frobnicate')
    expect(failure(() => apply({}, [{ path: '/a' }])).message).toBe('Unexpected kind: unknown')
  })

  it('operations apply in order and stop at the first failure', () => {
    const doc = { a: 1 }
    expect(failure(() => apply(doc, [{ op: 'add', path: '/b', value: 2 }, { op: 'test', path: '/a', value: 2 }])).message).toBe(
      'testing value /a failed: test failed'
    )
    // The input is never modified.
    expect(doc).toEqual({ a: 1 })
  })

  it('kubectl rollout undo: replace of template and annotations', () => {
    const live = {
      metadata: { name: 'web', annotations: { 'deployment.kubernetes.io/revision': '2' } },
      spec: { replicas: 2, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.26' }] } } }
    }
    const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } }
    const annotations = { 'deployment.kubernetes.io/revision': '1' }
    expect(apply(live, [
      { op: 'replace', path: '/spec/template', value: template },
      { op: 'replace', path: '/metadata/annotations', value: annotations }
    ])).toEqual({ metadata: { name: 'web', annotations }, spec: { replicas: 2, template } })
  })
})

describe('JSON patch: decoding', () => {
  it('accepts an array of operations, and null as no operations', () => {
    expect(decodeJsonPatch([{ op: 'add', path: '/a', value: 1 }])).toHaveLength(1)
    expect(decodeJsonPatch(null)).toEqual([])
  })

  it('rejects other shapes with the Go decoder message (400)', () => {
    const e = failure(() => decodeJsonPatch({ op: 'add' }))
    expect(e.message).toBe('json: cannot unmarshal object into Go value of type jsonpatch.Patch')
    expect(e.kind).toBe('BadRequest')
    expect(failure(() => decodeJsonPatch(['add'])).message).toBe('json: cannot unmarshal string into Go value of type jsonpatch.Operation')
  })

  it('strict decoding words errors as the apiserver pre-decode does', () => {
    expect(failure(() => decodeJsonPatch({}, { strict: true })).message).toBe(
      'error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp'
    )
    expect(failure(() => decodeJsonPatch([{ op: 1, path: '/a' }], { strict: true })).message).toBe(
      'error decoding patch: json: cannot unmarshal number into Go struct field jsonPatchOp.op of type string'
    )
  })

  it('limits a patch to 10000 operations (413)', () => {
    const ops = Array.from({ length: 10001 }, () => ({ op: 'test', path: '/a', value: 1 }))
    const e = failure(() => decodeJsonPatch(ops))
    expect(e.kind).toBe('TooLarge')
    expect(e.message).toBe('The allowed maximum operations in a JSON patch is 10000, got 10001')
  })

  it('bounds the growth copy operations may cause', () => {
    const big = 'x'.repeat(1024 * 1024)
    const ops = Array.from({ length: 4 }, (_, i) => ({ op: 'copy', from: '/a', path: `/c${i}` }))
    const e = failure(() => apply({ a: big }, ops))
    expect(e.message).toMatch(/^Unable to complete the copy, the accumulated size increase of copy is \d+, exceeding the limit 3145728$/)
  })
})
