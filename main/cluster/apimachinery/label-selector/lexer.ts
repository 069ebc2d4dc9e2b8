/**
 * The selector lexer of labels/lexer.go: turns `app in (a,b),!x` into tokens.
 */

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
