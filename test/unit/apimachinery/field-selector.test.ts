import { describe, expect, it } from 'vitest'
import { StatusError } from '../../../main/cluster/apimachinery/errors'
import {
  type FieldRequirement,
  FieldSelector,
  checkFieldSelectorFields,
  escapeFieldValue,
  fieldSelectorFromSet,
  oneTermEqualSelector,
  parseFieldSelector,
  splitFieldSelectorTerm,
  splitFieldSelectorTerms,
  unescapeFieldValue,
  unsupportedFieldMessage
} from '../../../main/cluster/apimachinery/field-selector'

// Cases follow k8s.io/apimachinery/pkg/fields/selector_test.go.

function thrown(fn: () => unknown): StatusError {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(StatusError)
    return e as StatusError
  }
  throw new Error('expected an error')
}

describe('splitting (TestSplitTerms, TestSplitTerm)', () => {
  it.each<[string, string[]]>([
    ['a', ['a']],
    ['a=avalue', ['a=avalue']],
    ['a=avalue,b=bvalue', ['a=avalue', 'b=bvalue']],
    ['a=avalue,b==bvalue,c!=cvalue', ['a=avalue', 'b==bvalue', 'c!=cvalue']],
    ['', []],
    ['a=a,', ['a=a', '']],
    [',a=a', ['', 'a=a']],
    ['k=\\,,k2=v2', ['k=\\,', 'k2=v2']],
    ['k=\\\\,k2=v2', ['k=\\\\', 'k2=v2']],
    ['k=\\\\\\,,k2=v2', ['k=\\\\\\,', 'k2=v2']],
    ['k=\\a\\b\\', ['k=\\a\\b\\']],
    ['k=\\', ['k=\\']],
    ['함=수,목=록', ['함=수', '목=록']]
  ])('terms of %j', (selector, terms) => {
    expect(splitFieldSelectorTerms(selector)).toEqual(terms)
  })

  it.each<[string, { field: string; op: string; raw: string } | undefined]>([
    ['a=value', { field: 'a', op: '=', raw: 'value' }],
    ['b==value', { field: 'b', op: '==', raw: 'value' }],
    ['c!=value', { field: 'c', op: '!=', raw: 'value' }],
    ['', undefined],
    ['a', undefined],
    ['k=\\,', { field: 'k', op: '=', raw: '\\,' }],
    ['k=\\=', { field: 'k', op: '=', raw: '\\=' }],
    ['k=\\\\\\a\\b\\=\\,\\', { field: 'k', op: '=', raw: '\\\\\\a\\b\\=\\,\\' }],
    ['함=수', { field: '함', op: '=', raw: '수' }],
    ['a=!b', { field: 'a', op: '=', raw: '!b' }],
    ['a==b=c', { field: 'a', op: '==', raw: 'b=c' }]
  ])('term %j', (term, expected) => {
    expect(splitFieldSelectorTerm(term)).toEqual(expected)
  })
})

describe('escaping (TestEscapeValue)', () => {
  it.each([
    ['', ''],
    ['a', 'a'],
    ['=', '\\='],
    [',', '\\,'],
    ['\\', '\\\\'],
    ['\\=\\,\\', '\\\\\\=\\\\\\,\\\\']
  ])('%j escapes to %j and back', (raw, escaped) => {
    expect(escapeFieldValue(raw)).toBe(escaped)
    expect(unescapeFieldValue(escaped)).toBe(raw)
  })

  it.each([
    ['\\', 'invalid field selector: invalid escape sequence: \\'],
    ['\\\\\\', 'invalid field selector: invalid escape sequence: \\'],
    ['\\a', 'invalid field selector: invalid escape sequence: \\a'],
    ['a=b', 'invalid field selector: unescaped character in value: 61'],
    ['a,b', 'invalid field selector: unescaped character in value: 44']
  ])('%j is rejected: %s', (value, message) => {
    const err = thrown(() => unescapeFieldValue(value))
    expect(err.message).toBe(message)
    expect(err.code).toBe(400)
  })
})

