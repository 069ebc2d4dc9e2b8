/**
 * Shell arithmetic, `$((...))`, for the integer expressions scripts use
 * (`i=$((i+1))`): + - * / % with the usual precedence, parentheses, unary
 * minus, decimal numbers and variables (a name or `$name`; unset is 0).
 */
export class ArithmeticError extends Error {}

export function evaluateArithmetic(expr: string, vars: Record<string, string>): number {
  const tokens = expr.match(/\s*(\d+|\$?[A-Za-z_][A-Za-z0-9_]*|[-+*/%()])/g)?.map((t) => t.trim()) ?? []
  if (tokens.join('') !== expr.replace(/\s+/g, '')) throw new ArithmeticError(`arithmetic syntax error`)
  let pos = 0
  const peek = (): string | undefined => tokens[pos]

  const primary = (): number => {
    const t = tokens[pos++]
    if (t === undefined) throw new ArithmeticError('arithmetic syntax error')
    if (t === '(') {
      const v = sum()
      if (tokens[pos++] !== ')') throw new ArithmeticError('arithmetic syntax error')
      return v
    }
    if (t === '-') return -primary()
    if (t === '+') return primary()
    if (/^\d+$/.test(t)) return Number(t)
    if (/^\$?[A-Za-z_]/.test(t)) {
      const n = Number(vars[t.replace(/^\$/, '')] ?? 0)
      return Number.isFinite(n) ? Math.trunc(n) : 0
    }
    throw new ArithmeticError('arithmetic syntax error')
  }
  const product = (): number => {
    let v = primary()
    while (peek() === '*' || peek() === '/' || peek() === '%') {
      const op = tokens[pos++]
      const r = primary()
      if (op !== '*' && r === 0) throw new ArithmeticError('divide by zero')
      v = op === '*' ? v * r : op === '/' ? Math.trunc(v / r) : v % r
    }
    return v
  }
  const sum = (): number => {
    let v = product()
    while (peek() === '+' || peek() === '-') v = tokens[pos++] === '+' ? v + product() : v - product()
    return v
  }
  const value = sum()
  if (pos !== tokens.length) throw new ArithmeticError('arithmetic syntax error')
  return value
}
