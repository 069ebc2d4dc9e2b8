import { describe, expect, it } from 'vitest'
import type { LabelSelector } from 'kubernetes-types/meta/v1'
import { StatusError } from '../../../main/cluster/apimachinery/errors'
import { path } from '../../../main/cluster/apimachinery/field-errors'
import {
  type Operator,
  type TokenKind,
  Requirement,
  Selector,
  formatLabelSelector,
  labelSelectorFromObject,
  newRequirement,
  parseLabelSelector,
  selectorFromSet,
  tokenizeLabelSelector,
  validateLabelSelector,
  validatedSelectorFromSet
} from '../../../main/cluster/apimachinery/label-selector'

// Cases follow k8s.io/apimachinery/pkg/labels/selector_test.go; the error
// texts are what labels.Parse / NewRequirement return for them.

function parseError(input: string): StatusError {
  try {
    parseLabelSelector(input)
  } catch (e) {
    expect(e).toBeInstanceOf(StatusError)
    return e as StatusError
  }
  throw new Error(`expected ${JSON.stringify(input)} not to parse`)
}

function reqs(s: Selector): Array<[string, Operator, string[]]> {
  return s.requirements.map((r) => [r.key, r.operator, [...r.values]])
}

const keyRegex = "(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
const valueRule =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"

describe('lexer (TestLexer, TestLexerSequence)', () => {
  it.each<[string, TokenKind]>([
    ['', 'eos'],
    [',', ','],
    ['notin', 'notin'],
    ['in', 'in'],
    ['=', '='],
    ['==', '=='],
    ['>', '>'],
    ['<', '<'],
    ['!', '!'],
    ['!=', '!='],
    ['(', '('],
    [')', ')'],
    ['~', 'identifier'],
    ['||', 'identifier']
  ])('lexes %j as %s with its text as literal', (input, kind) => {
    const [t] = tokenizeLabelSelector(input)
    expect(t).toEqual({ kind, literal: input })
  })

  it.each<[string, TokenKind[]]>([
    ['key in ( value )', ['identifier', 'in', '(', 'identifier', ')', 'eos']],
    ['key notin ( value )', ['identifier', 'notin', '(', 'identifier', ')', 'eos']],
    ['key in ( value1, value2 )', ['identifier', 'in', '(', 'identifier', ',', 'identifier', ')', 'eos']],
    ['key', ['identifier', 'eos']],
    ['!key', ['!', 'identifier', 'eos']],
    ['()', ['(', ')', 'eos']],
    ['', ['eos']],
    ['x in (),y', ['identifier', 'in', '(', ')', ',', 'identifier', 'eos']],
    ['== != (), = notin', ['==', '!=', '(', ')', ',', '=', 'notin', 'eos']],
    ['key>2', ['identifier', '>', 'identifier', 'eos']],
    ['key<1', ['identifier', '<', 'identifier', 'eos']],
    ['a!==b', ['identifier', '!=', '=', 'identifier', 'eos']],
    ['a===b', ['identifier', '==', '=', 'identifier', 'eos']]
  ])('lexes %j', (input, kinds) => {
    expect(tokenizeLabelSelector(input).map((t) => t.kind)).toEqual(kinds)
  })
})

describe('parse and print (TestSelectorParse)', () => {
  it.each([
    ['x=a,y=b,z=c', 'x=a,y=b,z=c'],
    ['', ''],
    ['x!=a,y=b', 'x!=a,y=b'],
    ['x=', 'x='],
    ['x= ', 'x='],
    ['x=,z= ', 'x=,z='],
    ['x= ,z= ', 'x=,z='],
    ['!x', '!x'],
    ['x>1', 'x>1'],
    ['x>1,z<5', 'x>1,z<5'],
    ['x==a', 'x==a'],
    ['x in (b,a,b)', 'x in (a,b)'],
    ['y, x notin (c, a)', 'x notin (a,c),y'],
    ['  app = web ,  tier in ( be , fe )  ', 'app=web,tier in (be,fe)']
  ])('%j prints as %j', (input, printed) => {
    expect(parseLabelSelector(input).toString()).toBe(printed)
  })

  it('is deterministic whatever the order of terms (TestDeterministicParse)', () => {
    expect(parseLabelSelector('x=a,a=x').toString()).toBe('a=x,x=a')
    expect(parseLabelSelector('a=x,x=a').toString()).toBe('a=x,x=a')
  })

  it('keeps requirements on the same key in input order', () => {
    expect(parseLabelSelector('z!=a,z').toString()).toBe('z!=a,z')
    expect(parseLabelSelector('z,z!=a').toString()).toBe('z,z!=a')
  })
})