describe('parsing (TestSelectorParse)', () => {
  it.each([
    ['x=a,y=b,z=c', 'x=a,y=b,z=c'],
    ['', ''],
    ['x!=a,y=b', 'x!=a,y=b'],
    ['x=a||y\\=b', 'x=a||y\\=b'],
    ['x=a\\=\\=b', 'x=a\\=\\=b'],
    ['x==a', 'x=a'],
    ['z=1,a=2', 'a=2,z=1'],
    [',,x=a,', 'x=a'],
    ['x=', 'x='],
    ['spec.nodeName=node-1,status.phase!=Running', 'spec.nodeName=node-1,status.phase!=Running']
  ])('%j prints as %j', (input, printed) => {
    expect(parseFieldSelector(input).toString()).toBe(printed)
  })

  it.each([
    ['x=a||y=b', 'invalid field selector: unescaped character in value: 61'],
    ['x==a==b', 'invalid field selector: unescaped character in value: 61'],
    ['x=a,b', "invalid selector: 'x=a,b'; can't understand 'b'"],
    ['x in (a)', "invalid selector: 'x in (a)'; can't understand 'x in (a)'"],
    ['x in (a,b,c)', "invalid selector: 'x in (a,b,c)'; can't understand 'b'"],
    ['x', "invalid selector: 'x'; can't understand 'x'"],
    ['metadata.name=\\q', 'invalid field selector: invalid escape sequence: \\q']
  ])('%j → %s', (input, message) => {
    const err = thrown(() => parseFieldSelector(input))
    expect(err.message).toBe(message)
    expect(err.code).toBe(400)
    expect(err.reason).toBe('BadRequest')
  })

  it('is deterministic whatever the order of terms (TestDeterministicParse)', () => {
    expect(parseFieldSelector('x=a,a=x').toString()).toBe(parseFieldSelector('a=x,x=a').toString())
  })

  it('reports == as = and keeps terms in sorted order', () => {
    expect(parseFieldSelector('b==2,a!=1').requirements).toEqual<FieldRequirement[]>([
      { field: 'a', operator: '!=', value: '1' },
      { field: 'b', operator: '=', value: '2' }
    ])
  })
})

describe('matching (TestSelectorMatches, TestSetMatches)', () => {
  const fieldset = { foo: 'bar', baz: 'blah', complex: '=value\\,\\' }
  it.each<[string, Record<string, string>, boolean]>([
    ['', { x: 'y' }, true],
    ['x=y', { x: 'y' }, true],
    ['x=y,z=w', { x: 'y', z: 'w' }, true],
    ['x!=y,z!=w', { x: 'z', z: 'a' }, true],
    ['notin=in', { notin: 'in' }, true],
    ['x=y', { x: 'z' }, false],
    ['x=y,z=w', { x: 'w', z: 'w' }, false],
    ['x!=y,z!=w', { x: 'z', z: 'w' }, false],
    ['foo=bar', fieldset, true],
    ['baz=blah', fieldset, true],
    ['foo=bar,baz=blah', fieldset, true],
    ['foo=bar,baz=blah,complex=\\=value\\\\\\,\\\\', fieldset, true],
    ['foo=blah', fieldset, false],
    ['baz=bar', fieldset, false],
    ['foo=bar,foobar=bar,baz=blah', fieldset, false],
    ['spec.nodeName=', { 'metadata.name': 'p' }, true],
    ['spec.nodeName!=', { 'metadata.name': 'p' }, false],
    ['spec.nodeName!=node-1', {}, true]
  ])('%j on %j → %s', (sel, fields, want) => {
    expect(parseFieldSelector(sel).matches(fields)).toBe(want)
  })

  it.each<[Record<string, string>, boolean]>([
    [{}, true],
    [{ foo: 'bar' }, true],
    [{ baz: 'blah' }, true],
    [{ foo: 'bar', baz: 'blah' }, true],
    [{ foo: '=blah' }, false],
    [{ baz: '=bar' }, false],
    [{ foo: '=bar', foobar: 'bar', baz: 'blah' }, false]
  ])('set %j matches {foo: bar, baz: blah}: %s', (set, want) => {
    expect(fieldSelectorFromSet(set).matches({ foo: 'bar', baz: 'blah' })).toBe(want)
  })

  it('builds one-term selectors (TestOneTermEqualSelector)', () => {
    expect(oneTermEqualSelector('x', 'y').matches({ x: 'y' })).toBe(true)
    expect(oneTermEqualSelector('x', 'y').matches({ x: 'z' })).toBe(false)
    expect(oneTermEqualSelector('metadata.name', 'a,b').toString()).toBe('metadata.name=a\\,b')
  })

  it('is empty only without terms (TestSetIsEmpty)', () => {
    expect(FieldSelector.everything().empty()).toBe(true)
    expect(fieldSelectorFromSet({}).empty()).toBe(true)
    expect(parseFieldSelector(',').empty()).toBe(true)
    expect(parseFieldSelector('a=b').empty()).toBe(false)
  })
})

