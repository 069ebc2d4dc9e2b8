/**
 * The awk language subset the simulated awk runs (awk.ts), parsed to a small
 * tree: `pattern { action }` items with BEGIN and END, patterns that are
 * expressions or `/regexp/`, and the statements `print`, `printf`, `if`/
 * `else`, `next`, `exit`, `{ }` blocks and expressions (assignments
 * `= += -= *= /= %=`, `++`/`--`, `|| && !`, comparisons, `~ !~`,
 * concatenation, `+ - * / %`, unary minus, `$expr`, variables, numbers,
 * strings and the functions length, substr, index, tolower, toupper, int).
 * Arrays, loops, user functions, getline and output redirection are not
 * part of it: they are syntax errors.
 */

export type Expr =
  | { k: 'num'; v: number }
  | { k: 'str'; v: string }
  | { k: 're'; v: string }
  | { k: 'var'; name: string }
  | { k: 'field'; index: Expr }
  | { k: 'assign'; op: string; target: Expr; value: Expr }
  | { k: 'incr'; op: '++' | '--'; prefix: boolean; target: Expr }
  | { k: 'bin'; op: string; left: Expr; right: Expr }
  | { k: 'not'; e: Expr }
  | { k: 'neg'; e: Expr }
  | { k: 'call'; name: string; args: Expr[] }

export type Stmt =
  | { k: 'print'; args: Expr[] }
  | { k: 'printf'; args: Expr[] }
  | { k: 'if'; cond: Expr; then: Stmt; otherwise?: Stmt }
  | { k: 'block'; body: Stmt[] }
  | { k: 'next' }
  | { k: 'exit'; code?: Expr }
  | { k: 'expr'; e: Expr }

export interface Item {
  pattern?: Expr | 'BEGIN' | 'END'
  action?: Stmt[]
}

/** A syntax or run-time error: busybox says `awk: cmd. line:1: MESSAGE` and exits 1. */
export class AwkSyntaxError extends Error {}

const unexpectedToken = 'Unexpected token'
const unexpectedEnd = 'Unexpected end of string'

type Tok = { t: 'num'; v: number } | { t: 'str'; v: string } | { t: 're'; v: string } | { t: 'name'; v: string } | { t: 'op'; v: string } | { t: 'nl' }

const ops = ['+=', '-=', '*=', '/=', '%=', '==', '!=', '<=', '>=', '&&', '||', '!~', '++', '--', '{', '}', '(', ')', ';', ',', '<', '>', '!', '~', '+', '-', '*', '/', '%', '=', '$', '?', ':']
const keywords = ['in', 'getline', 'else', 'if', 'print', 'printf', 'next', 'exit', 'while', 'for', 'do', 'function', 'delete', 'return', 'break', 'continue', 'BEGIN', 'END']
export const builtinFunctions = ['length', 'substr', 'index', 'tolower', 'toupper', 'int']

