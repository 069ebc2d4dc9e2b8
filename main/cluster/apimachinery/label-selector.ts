import type { LabelSelector, LabelSelectorRequirement } from 'kubernetes-types/meta/v1'
import { badRequest } from './errors'
import { type FieldError, type FieldPath, field, fieldErrorString } from './field-errors'
import { isQualifiedName, isValidLabelValue, validateLabels } from './validation'

/**
 * Label selectors as k8s.io/apimachinery/pkg/labels parses, prints and
 * matches them: `app=web,tier in (fe,be),!canary`. The grammar, the
 * canonical String() form and every error message follow labels/selector.go,
 * because kubectl shows those messages to the user verbatim.
 *
 *   <selector>    ::= <requirement> | <requirement> "," <selector>
 *   <requirement> ::= [!] KEY [ <set-based> | <exact-match> | <numeric> ]
 *   <set-based>   ::= ("in" | "notin") "(" VALUE { "," VALUE } ")"
 *   <exact-match> ::= ("=" | "==" | "!=") VALUE
 *   <numeric>     ::= (">" | "<") INTEGER
 */

// ---------------------------------------------------------------------------
// Requirements
// ---------------------------------------------------------------------------

/** selection.Operator values; the strings are the ones Kubernetes prints in messages. */
export type Operator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt'

/** Binary operators in the order Kubernetes lists them in "expected: ..." messages. */
const binaryOperators: readonly Operator[] = ['in', 'notin', '=', '==', '!=', 'gt', 'lt']
const validOperators: readonly Operator[] = [...binaryOperators, 'exists', '!']

/** Path of the requirement being built; undefined renders as Go's nil path, `<nil>`. */
type ReqPath = string | undefined

function child(path: ReqPath, name: string): string {
  return path ? `${path}.${name}` : name
}

/** One `key op values` term. Construct with newRequirement() so it is validated. */
export class Requirement {
  /** @internal use newRequirement() */
  constructor(
    readonly key: string,
    readonly operator: Operator,
    readonly values: readonly string[]
  ) {}

  /** Whether a label set satisfies this requirement (labels.Requirement.Matches). */
  matches(labels: Readonly<Record<string, string>> | undefined): boolean {
    const has = labels !== undefined && Object.hasOwn(labels, this.key)
    const value = has ? labels[this.key] : ''
    switch (this.operator) {
      case '=':
      case '==':
      case 'in':
        return has && this.values.includes(value)
      case '!=':
      case 'notin':
        return !has || !this.values.includes(value)
      case 'exists':
        return has
      case '!':
        return !has
      case 'gt':
      case 'lt': {
        // Both sides must parse as int64; anything else simply does not match.
        if (!has || this.values.length !== 1) return false
        const actual = parseInt64(value)
        const bound = parseInt64(this.values[0])
        if (actual === undefined || bound === undefined) return false
        return this.operator === 'gt' ? actual > bound : actual < bound
      }
    }
  }

  /** Canonical text, e.g. `x in (a,b)`, `!x`, `x>1`; values of set operators are sorted. */
  toString(): string {
    const k = this.key
    switch (this.operator) {
      case 'exists':
        return k
      case '!':
        return `!${k}`
      case 'in':
        return `${k} in (${joinSorted(this.values)})`
      case 'notin':
        return `${k} notin (${joinSorted(this.values)})`
      case 'gt':
        return `${k}>${joinSorted(this.values)}`
      case 'lt':
        return `${k}<${joinSorted(this.values)}`
      default:
        return `${k}${this.operator}${joinSorted(this.values)}`
    }
  }
}

function joinSorted(values: readonly string[]): string {
  return [...values].sort(compareStrings).join(',')
}

/** Byte-wise string order, as Go's sort.Strings (all valid keys and values are ASCII). */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** strconv.ParseInt(s, 10, 64): optional sign, decimal digits, int64 range. */
function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined
  const n = BigInt(s)
  return n >= -(1n << 63n) && n < 1n << 63n ? n : undefined
}

