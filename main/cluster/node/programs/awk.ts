import type { ExecContext } from '../../world/types'
import { parseAwk, AwkSyntaxError, type Expr, type Item, type Stmt } from './awk-parse'
import { toJsPattern } from './grep'
import { formatOnce } from './printf'
import { inputs } from './text-filters'
import { showUsage, textLines } from './usage'

/**
 * `awk [-F SEP] [-v VAR=VALUE]... 'PROGRAM' [FILE]...`: the small subset of
 * awk that awk-parse.ts describes, run as busybox's awk runs it: records are
 * lines, fields split on blank runs (or on `-F`/`FS`: one character
 * literally, longer as an extended regexp), `$0` rebuilt with OFS when a
 * field is assigned, NR, NF, FNR, FILENAME, FS, OFS; numbers print as
 * integers or with `%.6g`. Input that looks like a number (fields, -v
 * values, variables holding them) compares as a number; string constants
 * and computed strings compare as strings.
 */

const usage = `awk [OPTIONS] [AWK_PROGRAM] [FILE]...

	-v VAR=VAL	Set variable
	-F SEP		Use SEP as field separator
	-f FILE		Read program from FILE
	-e AWK_PROGRAM`

type Value = string | number

class NextRecord {}
class ExitProgram {
  constructor(readonly code: number) {}
}

const looksNumeric = (s: string): boolean => /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(s)

function toNumber(v: Value): number {
  if (typeof v === 'number') return v
  const m = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(v)
  return m ? Number(m[0]) : 0
}

function toText(v: Value): string {
  if (typeof v === 'string') return v
  if (Number.isInteger(v)) return String(v)
  const text = v.toPrecision(6)
  return String(Number(text)).length <= text.length ? String(Number(text)) : text
}

class AwkRun {
  vars: Record<string, Value> = { FS: ' ', OFS: ' ', ORS: '\n', NR: 0, NF: 0, FNR: 0, FILENAME: '', SUBSEP: '\x1c' }
  fields: string[] = ['']
  out = ''

  constructor(private readonly ctx: ExecContext) {}

  setRecord(line: string): void {
    this.fields = [line, ...this.split(line)]
    this.vars.NF = this.fields.length - 1
  }

  private split(line: string): string[] {
    const fs = toText(this.vars.FS)
    if (fs === ' ') return line.split(/[ \t\n]+/).filter(Boolean)
    if (line === '') return []
    if (fs.length === 1 && fs !== '\\') return line.split(fs)
    return line.split(new RegExp(toJsPattern(fs, 'extended')))
  }

  private field(i: number): string {
    if (i < 0) throw new AwkSyntaxError('Access to negative field')
    return this.fields[i] ?? ''
  }

  private setField(i: number, value: string): void {
    if (i === 0) return this.setRecord(value)
    while (this.fields.length <= i) this.fields.push('')
    this.fields[i] = value
    this.vars.NF = this.fields.length - 1
    this.fields[0] = this.fields.slice(1).join(toText(this.vars.OFS))
  }

  private get(target: Expr): Value {
    if (target.k === 'field') return this.field(toNumber(this.eval(target.index)))
    if (target.k === 'var') return this.vars[target.name] ?? ''
    throw new AwkSyntaxError('assignment to non-variable')
  }

  private set(target: Expr, value: Value): Value {
    if (target.k === 'field') this.setField(toNumber(this.eval(target.index)), toText(value))
    else if (target.k === 'var') {
      this.vars[target.name] = value
      if (target.name === 'NF') {
        this.fields = this.fields.slice(0, toNumber(value) + 1)
        this.fields[0] = this.fields.slice(1).join(toText(this.vars.OFS))
      }
    }
    return value
  }

  private matches(text: string, re: Expr): boolean {
    const source = re.k === 're' ? re.v : toText(this.eval(re))
    return new RegExp(toJsPattern(source, 'extended')).test(text)
  }

  /** An expression as a condition: a string value is true when not empty, a number or numeric input when not 0. */
  test(e: Expr): boolean {
    const v = this.eval(e)
    return stringValued(e) ? toText(v) !== '' : truthy(v)
  }