function tokenize(src: string): Tok[] {
  const toks: Tok[] = []
  let i = 0
  // A `/` starts a regexp where an operand is expected (not after a value).
  const operandExpected = (): boolean => {
    const last = toks[toks.length - 1]
    return !last || last.t === 'nl' || (last.t === 'op' && !')$'.includes(last.v) && last.v !== '++' && last.v !== '--')
  }
  while (i < src.length) {
    const c = src[i]
    if (c === ' ' || c === '\t' || (c === '\\' && src[i + 1] === '\n')) i += c === '\\' ? 2 : 1
    else if (c === '\n') {
      toks.push({ t: 'nl' })
      i++
    } else if (c === '#') while (i < src.length && src[i] !== '\n') i++
    else if (/[0-9.]/.test(c) && /^(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.test(src.slice(i))) {
      const m = /^(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(src.slice(i))!
      toks.push({ t: 'num', v: Number(m[0]) })
      i += m[0].length
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))!
      toks.push({ t: 'name', v: m[0] })
      i += m[0].length
    } else if (c === '"') {
      let v = ''
      for (i++; i < src.length && src[i] !== '"'; i++) {
        if (src[i] === '\\' && i + 1 < src.length) {
          const e = src[++i]
          v += ({ n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', '/': '/' } as Record<string, string>)[e] ?? `\\${e}`
        } else v += src[i]
      }
      if (i >= src.length) throw new AwkSyntaxError(unexpectedEnd)
      i++
      toks.push({ t: 'str', v })
    } else if (c === '/' && operandExpected()) {
      let v = ''
      for (i++; i < src.length && src[i] !== '/'; i++) {
        if (src[i] === '\\' && src[i + 1] === '/') v += src[++i]
        else if (src[i] === '\n') throw new AwkSyntaxError(unexpectedEnd)
        else v += src[i]
      }
      if (i >= src.length) throw new AwkSyntaxError(unexpectedEnd)
      i++
      toks.push({ t: 're', v })
    } else {
      const op = ops.find((o) => src.startsWith(o, i))
      if (!op) throw new AwkSyntaxError(unexpectedToken)
      toks.push({ t: 'op', v: op })
      i += op.length
    }
  }
  return toks
}

export function parseAwk(src: string): Item[] {
  const toks = tokenize(src)
  let pos = 0
  const peek = (): Tok | undefined => toks[pos]
  const isOp = (v: string, t = peek()): boolean => t?.t === 'op' && t.v === v
  const isName = (v: string): boolean => peek()?.t === 'name' && (peek() as { v: string }).v === v
  const expectOp = (v: string): void => {
    if (!isOp(v)) throw new AwkSyntaxError(peek() && peek()?.t !== 'nl' ? unexpectedToken : unexpectedEnd)
    pos++
  }
  const skipNewlines = (): void => {
    while (peek()?.t === 'nl') pos++
  }
  const skipSeparators = (): void => {
    while (peek()?.t === 'nl' || isOp(';')) pos++
  }

  // Expressions, lowest precedence first; `noGt` keeps `>` out of print's arguments.
  let noGt = false
  const expr = (): Expr => assignment()
  const assignment = (): Expr => {
    const left = ternaryless()
    const t = peek()
    if (t?.t === 'op' && ['=', '+=', '-=', '*=', '/=', '%='].includes(t.v) && (left.k === 'var' || left.k === 'field')) {
      pos++
      skipNewlines()
      return { k: 'assign', op: t.v, target: left, value: assignment() }
    }
    return left
  }
  const binaryLevel = (next: () => Expr, names: string[]) => (): Expr => {
    let left = next()
    for (;;) {
      const t = peek()
      if (t?.t !== 'op' || !names.includes(t.v) || (noGt && t.v === '>')) return left
      pos++
      if (t.v === '&&' || t.v === '||') skipNewlines()
      left = { k: 'bin', op: t.v, left, right: next() }
    }
  }
  const unaryNot = (): Expr => {
    if (isOp('!')) {
      pos++
      return { k: 'not', e: unaryNot() }
    }
    return concatenation()
  }
  const additive = (): Expr => binaryLevel(multiplicative, ['+', '-'])()
  const multiplicative = (): Expr => binaryLevel(unary, ['*', '/', '%'])()
  const startsOperand = (t: Tok | undefined): boolean =>
    !!t && (t.t === 'num' || t.t === 'str' || t.t === 're' || (t.t === 'name' && !keywords.includes(t.v)) || (t.t === 'op' && ['$', '(', '++', '--'].includes(t.v)))
  const concatenation = (): Expr => {
    let left = additive()
    while (startsOperand(peek())) left = { k: 'bin', op: 'concat', left, right: additive() }
    return left
  }
  const comparison = binaryLevel(unaryNot, ['<', '<=', '==', '!=', '>=', '>'])
  const matching = binaryLevel(comparison, ['~', '!~'])
  const and = binaryLevel(matching, ['&&'])
  const ternaryless = binaryLevel(and, ['||'])
  const unary = (): Expr => {
    if (isOp('-') || isOp('+')) {
      const negative = isOp('-')
      pos++
      const e = unary()
      return negative ? { k: 'neg', e } : { k: 'bin', op: '+', left: { k: 'num', v: 0 }, right: e }
    }
    if (isOp('!')) {
      pos++
      return { k: 'not', e: unary() }
    }
    if (isOp('++') || isOp('--')) {
      const op = (toks[pos++] as { v: '++' | '--' }).v
      return { k: 'incr', op, prefix: true, target: postfix() }
    }
    return postfix()
  }
  const postfix = (): Expr => {
    const e = primary()
    if ((isOp('++') || isOp('--')) && (e.k === 'var' || e.k === 'field')) return { k: 'incr', op: (toks[pos++] as { v: '++' | '--' }).v, prefix: false, target: e }
    return e
  }
  const primary = (): Expr => {
    const t = toks[pos++]
    if (!t) throw new AwkSyntaxError(unexpectedEnd)
    if (t.t === 'num') return { k: 'num', v: t.v }
    if (t.t === 'str') return { k: 'str', v: t.v }
    if (t.t === 're') return { k: 're', v: t.v }
    if (t.t === 'op' && t.v === '$') return { k: 'field', index: primaryForField() }
    if (t.t === 'op' && t.v === '(') {
      const saved = noGt
      noGt = false
      const e = expr()
      noGt = saved
      expectOp(')')
      return e
    }
    if (t.t === 'name') {
      if (builtinFunctions.includes(t.v)) {
        const args: Expr[] = []
        if (isOp('(')) {
          pos++
          while (!isOp(')')) {
            args.push(expr())
            if (!isOp(')')) expectOp(',')
          }
          pos++
        }
        return { k: 'call', name: t.v, args }
      }
      if (isOp('(')) throw new AwkSyntaxError('Call to undefined function')
      return { k: 'var', name: t.v }
    }
    throw new AwkSyntaxError(t.t === 'nl' ? unexpectedEnd : unexpectedToken)
  }
  const primaryForField = (): Expr => {
    if (isOp('++') || isOp('--') || isOp('-')) return unary()
    return primary()
  }

  const exprList = (): Expr[] => {
    const list: Expr[] = []
    if (peek() === undefined || peek()?.t === 'nl' || isOp(';') || isOp('}')) return list
    noGt = true
    try {
      list.push(expr())
      while (isOp(',')) {
        pos++
        skipNewlines()
        list.push(expr())
      }
    } finally {
      noGt = false
    }
    if (isOp('>')) throw new AwkSyntaxError('output redirection is not simulated')
    return list
  }

  const statement = (): Stmt => {
    if (isOp('{')) {
      pos++
      const body = statements()
      expectOp('}')
      return { k: 'block', body }
    }
    if (isName('print') || isName('printf')) {
      const k = (toks[pos++] as { v: 'print' | 'printf' }).v
      // `print (a, b)` is the list in parentheses.
      let args: Expr[]
      if (isOp('(') && closesList()) {
        pos++
        args = exprList()
        expectOp(')')
      } else args = exprList()
      if (k === 'printf' && !args.length) throw new AwkSyntaxError('Too few arguments for builtin')
      return { k, args }
    }
    if (isName('if')) {
      pos++
      expectOp('(')
      const cond = expr()
      expectOp(')')
      skipNewlines()
      const then = statement()
      const save = pos
      skipSeparators()
      if (isName('else')) {
        pos++
        skipNewlines()
        return { k: 'if', cond, then, otherwise: statement() }
      }
      pos = save
      return { k: 'if', cond, then }
    }
    if (isName('next')) {
      pos++
      return { k: 'next' }
    }
    if (isName('exit')) {
      pos++
      const code = peek() && peek()?.t !== 'nl' && !isOp(';') && !isOp('}') ? expr() : undefined
      return { k: 'exit', code }
    }
    const t = peek()
    if (t?.t === 'name' && ['while', 'for', 'do', 'function', 'getline', 'delete', 'return', 'break', 'continue'].includes(t.v)) throw new AwkSyntaxError(`'${t.v}' is not simulated`)
    return { k: 'expr', e: expr() }
  }
  /** Whether the `(` at pos closes just before the statement's end (a parenthesised print list). */
  const closesList = (): boolean => {
    let depth = 0
    for (let j = pos; j < toks.length; j++) {
      const t = toks[j]
      if (t.t === 'op' && t.v === '(') depth++
      else if (t.t === 'op' && t.v === ')' && --depth === 0) {
        const after = toks[j + 1]
        return !after || after.t === 'nl' || (after.t === 'op' && [';', '}'].includes(after.v))
      }
    }
    return false
  }
  const statements = (): Stmt[] => {
    const body: Stmt[] = []
    skipSeparators()
    while (pos < toks.length && !isOp('}')) {
      body.push(statement())
      skipSeparators()
    }
    return body
  }

  const items: Item[] = []
  skipSeparators()
  while (pos < toks.length) {
    const item: Item = {}
    if (isName('BEGIN') || isName('END')) item.pattern = (toks[pos++] as { v: 'BEGIN' | 'END' }).v
    else if (!isOp('{')) item.pattern = expr()
    if (isOp('{')) {
      pos++
      item.action = statements()
      expectOp('}')
    } else if (item.pattern === 'BEGIN' || item.pattern === 'END') throw new AwkSyntaxError(unexpectedToken)
    items.push(item)
    skipSeparators()
  }
  return items
}