describe('parse errors carry Kubernetes messages', () => {
  it.each([
    ['x=a||y=b', `unable to parse requirement: values[0][x]: Invalid value: "a||y": ${valueRule}`],
    ['x==a==b', "found '==', expected: ',' or 'end of string'"],
    ['!x=a', "found '=', expected: ',' or 'end of string'"],
    ['x<a', `unable to parse requirement: values[0]: Invalid value: "a": for 'Gt', 'Lt' operators, the value must be an integer`],
    ['x,,y', "found ',', expected: identifier after ','"],
    [',x,y', "found ',', expected: !, identifier, or 'end of string'"],
    ['x nott in (y)', "unable to parse requirement: found 'nott', expected: in, notin, =, ==, !=, gt, lt"],
    ['a in (xyz),', "found '', expected: identifier after ','"],
    ['a in (xyz)b notin ()', "found 'b', expected: ',' or 'end of string'"],
    ['a in (xyz abc)', "unable to parse requirement: found 'abc', expected: ',' or ')'"],
    ['a notin(', "unable to parse requirement: found '', expected: ',', ')' or identifier"],
    ['a (', "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt"],
    ['(', "found '(', expected: !, identifier, or 'end of string'"],
    ['x in a', "unable to parse requirement: found 'a' expected: '('"],
    ['x in (a', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['x in (a,', "unable to parse requirement: found '', expected: ',', or identifier"],
    ['x in (a,=', "unable to parse requirement: found '=', expected: ',', or identifier"],
    ['x=(a)', "unable to parse requirement: found '(', expected: identifier"],
    ['!', "unable to parse requirement: found '', expected: identifier"],
    ['!!x', "unable to parse requirement: found '!', expected: identifier"],
    ['=a', "found '=', expected: !, identifier, or 'end of string'"],
    ['x,', "found '', expected: identifier after ','"],
    ['x>-1', `unable to parse requirement: values[0][x]: Invalid value: "-1": ${valueRule}`],
    ['x>1.5', `unable to parse requirement: values[0]: Invalid value: "1.5": for 'Gt', 'Lt' operators, the value must be an integer`],
    ['x>99999999999999999999', `unable to parse requirement: values[0]: Invalid value: "99999999999999999999": for 'Gt', 'Lt' operators, the value must be an integer`],
    ['app=@', `unable to parse requirement: values[0][app]: Invalid value: "@": ${valueRule}`],
    ['app in (ok,-bad)', `unable to parse requirement: values[0][app]: Invalid value: "-bad": ${valueRule}`],
    [`app=${'a'.repeat(64)}`, `unable to parse requirement: values[0][app]: Invalid value: "${'a'.repeat(64)}": must be no more than 63 characters`],
    ['Foo$=bar', `unable to parse requirement: <nil>: Invalid value: "Foo$": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character ${keyRegex}`],
    ['/a', 'unable to parse requirement: <nil>: Invalid value: "/a": prefix part must be non-empty'],
    [
      'Example.com/a',
      `unable to parse requirement: <nil>: Invalid value: "Example.com/a": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`
    ],
    [`${'k'.repeat(64)}`, `unable to parse requirement: <nil>: Invalid value: "${'k'.repeat(64)}": name part must be no more than 63 characters`]
  ])('%j → %s', (input, message) => {
    const err = parseError(input)
    expect(err.message).toBe(message)
    expect(err.code).toBe(400)
    expect(err.reason).toBe('BadRequest')
  })
})

describe('parsed requirements (TestSetSelectorParser)', () => {
  it.each<[string, Array<[string, Operator, string[]]>]>([
    ['', []],
    ['\rx', [['x', 'exists', []]]],
    ['this-is-a-dns.domain.com/key-with-dash', [['this-is-a-dns.domain.com/key-with-dash', 'exists', []]]],
    ['this-is-another-dns.domain.com/key-with-dash in (so,what)', [['this-is-another-dns.domain.com/key-with-dash', 'in', ['so', 'what']]]],
    ['0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)', [['0.1.2.domain/99', 'notin', ['10.10.100.1', 'tick.tack.clock']]]],
    ['foo  in\t (abc)', [['foo', 'in', ['abc']]]],
    ['x notin\n (abc)', [['x', 'notin', ['abc']]]],
    ['x  notin\t\t\t(abc,def)', [['x', 'notin', ['abc', 'def']]]],
    ['x in (abc,def)', [['x', 'in', ['abc', 'def']]]],
    ['x in (abc,)', [['x', 'in', ['', 'abc']]]],
    ['x in ()', [['x', 'in', ['']]]],
    [
      'x notin (abc,,def),bar,z in (),w',
      [
        ['bar', 'exists', []],
        ['w', 'exists', []],
        ['x', 'notin', ['', 'abc', 'def']],
        ['z', 'in', ['']]
      ]
    ],
    [
      'x,y in (a)',
      [
        ['x', 'exists', []],
        ['y', 'in', ['a']]
      ]
    ],
    ['x=a', [['x', '=', ['a']]]],
    ['x>1', [['x', 'gt', ['1']]]],
    ['x<7', [['x', 'lt', ['7']]]],
    [
      'x=a,y!=b',
      [
        ['x', '=', ['a']],
        ['y', '!=', ['b']]
      ]
    ],
    [
      'x=a,y!=b,z in (h,i,j)',
      [
        ['x', '=', ['a']],
        ['y', '!=', ['b']],
        ['z', 'in', ['h', 'i', 'j']]
      ]
    ],
    ['x notin ( )', [['x', 'notin', ['']]]],
    ['x notin (, a)', [['x', 'notin', ['', 'a']]]],
    ['a ', [['a', 'exists', []]]],
    ['a in (x,y,notin, z,in)', [['a', 'in', ['in', 'notin', 'x', 'y', 'z']]]],
    ['notin=in', [['notin', '=', ['in']]]],
    ['in in (in)', [['in', 'in', ['in']]]],
    // As in Go, a NUL right after an operator is swallowed by the operator scan.
    ['x=\0y', [['x', '=', ['y']]]]
  ])('%j', (input, expected) => {
    expect(reqs(parseLabelSelector(input))).toEqual(expected)
  })
})

describe('matching (TestSelectorMatches, TestRequirementSelectorMatching)', () => {
  const labelset = { foo: 'bar', baz: 'blah' }
  it.each<[string, Record<string, string>, boolean]>([
    ['', { x: 'y' }, true],
    ['x=y', { x: 'y' }, true],
    ['x=y,z=w', { x: 'y', z: 'w' }, true],
    ['x!=y,z!=w', { x: 'z', z: 'a' }, true],
    ['notin=in', { notin: 'in' }, true],
    ['x', { x: 'z' }, true],
    ['!x', { y: 'z' }, true],
    ['x>1', { x: '2' }, true],
    ['x<1', { x: '0' }, true],
    ['x=z', {}, false],
    ['x=y', { x: 'z' }, false],
    ['x=y,z=w', { x: 'w', z: 'w' }, false],
    ['x!=y,z!=w', { x: 'z', z: 'w' }, false],
    ['x', { y: 'z' }, false],
    ['!x', { x: 'z' }, false],
    ['x>1', { x: '0' }, false],
    ['x<1', { x: '2' }, false],
    ['foo=bar', labelset, true],
    ['baz=blah', labelset, true],
    ['foo=bar,baz=blah', labelset, true],
    ['foo=blah', labelset, false],
    ['baz=bar', labelset, false],
    ['foo=bar,foobar=bar,baz=blah', labelset, false],
    ['x in (foo),y notin (alpha)', { x: 'foo', y: 'baz' }, true],
    ['x in (foo),y in (alpha)', { x: 'foo', y: 'baz' }, false],
    ['x notin (),y', { y: '' }, true],
    ['!x,y', { y: '' }, true],
    ['x notin (),!y', { y: '' }, false],
    ['x in ()', { y: 'baz' }, false],
    ['x in ()', { x: '' }, true],
    ['x=', { x: '' }, true],
    ['x=', {}, false],
    ['x!=', {}, true],
    ['z>1', { z: '2' }, true],
    ['z>1', { z: 'v2' }, false],
    ['z<10', { z: '-3' }, true],
    ['z>1', {}, false],
    ['z>1', { z: '99999999999999999999' }, false]
  ])('%j on %j → %s', (sel, labels, want) => {
    expect(parseLabelSelector(sel).matches(labels)).toBe(want)
  })

  it('treats missing labels as an empty set', () => {
    expect(parseLabelSelector('!a').matches(undefined)).toBe(true)
    expect(parseLabelSelector('a').matches(undefined)).toBe(false)
  })
})

describe('selectors from sets (TestSetMatches, TestValidatedSelectorFromSet)', () => {
  const labelset = { foo: 'bar', baz: 'blah' }
  it.each<[Record<string, string>, boolean]>([
    [{}, true],
    [{ foo: 'bar' }, true],
    [{ baz: 'blah' }, true],
    [{ foo: 'bar', baz: 'blah' }, true],
    [{ foo: '=blah' }, false],
    [{ foo: 'bar', foobar: 'bar' }, false]
  ])('%j matches {foo: bar, baz: blah}: %s', (set, want) => {
    expect(selectorFromSet(set).matches(labelset)).toBe(want)
  })

  it('prints set selectors sorted by key and treats empty/undefined as everything', () => {
    expect(selectorFromSet({ z: '1', a: '2' }).toString()).toBe('a=2,z=1')
    expect(selectorFromSet({}).empty()).toBe(true)
    expect(selectorFromSet(undefined).empty()).toBe(true)
  })

  it('validates keys and values when asked', () => {
    expect(validatedSelectorFromSet({ key: 'val' }).toString()).toBe('key=val')
    const long = 'axahm2EJ8Phiephe2eixohbee9eGeiyees1thuozi1xoh0GiuH3diewi8iem7Nui'
    expect(() => validatedSelectorFromSet({ Key: long })).toThrow(`values[0][Key]: Invalid value: "${long}": must be no more than 63 characters`)
  })
})

describe('requirements (TestRequirementConstructor, TestToString)', () => {
  it.each<[string, Operator, string[] | undefined, string | null]>([
    ['x', 'in', undefined, "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty"],
    ['x', 'notin', [], "values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty"],
    ['x', 'in', ['foo'], null],
    ['x', 'notin', ['foo'], null],
    ['x', 'exists', undefined, null],
    ['x', '!', undefined, null],
    ['1foo', 'in', ['bar'], null],
    ['1234', 'in', ['bar'], null],
    ['y', 'gt', ['1'], null],
    ['z', 'lt', ['6'], null],
    ['foo', 'gt', ['bar'], `values[0]: Invalid value: "bar": for 'Gt', 'Lt' operators, the value must be an integer`],
    ['barz', 'lt', ['blah'], `values[0]: Invalid value: "blah": for 'Gt', 'Lt' operators, the value must be an integer`],
    ['x', 'gt', ['1', '2'], `values: Invalid value: []string{"1", "2"}: for 'Gt', 'Lt' operators, exactly one value is required`],
    ['x', '=', ['a', 'b'], `values: Invalid value: []string{"a", "b"}: exact-match compatibility requires one single value`],
    ['x', 'exists', ['a'], `values: Invalid value: []string{"a"}: values set must be empty for exists and does not exist`],
    ['a'.repeat(254), 'exists', undefined, `key: Invalid value: "${'a'.repeat(254)}": name part must be no more than 63 characters`],
    ['x/y/z', 'exists', undefined, `key: Invalid value: "x/y/z": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character ${keyRegex} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`],
    [
      '-k',
      'in',
      ['-a', 'b'],
      `[key: Invalid value: "-k": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character ${keyRegex}, values[0][-k]: Invalid value: "-a": ${valueRule}]`
    ]
  ])('newRequirement(%j, %s, %j)', (key, op, values, message) => {
    if (message === null) expect(newRequirement(key, op, values)).toBeInstanceOf(Requirement)
    else expect(() => newRequirement(key, op, values)).toThrow(message)
  })

  it('rejects unknown operators with the supported list', () => {
    expect(() => newRequirement('x', 'bogus' as Operator, ['a'])).toThrow(
      'operator: Unsupported value: "bogus": supported values: "in", "notin", "=", "==", "!=", "gt", "lt", "exists", "!"'
    )
  })

  it.each<[Array<[string, Operator, string[]]>, string]>([
    [
      [
        ['x', 'in', ['abc', 'def']],
        ['y', 'notin', ['jkl']],
        ['z', 'exists', []]
      ],
      'x in (abc,def),y notin (jkl),z'
    ],
    [
      [
        ['x', 'notin', ['abc', 'def']],
        ['y', '!=', ['jkl']],
        ['z', '!', []]
      ],
      'x notin (abc,def),y!=jkl,!z'
    ],
    [
      [
        ['x', 'notin', ['abc']],
        ['y', 'in', ['jkl', 'mno']],
        ['z', 'notin', ['']]
      ],
      'x notin (abc),y in (jkl,mno),z notin ()'
    ],
    [
      [
        ['x', '=', ['abc']],
        ['y', '==', ['jkl']],
        ['z', '!=', ['a']],
        ['z', 'exists', []]
      ],
      'x=abc,y==jkl,z!=a,z'
    ],
    [
      [
        ['x', 'gt', ['2']],
        ['y', 'lt', ['8']],
        ['z', 'exists', []]
      ],
      'x>2,y<8,z'
    ],
    [[['x', 'in', ['def', 'abc', 'abc']]], 'x in (abc,abc,def)']
  ])('prints %j as %j', (rs, printed) => {
    expect(Selector.of(rs.map(([k, o, v]) => newRequirement(k, o, v))).toString()).toBe(printed)
  })

  it('keeps values as given but prints them sorted', () => {
    const r = newRequirement('x', 'in', ['b', 'a'])
    expect(r.values).toEqual(['b', 'a'])
    expect(r.toString()).toBe('x in (a,b)')
  })
})

describe('selector operations (TestAdd, TestRequiresExactMatch, TestEverything)', () => {
  it('adds requirements and re-sorts by key', () => {
    const base = Selector.of([newRequirement('key', 'in', ['value'])])
    expect(base.add(newRequirement('key2', '=', ['value2'])).toString()).toBe('key in (value),key2=value2')
    expect(base.add(newRequirement('a', 'exists', [])).toString()).toBe('a,key in (value)')
    expect(Selector.everything().add(newRequirement('key', 'in', ['value'])).toString()).toBe('key in (value)')
  })

  it.each<[string, string, string | undefined]>([
    ['key in (value)', 'key', 'value'],
    ['key in (value,value2)', 'key', undefined],
    ['key in (value,value1),key2 in (value2)', 'key2', 'value2'],
    ['key=value', 'key', 'value'],
    ['key==value', 'key', 'value'],
    ['key!=value', 'key', undefined],
    ['key in (value),key2 in (value2)', 'key', 'value'],
    ['key', 'key', undefined],
    ['other=value', 'key', undefined],
    ['key!=a,key=b', 'key', undefined]
  ])('%j requires %j = %j', (sel, key, value) => {
    expect(parseLabelSelector(sel).requiresExactMatch(key)).toBe(value)
  })

  it('distinguishes everything from nothing', () => {
    expect(Selector.everything().matches({ x: 'y' })).toBe(true)
    expect(Selector.everything().empty()).toBe(true)
    expect(parseLabelSelector('').empty()).toBe(true)
    expect(Selector.nothing().matches({ x: 'y' })).toBe(false)
    expect(Selector.nothing().matches({})).toBe(false)
    expect(Selector.nothing().empty()).toBe(false)
    expect(Selector.nothing().toString()).toBe('')
  })
})

describe('metav1.LabelSelector conversion (LabelSelectorAsSelector)', () => {
  it.each<[LabelSelector | null | undefined, string, Record<string, string>, boolean]>([
    [null, '', { a: 'b' }, false],
    [undefined, '', {}, false],
    [{}, '', { a: 'b' }, true],
    [{ matchLabels: {}, matchExpressions: [] }, '', {}, true],
    [{ matchLabels: { app: 'web' } }, 'app=web', { app: 'web', x: 'y' }, true],
    [{ matchLabels: { tier: 'fe', app: 'web' } }, 'app=web,tier=fe', { app: 'web' }, false],
    [{ matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'dev'] }] }, 'env in (dev,prod)', { env: 'dev' }, true],
    [{ matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] }, 'env notin (prod)', {}, true],
    [{ matchExpressions: [{ key: 'env', operator: 'Exists' }] }, 'env', { env: '' }, true],
    [{ matchExpressions: [{ key: 'env', operator: 'DoesNotExist' }] }, '!env', { env: 'x' }, false],
    [
      { matchLabels: { z: '1' }, matchExpressions: [{ key: 'a', operator: 'Exists' }, { key: 'm', operator: 'In', values: ['x'] }] },
      'a,m in (x),z=1',
      { a: '', m: 'x', z: '1' },
      true
    ]
  ])('%j → %j', (sel, printed, labels, matches) => {
    const s = labelSelectorFromObject(sel)
    expect(s.toString()).toBe(printed)
    expect(s.matches(labels)).toBe(matches)
  })

  it.each<[LabelSelector, string]>([
    [{ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] }, '"Gt" is not a valid pod selector operator'],
    [{ matchExpressions: [{ key: 'a', operator: 'in', values: ['1'] }] }, '"in" is not a valid pod selector operator'],
    [{ matchExpressions: [{ key: 'a', operator: 'In' }] }, "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty"],
    [{ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }, "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty"],
    [{ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }, 'values: Invalid value: []string{"x"}: values set must be empty for exists and does not exist'],
    [{ matchLabels: { app: 'a b' } }, `values[0][app]: Invalid value: "a b": ${valueRule}`]
  ])('%j fails with %j', (sel, message) => {
    expect(() => labelSelectorFromObject(sel)).toThrow(message)
  })

  it('formats selectors as kubectl describe does (FormatLabelSelector)', () => {
    expect(formatLabelSelector({ matchLabels: { app: 'web' } })).toBe('app=web')
    expect(formatLabelSelector({})).toBe('<none>')
    expect(formatLabelSelector(null)).toBe('<none>')
    expect(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Bad' }] })).toBe('<error>')
  })
})