  eval(e: Expr): Value {
    switch (e.k) {
      case 'num':
      case 'str':
        return e.v
      case 're':
        return this.matches(this.fields[0], e) ? 1 : 0
      case 'var':
        return this.vars[e.name] ?? ''
      case 'field':
        return this.field(toNumber(this.eval(e.index)))
      case 'assign': {
        const value = this.eval(e.value)
        if (e.op === '=') return this.set(e.target, value)
        const a = toNumber(this.get(e.target))
        const b = toNumber(value)
        return this.set(e.target, arithmetic(e.op[0], a, b))
      }
      case 'incr': {
        const old = toNumber(this.get(e.target))
        const next = e.op === '++' ? old + 1 : old - 1
        this.set(e.target, next)
        return e.prefix ? next : old
      }
      case 'not':
        return this.test(e.e) ? 0 : 1
      case 'neg':
        return -toNumber(this.eval(e.e))
      case 'call':
        return this.call(e.name, e.args)
      case 'bin':
        return this.binary(e.op, e.left, e.right)
    }
  }

  private binary(op: string, left: Expr, right: Expr): Value {
    if (op === '&&') return this.test(left) && this.test(right) ? 1 : 0
    if (op === '||') return this.test(left) || this.test(right) ? 1 : 0
    if (op === '~' || op === '!~') return this.matches(toText(this.eval(left)), right) === (op === '~') ? 1 : 0
    const a = this.eval(left)
    const b = this.eval(right)
    if (op === 'concat') return toText(a) + toText(b)
    if ('+-*/%'.includes(op)) return arithmetic(op, toNumber(a), toNumber(b))
    // A string constant or a computed string compares as a string; numbers, and input (fields, variables) that looks like one, as numbers.
    const numeric = !stringValued(left) && !stringValued(right) && (typeof a === 'number' || looksNumeric(a)) && (typeof b === 'number' || looksNumeric(b))
    const c = numeric ? Math.sign(toNumber(a) - toNumber(b)) : toText(a) < toText(b) ? -1 : toText(a) > toText(b) ? 1 : 0
    return ({ '<': c < 0, '<=': c <= 0, '==': c === 0, '!=': c !== 0, '>=': c >= 0, '>': c > 0 } as Record<string, boolean>)[op] ? 1 : 0
  }

  private call(name: string, args: Expr[]): Value {
    const v = args.map((a) => this.eval(a))
    const s = toText(v[0] ?? this.fields[0])
    if (name === 'length') return [...s].length
    if (name === 'tolower') return s.toLowerCase()
    if (name === 'toupper') return s.toUpperCase()
    if (name === 'int') return Math.trunc(toNumber(v[0] ?? 0))
    if (name === 'index') return s.indexOf(toText(v[1] ?? '')) + 1
    // substr(s, m[, n]): characters m.. (1-based, rounded), n of them.
    const start = Math.round(toNumber(v[1] ?? 1))
    const end = v[2] === undefined ? Infinity : start + Math.round(toNumber(v[2]))
    return [...s].slice(Math.max(start, 1) - 1, Math.max(end - 1, 0)).join('')
  }

  run(stmts: Stmt[]): void {
    for (const s of stmts) this.exec(s)
  }

  private exec(s: Stmt): void {
    switch (s.k) {
      case 'print': {
        const text = s.args.length ? s.args.map((a) => toText(this.eval(a))).join(toText(this.vars.OFS)) : this.fields[0]
        this.out += text + toText(this.vars.ORS)
        return
      }
      case 'printf': {
        const [format, ...rest] = s.args.map((a) => this.eval(a))
        this.out += formatOnce(toText(format), rest.map(toText), { ...this.ctx, stderr: (t) => this.ctx.stderr(t.replace(/^printf/, 'awk')) }, { code: 0 }).out
        return
      }
      case 'if':
        if (this.test(s.cond)) this.exec(s.then)
        else if (s.otherwise) this.exec(s.otherwise)
        return
      case 'block':
        return this.run(s.body)
      case 'next':
        throw new NextRecord()
      case 'exit':
        throw new ExitProgram(s.code ? toNumber(this.eval(s.code)) : 0)
      case 'expr':
        this.eval(s.e)
    }
  }
}