/** Go's %#v of a []string, the form Kubernetes prints for a bad value set. */
function goStringSlice(values: readonly string[] | undefined): string {
  if (values === undefined) return '[]string(nil)'
  return `[]string{${values.map((v) => JSON.stringify(v)).join(', ')}}`
}

/** field.Invalid(path, []string{...}, detail) rendered as Go renders it. */
function invalidSlice(path: string, values: readonly string[] | undefined, detail: string): string {
  return `${path}: Invalid value: ${goStringSlice(values)}: ${detail}`
}

/** The label-key check of labels.validateLabelKey, at the given path. */
function labelKeyError(key: string, path: ReqPath): string | undefined {
  const errs = isQualifiedName(key)
  if (errs.length === 0) return undefined
  return fieldErrorString(field.invalid(path ?? '<nil>', key, errs.join('; ')))
}

/** utilerrors.Aggregate.Error(): one message alone, several deduplicated in brackets. */
function aggregate(messages: string[]): string {
  const unique = [...new Set(messages)]
  return unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`
}

/**
 * labels.NewRequirement: validates the key, the operator and the values and
 * throws a 400 with Kubernetes' aggregated field-error message if any is wrong.
 * `path` prefixes the field paths in messages (Kubernetes passes none).
 */
export function newRequirement(key: string, operator: Operator, values: readonly string[] | undefined, path?: string): Requirement {
  const message = requirementErrors(key, operator, values, path)
  if (message) throw badRequest(message)
  return new Requirement(key, operator, [...(values ?? [])])
}

/** The aggregated error of labels.NewRequirement, or undefined when valid. */
function requirementErrors(key: string, operator: string, values: readonly string[] | undefined, path: ReqPath): string | undefined {
  const errs: string[] = []
  const keyErr = labelKeyError(key, child(path, 'key'))
  if (keyErr) errs.push(keyErr)
  const valuesPath = child(path, 'values')
  const n = values?.length ?? 0
  switch (operator) {
    case 'in':
    case 'notin':
      if (n === 0) errs.push(invalidSlice(valuesPath, values, "for 'in', 'notin' operators, values set can't be empty"))
      break
    case '=':
    case '==':
    case '!=':
      if (n !== 1) errs.push(invalidSlice(valuesPath, values, 'exact-match compatibility requires one single value'))
      break
    case 'exists':
    case '!':
      if (n !== 0) errs.push(invalidSlice(valuesPath, values, 'values set must be empty for exists and does not exist'))
      break
    case 'gt':
    case 'lt':
      if (n !== 1) errs.push(invalidSlice(valuesPath, values, "for 'Gt', 'Lt' operators, exactly one value is required"))
      values?.forEach((v, i) => {
        if (parseInt64(v) === undefined) {
          errs.push(fieldErrorString(field.invalid(`${valuesPath}[${i}]`, v, "for 'Gt', 'Lt' operators, the value must be an integer")))
        }
      })
      break
    default:
      errs.push(fieldErrorString(field.notSupported(child(path, 'operator'), operator, validOperators)))
  }
  values?.forEach((v, i) => {
    const msgs = isValidLabelValue(v)
    if (msgs.length) errs.push(fieldErrorString(field.invalid(`${valuesPath}[${i}][${key}]`, v, msgs.join('; '))))
  })
  return errs.length ? aggregate(errs) : undefined
}

// ---------------------------------------------------------------------------
// Selector
// ---------------------------------------------------------------------------

/**
 * A parsed label selector: the AND of its requirements, kept sorted by key
 * (stably, so that String() is deterministic as in Kubernetes).
 */
export class Selector {
  private constructor(
    readonly requirements: readonly Requirement[],
    /** True only for Nothing(): the selector of a nil LabelSelector, matching no object. */
    readonly matchesNothing: boolean
  ) {}

  /** Matches every label set; the empty selector. */
  static everything(): Selector {
    return new Selector([], false)
  }

  /** Matches no label set (what a nil metav1.LabelSelector converts to). */
  static nothing(): Selector {
    return new Selector([], true)
  }

  /** A selector of the given requirements, sorted by key. */
  static of(requirements: readonly Requirement[]): Selector {
    return new Selector(sortByKey(requirements), false)
  }

  /** Whether every requirement matches the labels. */
  matches(labels: Readonly<Record<string, string>> | undefined): boolean {
    if (this.matchesNothing) return false
    return this.requirements.every((r) => r.matches(labels))
  }

  /** True when the selector restricts nothing (Everything, or parsed from ""). */
  empty(): boolean {
    return !this.matchesNothing && this.requirements.length === 0
  }

  /** Canonical form: requirements sorted by key, joined by ",". Nothing() prints "". */
  toString(): string {
    return this.requirements.map((r) => r.toString()).join(',')
  }

  /** A new selector with more requirements, re-sorted by key. */
  add(...requirements: Requirement[]): Selector {
    if (this.matchesNothing) return this
    return new Selector(sortByKey([...this.requirements, ...requirements]), false)
  }

  /**
   * The single value the selector demands for `key` (via `=`, `==` or a
   * one-value `in`), so callers can use an index; undefined otherwise.
   * As Kubernetes, only the first requirement on the key is considered.
   */
  requiresExactMatch(key: string): string | undefined {
    const r = this.requirements.find((x) => x.key === key)
    if (!r) return undefined
    if ((r.operator === '=' || r.operator === '==' || r.operator === 'in') && r.values.length === 1) return r.values[0]
    return undefined
  }
}

function sortByKey(requirements: readonly Requirement[]): Requirement[] {
  return [...requirements].sort((a, b) => compareStrings(a.key, b.key))
}

// ---------------------------------------------------------------------------
// Lexer
// ---------------------------------------------------------------------------

/** Token kinds of the selector lexer; operators and parentheses are their own text. */
export type TokenKind = 'error' | 'eos' | ')' | ',' | '!' | '==' | '=' | '>' | 'identifier' | 'in' | '<' | '!=' | 'notin' | '('

/** One lexed token with the text it was read from. */
export interface Token {
  kind: TokenKind
  literal: string
}

/** Literals that are tokens of their own; every other run of characters is an identifier. */
const literalTokens: Readonly<Record<string, TokenKind>> = {
  ')': ')',
  ',': ',',
  '!': '!',
  '==': '==',
  '=': '=',
  '>': '>',
  in: 'in',
  '<': '<',
  '!=': '!=',
  notin: 'notin',
  '(': '('
}

function tokenFor(literal: string): TokenKind | undefined {
  return Object.hasOwn(literalTokens, literal) ? literalTokens[literal] : undefined
}

function isWhitespace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n'
}

function isSpecialSymbol(ch: string): boolean {
  return ch === '=' || ch === '!' || ch === '(' || ch === ')' || ch === ',' || ch === '>' || ch === '<'
}

/**
 * The selector lexer. Like Kubernetes' it reads a NUL as end of input, and
 * reads operators greedily: the longest run of symbols that is still a token.
 */
class Lexer {
  private pos = 0
  constructor(private readonly s: string) {}

  private read(): string {
    if (this.pos >= this.s.length) return '\0'
    return this.s[this.pos++]
  }

  private unread(): void {
    this.pos--
  }

  next(): Token {
    let ch = this.read()
    while (isWhitespace(ch)) ch = this.read()
    if (ch === '\0') return { kind: 'eos', literal: '' }
    this.unread()
    return isSpecialSymbol(ch) ? this.scanSpecialSymbol() : this.scanIdOrKeyword()
  }

  private scanIdOrKeyword(): Token {
    let literal = ''
    for (;;) {
      const ch = this.read()
      if (ch === '\0') break
      if (isSpecialSymbol(ch) || isWhitespace(ch)) {
        this.unread()
        break
      }
      literal += ch
    }
    return { kind: tokenFor(literal) ?? 'identifier', literal }
  }

  private scanSpecialSymbol(): Token {
    let buffer = ''
    let last: Token | undefined
    for (;;) {
      const ch = this.read()
      if (ch === '\0') break
      if (!isSpecialSymbol(ch)) {
        this.unread()
        break
      }
      buffer += ch
      const kind = tokenFor(buffer)
      if (kind) {
        last = { kind, literal: buffer }
      } else if (last) {
        this.unread()
        break
      }
    }
    return last ?? { kind: 'error', literal: `error expected: keyword found '${buffer}'` }
  }
}

/** The tokens of a selector string, ending with 'eos' (exposed for tests and tools). */
export function tokenizeLabelSelector(input: string): Token[] {
  const lexer = new Lexer(input)
  const tokens: Token[] = []
  for (;;) {
    const t = lexer.next()
    tokens.push(t)
    if (t.kind === 'eos') return tokens
  }
}

// ---------------------------------------------------------------------------
// Parser
// ---------------------------------------------------------------------------

/**
 * Where the parser is: after a key `in`/`notin` are operators, but inside a
 * value position they are plain identifiers (`x in (in,notin)` is valid).
 */
type Context = 'keyAndOperator' | 'values'

/** A parse failure carrying the exact text labels.Parse would return. */
class ParseFailure {
  constructor(readonly message: string) {}
}

class Parser {
  private readonly tokens: Token[]
  private position = 0

  constructor(input: string) {
    this.tokens = tokenizeLabelSelector(input)
  }

  private lookahead(context: Context): Token {
    return this.contextual(this.tokens[this.position], context)
  }

  private consume(context: Context): Token {
    return this.contextual(this.tokens[this.position++], context)
  }

  private contextual(t: Token, context: Context): Token {
    if (context === 'values' && (t.kind === 'in' || t.kind === 'notin')) return { kind: 'identifier', literal: t.literal }
    return t
  }

  parse(): Requirement[] {
    const requirements: Requirement[] = []
    for (;;) {
      const t = this.lookahead('values')
      switch (t.kind) {
        case 'identifier':
        case '!': {
          requirements.push(this.parseRequirementOrFail())
          const after = this.consume('values')
          if (after.kind === 'eos') return requirements
          if (after.kind === ',') {
            const n = this.lookahead('values')
            if (n.kind !== 'identifier' && n.kind !== '!') throw new ParseFailure(`found '${n.literal}', expected: identifier after ','`)
            break
          }
          throw new ParseFailure(`found '${after.literal}', expected: ',' or 'end of string'`)
        }
        case 'eos':
          return requirements
        default:
          throw new ParseFailure(`found '${t.literal}', expected: !, identifier, or 'end of string'`)
      }
    }
  }

  private parseRequirementOrFail(): Requirement {
    try {
      return this.parseRequirement()
    } catch (e) {
      if (e instanceof ParseFailure) throw new ParseFailure(`unable to parse requirement: ${e.message}`)
      throw e
    }
  }

  private parseRequirement(): Requirement {
    const { key, operator: inferred } = this.parseKeyAndInferOperator()
    if (inferred) return this.build(key, inferred, [])
    const operator = this.parseOperator()
    const values = operator === 'in' || operator === 'notin' ? this.parseValues() : this.parseExactValue()
    // Kubernetes collects values in a set: deduplicated and sorted.
    return this.build(key, operator, [...new Set(values)].sort(compareStrings))
  }

  private build(key: string, operator: Operator, values: string[]): Requirement {
    const message = requirementErrors(key, operator, values, undefined)
    if (message) throw new ParseFailure(message)
    return new Requirement(key, operator, values)
  }

  /** A key, and `exists`/`!` when no binary operator follows it. */
  private parseKeyAndInferOperator(): { key: string; operator?: Operator } {
    let operator: Operator | undefined
    let t = this.consume('values')
    if (t.kind === '!') {
      operator = '!'
      t = this.consume('values')
    }
    if (t.kind !== 'identifier') throw new ParseFailure(`found '${t.literal}', expected: identifier`)
    const keyErr = labelKeyError(t.literal, undefined)
    if (keyErr) throw new ParseFailure(keyErr)
    const next = this.lookahead('values').kind
    if ((next === 'eos' || next === ',') && operator !== '!') operator = 'exists'
    return { key: t.literal, operator }
  }

  private parseOperator(): Operator {
    const t = this.consume('keyAndOperator')
    switch (t.kind) {
      case 'in':
        return 'in'
      case 'notin':
        return 'notin'
      case '=':
        return '='
      case '==':
        return '=='
      case '!=':
        return '!='
      case '>':
        return 'gt'
      case '<':
        return 'lt'
      default:
        throw new ParseFailure(`found '${t.literal}', expected: ${binaryOperators.join(', ')}`)
    }
  }

  /** `(a,b)`; `()` is the set holding the empty string. */
  private parseValues(): string[] {
    const open = this.consume('values')
    if (open.kind !== '(') throw new ParseFailure(`found '${open.literal}' expected: '('`)
    const t = this.lookahead('values')
    switch (t.kind) {
      case 'identifier':
      case ',': {
        const values = this.parseIdentifiersList()
        if (this.consume('values').kind !== ')') throw new ParseFailure(`found '${t.literal}', expected: ')'`)
        return values
      }
      case ')':
        this.consume('values')
        return ['']
      default:
        throw new ParseFailure(`found '${t.literal}', expected: ',', ')' or identifier`)
    }
  }

  /** A comma-separated list in which empty entries stand for the empty string. */
  private parseIdentifiersList(): string[] {
    const values: string[] = []
    for (;;) {
      const t = this.consume('values')
      if (t.kind === 'identifier') {
        values.push(t.literal)
        const n = this.lookahead('values')
        if (n.kind === ',') continue
        if (n.kind === ')') return values
        throw new ParseFailure(`found '${n.literal}', expected: ',' or ')'`)
      }
      if (t.kind === ',') {
        if (values.length === 0) values.push('') // "(,"
        const n = this.lookahead('values').kind
        if (n === ')') {
          values.push('') // ",)"
          return values
        }
        if (n === ',') values.push('') // ",,"
        continue
      }
      throw new ParseFailure(`found '${t.literal}', expected: ',', or identifier`)
    }
  }

  /** The value after `=`, `==`, `!=`, `>` or `<`; nothing before `,` or the end means "". */
  private parseExactValue(): string[] {
    const n = this.lookahead('values').kind
    if (n === 'eos' || n === ',') return ['']
    const t = this.consume('values')
    if (t.kind === 'identifier') return [t.literal]
    throw new ParseFailure(`found '${t.literal}', expected: identifier`)
  }
}

// ---------------------------------------------------------------------------
// Entry points
// ---------------------------------------------------------------------------

/**
 * labels.Parse: the `?labelSelector=` / `kubectl -l` string form. Throws a
 * 400 BadRequest whose message is exactly Kubernetes', e.g.
 * `unable to parse requirement: found 'x', expected: in, notin, =, ==, !=, gt, lt`.
 */
export function parseLabelSelector(input: string): Selector {
  try {
    return Selector.of(new Parser(input).parse())
  } catch (e) {
    if (e instanceof ParseFailure) throw badRequest(e.message)
    throw e
  }
}

/** labels.SelectorFromSet: `k=v` for each entry, unvalidated; an empty set selects everything. */
export function selectorFromSet(set: Readonly<Record<string, string>> | undefined | null): Selector {
  return Selector.of(Object.entries(set ?? {}).map(([k, v]) => new Requirement(k, '=', [v])))
}

/** labels.ValidatedSelectorFromSet: as selectorFromSet, but throws (400) on a bad key or value. */
export function validatedSelectorFromSet(set: Readonly<Record<string, string>> | undefined | null): Selector {
  return Selector.of(Object.entries(set ?? {}).map(([k, v]) => newRequirement(k, '=', [v])))
}

const selectorOperators: Readonly<Record<string, Operator>> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' }

/**
 * metav1.LabelSelectorAsSelector: matchLabels as `=` terms plus
 * matchExpressions (In, NotIn, Exists, DoesNotExist). A missing selector
 * matches nothing; an empty one matches everything. Throws a 400 with
 * Kubernetes' message, e.g. `"Foo" is not a valid pod selector operator` or
 * `values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty`.
 */
export function labelSelectorFromObject(sel: LabelSelector | null | undefined): Selector {
  if (sel === null || sel === undefined) return Selector.nothing()
  const matchLabels = Object.entries(sel.matchLabels ?? {})
  const expressions = sel.matchExpressions ?? []
  if (matchLabels.length + expressions.length === 0) return Selector.everything()
  const requirements = matchLabels.map(([k, v]) => newRequirement(k, '=', [v]))
  for (const expr of expressions) {
    const operator = Object.hasOwn(selectorOperators, expr.operator) ? selectorOperators[expr.operator] : undefined
    if (!operator) throw badRequest(`${JSON.stringify(expr.operator ?? '')} is not a valid pod selector operator`)
    // Go copies the values with append([]string(nil), ...): an empty list becomes nil.
    requirements.push(newRequirement(expr.key, operator, expr.values?.length ? expr.values : undefined))
  }
  return Selector.of(requirements)
}

/** metav1.FormatLabelSelector: the selector's string, `<none>` when empty, `<error>` when invalid. */
export function formatLabelSelector(sel: LabelSelector | null | undefined): string {
  let text: string
  try {
    text = labelSelectorFromObject(sel).toString()
  } catch {
    return '<error>'
  }
  return text === '' ? '<none>' : text
}

/** Options of metav1validation.LabelSelectorValidationOptions. */
export interface LabelSelectorValidationOptions {
  /** Skip the label-value check of matchExpressions values (for old stored objects). */
  allowInvalidLabelValueInSelector?: boolean
}

/**
 * metav1validation.ValidateLabelSelector: the field errors an API object's
 * selector (e.g. spec.selector of a Deployment) is rejected with.
 */
export function validateLabelSelector(sel: LabelSelector | null | undefined, fp: FieldPath, opts: LabelSelectorValidationOptions = {}): FieldError[] {
  if (!sel) return []
  const errs = validateLabels(sel.matchLabels, fp.child('matchLabels'))
  ;(sel.matchExpressions ?? []).forEach((expr, i) => {
    errs.push(...validateLabelSelectorRequirement(expr, fp.child('matchExpressions').index(i), opts))
  })
  return errs
}

/** metav1validation.ValidateLabelSelectorRequirement for one matchExpressions entry. */
export function validateLabelSelectorRequirement(
  req: LabelSelectorRequirement,
  fp: FieldPath,
  opts: LabelSelectorValidationOptions = {}
): FieldError[] {
  const errs: FieldError[] = []
  const values = req.values ?? []
  switch (req.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) errs.push(field.required(fp.child('values').toString(), "must be specified when `operator` is 'In' or 'NotIn'"))
      break
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) errs.push(field.forbidden(fp.child('values').toString(), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"))
      break
    default:
      errs.push(field.invalid(fp.child('operator').toString(), req.operator, 'not a valid selector operator'))
  }
  for (const msg of isQualifiedName(req.key)) errs.push(field.invalid(fp.child('key').toString(), req.key, msg))
  if (!opts.allowInvalidLabelValueInSelector) {
    values.forEach((v, i) => {
      for (const msg of isValidLabelValue(v)) errs.push(field.invalid(fp.child('values').index(i).toString(), v, msg))
    })
  }
  return errs
}
