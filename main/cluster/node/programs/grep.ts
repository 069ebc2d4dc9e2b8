import type { ExecContext } from '../../world/types'
import { inputs } from './text-filters'

/**
 * busybox `grep` (and `egrep`, `fgrep`): the lines of its files, or of
 * standard input, that match. Patterns are POSIX basic regular expressions
 * (`-E` extended, `-F` fixed strings), given as the first operand or with
 * `-e`; `-i -v -w -x` change what matches, `-c -l -n -o -q -h -H -s` what is
 * printed. Exit 0 when a line was selected, 1 when none was, 2 on an error.
 */

type Syntax = 'basic' | 'extended' | 'fixed'

interface GrepOptions {
  patterns: string[]
  syntax: Syntax
  flags: Set<string>
  files: string[]
}

const valueFlags = new Set(['e', 'm', 'A', 'B', 'C'])
const knownFlags = new Set([...'icvlLnoqswxhHEFr'].concat([...valueFlags]))

function parse(argv: string[], syntax: Syntax): GrepOptions | string {
  const flags = new Set<string>()
  const patterns: string[] = []
  const operands: string[] = []
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--') {
      operands.push(...argv.slice(i + 1))
      break
    }
    if (!a.startsWith('-') || a === '-') {
      operands.push(a)
      continue
    }
    for (let j = 1; j < a.length; j++) {
      const f = a[j]
      if (!knownFlags.has(f)) return `invalid option -- '${f}'`
      if (valueFlags.has(f)) {
        const value = a.slice(j + 1) || argv[++i]
        if (value === undefined) return `option requires an argument -- '${f}'`
        if (f === 'e') patterns.push(value)
        break
      }
      flags.add(f)
    }
  }
  if (!patterns.length) {
    const first = operands.shift()
    if (first === undefined) return 'usage'
    patterns.push(first)
  }
  if (flags.has('E')) syntax = 'extended'
  if (flags.has('F')) syntax = 'fixed'
  return { patterns, syntax, flags, files: operands }
}

const posixClasses: Record<string, string> = {
  alpha: 'A-Za-z',
  digit: '0-9',
  alnum: 'A-Za-z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  xdigit: '0-9A-Fa-f',
  word: 'A-Za-z0-9_'
}

/** A POSIX regular expression as a JavaScript one: in a basic one `\( \) \{ \} \| \+ \?` are the operators and the bare characters literal. */
export function toJsPattern(pattern: string, syntax: Syntax): string {
  if (syntax === 'fixed') return pattern.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
  let out = ''
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]
    if (c === '[') {
      const end = bracketEnd(pattern, i)
      if (end < 0) {
        out += '\\['
        continue
      }
      out += bracket(pattern.slice(i + 1, end))
      i = end
    } else if (c === '\\' && i + 1 < pattern.length) {
      const next = pattern[++i]
      if (syntax === 'basic' && '(){}|+?'.includes(next)) out += next
      else if ('wWsSbB'.includes(next) || /\d/.test(next)) out += `\\${next}`
      else out += next.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
    } else if (syntax === 'basic' && '(){}|+?'.includes(c)) out += `\\${c}`
    else if (c === '/') out += '\\/'
    else out += c
  }
  return out
}

/** Where a bracket expression opened at `start` closes (a `]` first in it is literal). */
function bracketEnd(pattern: string, start: number): number {
  let i = start + 1
  if (pattern[i] === '^') i++
  if (pattern[i] === ']') i++
  for (; i < pattern.length; i++) {
    if (pattern[i] === '[' && pattern[i + 1] === ':') {
      const close = pattern.indexOf(':]', i + 2)
      if (close > 0) i = close + 1
    } else if (pattern[i] === ']') return i
  }
  return -1
}

function bracket(body: string): string {
  const negated = body.startsWith('^')
  let inner = negated ? body.slice(1) : body
  inner = inner.replace(/\\/g, '\\\\').replace(/\[:(\w+):\]/g, (_m, name: string) => posixClasses[name] ?? '')
  if (inner.startsWith(']')) inner = `\\]${inner.slice(1)}`
  return `[${negated ? '^' : ''}${inner}]`
}

function matcher(options: GrepOptions): RegExp {
  const alternatives = options.patterns.flatMap((p) => p.split('\n')).map((p) => toJsPattern(p, options.syntax))
  let source = alternatives.map((a) => `(?:${a})`).join('|')
  if (options.flags.has('w')) source = `(?<![A-Za-z0-9_])(?:${source})(?![A-Za-z0-9_])`
  if (options.flags.has('x')) source = `^(?:${source})$`
  return new RegExp(source, options.flags.has('i') ? 'gi' : 'g')
}

function grepProgram(syntax: Syntax, name: string) {
  return async (ctx: ExecContext): Promise<number> => {
    const options = parse(ctx.argv, syntax)
    if (typeof options === 'string') {
      ctx.stderr(options === 'usage' ? `BusyBox v1.36.1 (2023-06-14 00:00:00 UTC) multi-call binary.\n\nUsage: ${name} [-HhnlLoqvsrRiwFE] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]...\n` : `${name}: ${options}\n`)
      return 2
    }
    let re: RegExp
    try {
      re = matcher(options)
    } catch {
      ctx.stderr(`${name}: bad regex '${options.patterns[0]}'\n`)
      return 2
    }
    const { flags } = options
    const silent = flags.has('s')
    const all = await inputs({ ...ctx, stderr: silent ? () => {} : ctx.stderr }, options.files.length ? options.files : [], name)
    const named = flags.has('H') || (options.files.length > 1 && !flags.has('h'))
    let selectedAny = false
    for (const input of all) {
      if (!input) continue
      const prefix = named ? `${input.name || '(standard input)'}:` : ''
      let count = 0
      const lines = input.text === '' ? [] : input.text.replace(/\n$/, '').split('\n')
      for (let n = 0; n < lines.length; n++) {
        const line = lines[n]
        re.lastIndex = 0
        if (re.test(line) === flags.has('v')) continue
        count++
        selectedAny = true
        if (flags.has('q')) return 0
        if (flags.has('c') || flags.has('l') || flags.has('L')) continue
        const numbered = flags.has('n') ? `${n + 1}:` : ''
        if (flags.has('o') && !flags.has('v')) {
          re.lastIndex = 0
          for (const m of line.matchAll(re)) if (m[0]) ctx.stdout(`${prefix}${numbered}${m[0]}\n`)
        }
        else ctx.stdout(`${prefix}${numbered}${line}\n`)
      }
      if (flags.has('c')) ctx.stdout(`${prefix}${count}\n`)
      if (flags.has('l') && count > 0) ctx.stdout(`${input.name || '(standard input)'}\n`)
      if (flags.has('L') && count === 0) ctx.stdout(`${input.name || '(standard input)'}\n`)
    }
    if (!all.every(Boolean)) return flags.has('q') && selectedAny ? 0 : 2
    return selectedAny ? 0 : 1
  }
}

export const grep = grepProgram('basic', 'grep')
export const egrep = grepProgram('extended', 'egrep')
export const fgrep = grepProgram('fixed', 'fgrep')