describe('exact matches for indexes (TestRequiresExactMatch)', () => {
  it.each<[string, string, string | undefined]>([
    ['', 'test', undefined],
    ['a=b', 'test', undefined],
    ['test=b', 'test', 'b'],
    ['test=', 'test', ''],
    ['test!=b', 'test', undefined],
    ['test!=', 'test', undefined],
    ['a=c,test=b', 'test', 'b'],
    ['test!=a,test=b', 'test', 'b']
  ])('%j requires %j = %j', (sel, field, value) => {
    expect(parseFieldSelector(sel).requiresExactMatch(field)).toBe(value)
  })

  it('lists every term on a field', () => {
    const sel = parseFieldSelector('spec.nodeName=node-1,status.phase!=Failed,status.phase!=Succeeded')
    expect(sel.requirementsFor('spec.nodeName')).toEqual([{ field: 'spec.nodeName', operator: '=', value: 'node-1' }])
    expect(sel.requirementsFor('status.phase').map((r) => r.value)).toEqual(['Failed', 'Succeeded'])
    expect(sel.requirementsFor('metadata.name')).toEqual([])
  })
})

describe('field label conversion', () => {
  it('transforms terms and drops those mapped to nothing', () => {
    const sel = parseFieldSelector('spec.host=node-1,metadata.name=x')
    const out = sel.transform((f, v) => (f === 'spec.host' ? { field: 'spec.nodeName', value: v } : f === 'metadata.name' ? { field: '', value: '' } : { field: f, value: v }))
    expect(out.toString()).toBe('spec.nodeName=node-1')
  })

  it.each<[string, readonly string[], 'conversion' | 'default', string | null]>([
    ['spec.nodeName=n1', ['metadata.name', 'metadata.namespace', 'spec.nodeName'], 'conversion', null],
    ['foo.bar=baz', ['metadata.name', 'metadata.namespace', 'spec.nodeName'], 'conversion', 'field label not supported: foo.bar'],
    ['foo.bar=baz', ['metadata.name', 'metadata.namespace'], 'default', '"foo.bar" is not a known field selector: only "metadata.name", "metadata.namespace"'],
    ['metadata.name=x', ['metadata.name', 'metadata.namespace'], 'default', null],
    // Terms are checked in their sorted order, as the apiserver's Transform walks them.
    ['z=1,b=2', ['metadata.name'], 'conversion', 'field label not supported: b']
  ])('%j with %j (%s)', (sel, supported, style, message) => {
    const s = parseFieldSelector(sel)
    if (message === null) expect(() => checkFieldSelectorFields(s, supported, style)).not.toThrow()
    else {
      const err = thrown(() => checkFieldSelectorFields(s, supported, style))
      expect(err.message).toBe(message)
      expect(err.code).toBe(400)
    }
  })

  it('words the message per style', () => {
    expect(unsupportedFieldMessage('spec.x', 'conversion')).toBe('field label not supported: spec.x')
    expect(unsupportedFieldMessage('spec.x', 'default')).toBe('"spec.x" is not a known field selector: only "metadata.name", "metadata.namespace"')
  })
})