describe('validateLabelSelector (metav1 validation)', () => {
  const fp = path('spec', 'selector')
  it.each<[LabelSelector, Array<[string, string, string]>]>([
    [{ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'a', operator: 'In', values: ['b'] }] }, []],
    [{ matchExpressions: [{ key: 'a', operator: 'In' }] }, [['FieldValueRequired', 'spec.selector.matchExpressions[0].values', "must be specified when `operator` is 'In' or 'NotIn'"]]],
    [
      { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] },
      [['FieldValueForbidden', 'spec.selector.matchExpressions[0].values', "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"]]
    ],
    [{ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] }, [['FieldValueInvalid', 'spec.selector.matchExpressions[0].operator', 'not a valid selector operator']]],
    [{ matchExpressions: [{ key: 'a', operator: 'In', values: ['-x'] }] }, [['FieldValueInvalid', 'spec.selector.matchExpressions[0].values[0]', valueRule]]],
    [
      { matchExpressions: [{ key: '-a', operator: 'Exists' }] },
      [
        [
          'FieldValueInvalid',
          'spec.selector.matchExpressions[0].key',
          `name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character ${keyRegex}`
        ]
      ]
    ]
  ])('%j', (sel, expected) => {
    expect(validateLabelSelector(sel, fp).map((e) => [e.type, e.field, e.detail])).toEqual(expected)
  })

  it('can allow invalid values for old objects', () => {
    expect(validateLabelSelector({ matchExpressions: [{ key: 'a', operator: 'In', values: ['-x'] }] }, fp, { allowInvalidLabelValueInSelector: true })).toEqual([])
  })
})
