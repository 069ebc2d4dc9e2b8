/**
 * The selector parser of labels/selector.go and labels.Parse. Every failure
 * message is Kubernetes' own, because kubectl shows it to the user verbatim.
 */

import { badRequest } from '../errors'
import { type Token, tokenizeLabelSelector } from './lexer'
import { binaryOperators, compareStrings, labelKeyError, type Operator, Requirement, requirementErrors } from './requirement'
import { Selector } from './selector'

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