/** Expressions whose value is a string whatever it looks like: string constants, concatenations, string functions. */
function stringValued(e: Expr): boolean {
  return e.k === 'str' || (e.k === 'bin' && e.op === 'concat') || (e.k === 'call' && ['substr', 'tolower', 'toupper'].includes(e.name))
}

function arithmetic(op: string, a: number, b: number): number {
  if ((op === '/' || op === '%') && b === 0) throw new AwkSyntaxError('Division by zero')
  return op === '+' ? a + b : op === '-' ? a - b : op === '*' ? a * b : op === '/' ? a / b : a % b
}

/** A number is true when not 0; a string that looks like one (as fields do) likewise; any other string when not empty. */
const truthy = (v: Value): boolean => (typeof v === 'number' ? v !== 0 : looksNumeric(v) ? Number(v) !== 0 : v !== '')

export async function awk(ctx: ExecContext): Promise<number> {
  const assigns: string[] = []
  let fs: string | undefined
  let program: string | undefined
  const files: string[] = []
  const args = ctx.argv.slice(1)
  for (let i = 0; i < args.length; i++) {
    const a = args[i]
    if (program === undefined && a.startsWith('-F')) fs = a.length > 2 ? a.slice(2) : args[++i]
    else if (program === undefined && a.startsWith('-v')) assigns.push(a.length > 2 ? a.slice(2) : (args[++i] ?? ''))
    else if (program === undefined && a === '-e') program = args[++i]
    else if (program === undefined && a === '--') continue
    else if (program === undefined && a.startsWith('-') && a !== '-') {
      ctx.stderr(`awk: invalid option -- '${a[1]}'\n`)
      return showUsage(ctx, usage)
    } else if (program === undefined) program = a
    else files.push(a)
  }
  if (program === undefined) return showUsage(ctx, usage)
  let items: Item[]
  try {
    items = parseAwk(program)
  } catch (e) {
    if (!(e instanceof AwkSyntaxError)) throw e
    ctx.stderr(`awk: cmd. line:1: ${e.message}\n`)
    return 1
  }
  const run = new AwkRun(ctx)
  if (fs !== undefined) run.vars.FS = fs === 't' ? '\t' : fs.replace(/\\t/g, '\t')
  for (const assign of assigns) {
    const eq = assign.indexOf('=')
    run.vars[assign.slice(0, eq)] = assign.slice(eq + 1)
  }
  let code = 0
  const phase = (pattern: 'BEGIN' | 'END'): void => {
    for (const item of items) if (item.pattern === pattern) run.run(item.action ?? [])
  }
  try {
    try {
      phase('BEGIN')
      const records = items.some((i) => i.pattern !== 'BEGIN')
      const all = records ? await inputs(ctx, files, 'awk') : []
      if (!all.every(Boolean)) code = 2
      for (const input of all) {
        if (!input) continue
        run.vars.FILENAME = input.name
        run.vars.FNR = 0
        for (const line of textLines(input.text)) {
          run.vars.NR = toNumber(run.vars.NR) + 1
          run.vars.FNR = toNumber(run.vars.FNR) + 1
          run.setRecord(line)
          try {
            for (const item of items) {
              if (item.pattern === 'BEGIN' || item.pattern === 'END') continue
              if (item.pattern && !run.test(item.pattern)) continue
              if (item.action) run.run(item.action)
              else run.out += run.fields[0] + toText(run.vars.ORS)
            }
          } catch (e) {
            if (!(e instanceof NextRecord)) throw e
          }
        }
      }
    } catch (e) {
      if (!(e instanceof ExitProgram)) throw e
      code = e.code
    }
    phase('END')
  } catch (e) {
    if (e instanceof ExitProgram) code = e.code
    else if (e instanceof AwkSyntaxError) {
      ctx.stdout(run.out)
      ctx.stderr(`awk: cmd. line:1: ${e.message}\n`)
      return 1
    } else throw e
  }
  ctx.stdout(run.out)
  return code
}
