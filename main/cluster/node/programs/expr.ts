import type { ExecContext } from '../../world/types'
import { showUsage } from './usage'

/**
 * `expr EXPRESSION`, as busybox evaluates it: `|` `&`, comparisons
 * (`<` `<=` `=` `==` `!=` `>=` `>`, numeric when both sides are integers),
 * `+ - * / %`, `STRING : REGEXP` (a basic regular expression anchored at the
 * start: the length of the match, or the first `\(...\)` group), `match`,
 * `substr`, `index`, `length` and parentheses. Status 0 when the result is
 * neither empty nor 0, 1 when it is, 2 on a bad expression.
 */

const usage = `expr EXPRESSION

Print the value of EXPRESSION

EXPRESSION may be:
	ARG1 | ARG2	ARG1 if it is neither null nor 0, otherwise ARG2
	ARG1 & ARG2	ARG1 if neither argument is null or 0, otherwise 0
	ARG1 < ARG2	1 if ARG1 is less than ARG2, else 0. Similarly:
	ARG1 <= ARG2
	ARG1 = ARG2
	ARG1 != ARG2
	ARG1 >= ARG2
	ARG1 > ARG2
	ARG1 + ARG2	Sum of ARG1 and ARG2. Similarly:
	ARG1 - ARG2
	ARG1 * ARG2
	ARG1 / ARG2
	ARG1 % ARG2
	STRING : REGEXP		Anchored pattern match of REGEXP in STRING
	match STRING REGEXP	Same as STRING : REGEXP
	substr STRING POS LEN	Substring of STRING, POS counts from 1
	index STRING CHARS	Index in STRING where any CHARS is found, or 0
	length STRING		Length of STRING
	quote TOKEN		Interpret TOKEN as a string, even if
				it is a keyword like 'match' or an
				operator like '/'
	(EXPRESSION)		Value of EXPRESSION

Beware that many operators need to be escaped or quoted for shells.
Comparisons are arithmetic if both ARGs are numbers, else
lexicographical. Pattern matches return the string matched between
\\( and \\) or null; if \\( and \\) are not used, they return the number
of characters matched or 0.`

class ExprError extends Error {}

const isInt = (v: string): boolean => /^\s*[-+]?\d+$/.test(v)
const truthy = (v: string): boolean => v !== '' && !(isInt(v) && Number(v) === 0)

function toInt(v: string): bigint {
  if (!isInt(v)) throw new ExprError('non-numeric argument')
  return BigInt(v.trim())
}

/** A basic regular expression (the subset scripts use) as a JavaScript one. */
function basicRegExp(re: string): RegExp {
  let out = ''
  for (let i = 0; i < re.length; i++) {
    const ch = re[i]
    if (ch === '\\' && i + 1 < re.length) {
      const next = re[++i]
      out += next === '(' || next === ')' || next === '{' || next === '}' ? next : `\\${next}`
    } else if ('()|+?{}'.includes(ch)) out += `\\${ch}`
    else out += ch
  }
  return new RegExp(`^(?:${out})`, 's')
}

function match(text: string, re: string): string {
  const m = basicRegExp(re).exec(text)
  if (/\\\(/.test(re)) return m?.[1] ?? ''
  return String(m ? m[0].length : 0)
}

function evaluate(args: string[]): string {
  let pos = 0
  const peek = (): string | undefined => args[pos]
  const take = (): string => {
    if (pos >= args.length) throw new ExprError('syntax error')
    return args[pos++]
  }
  const binary = (next: () => string, ops: string[], apply: (op: string, a: string, b: string) => string) => (): string => {
    let left = next()
    while (ops.includes(peek() ?? '')) {
      const op = take()
      left = apply(op, left, next())
    }
    return left
  }
  const primary = (): string => {
    const t = take()
    if (t === '(') {
      const v = or()
      if (take() !== ')') throw new ExprError('syntax error')
      return v
    }
    if (t === 'quote') return take()
    if (t === 'length') return String([...primary()].length)
    if (t === 'match') {
      const s = primary()
      return match(s, primary())
    }
    if (t === 'substr') {
      const s = primary()
      const p = Number(toInt(primary()))
      const l = Number(toInt(primary()))
      return p < 1 || l < 1 ? '' : s.slice(p - 1, p - 1 + l)
    }
    if (t === 'index') {
      const s = primary()
      const chars = primary()
      const i = [...s].findIndex((c) => chars.includes(c))
      return String(i + 1)
    }
    return t
  }
  const colon = binary(primary, [':'], (_op, a, b) => match(a, b))
  const product = binary(colon, ['*', '/', '%'], (op, a, b) => {
    const x = toInt(a)
    const y = toInt(b)
    if (op !== '*' && y === 0n) throw new ExprError('division by zero')
    return String(op === '*' ? x * y : op === '/' ? x / y : x % y)
  })
  const sum = binary(product, ['+', '-'], (op, a, b) => String(op === '+' ? toInt(a) + toInt(b) : toInt(a) - toInt(b)))
  const compare = binary(sum, ['<', '<=', '=', '==', '!=', '>=', '>'], (op, a, b) => {
    const c = isInt(a) && isInt(b) ? Math.sign(Number(toInt(a) - toInt(b))) : a < b ? -1 : a > b ? 1 : 0
    const r = { '<': c < 0, '<=': c <= 0, '=': c === 0, '==': c === 0, '!=': c !== 0, '>=': c >= 0, '>': c > 0 }[op]
    return r ? '1' : '0'
  })
  const and = binary(compare, ['&'], (_op, a, b) => (truthy(a) && truthy(b) ? a : '0'))
  const or = binary(and, ['|'], (_op, a, b) => (truthy(a) ? a : truthy(b) ? b : '0'))
  const value = or()
  if (pos < args.length) throw new ExprError('syntax error')
  return value
}

export function expr(ctx: ExecContext): number {
  const args = ctx.argv.slice(1)
  if (!args.length) return showUsage(ctx, usage)
  try {
    const value = evaluate(args)
    ctx.stdout(`${value}\n`)
    return truthy(value) ? 0 : 1
  } catch (e) {
    if (!(e instanceof ExprError)) throw e
    ctx.stderr(`expr: ${e.message}\n`)
    return 2
  }
}
