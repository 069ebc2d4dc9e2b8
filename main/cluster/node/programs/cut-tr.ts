import type { ExecContext } from '../../world/types'
import { inputs } from './text-filters'
import { parseOptions, showUsage, textLines } from './usage'

/**
 * `cut` (`-b`/`-c` LIST, `-f` LIST with `-d C` and `-s`) and `tr`
 * (`-d`, `-s`, `-c`; ranges `a-z`, escapes and `[:class:]`), as busybox
 * slices and translates text.
 */

const cutUsage = `cut [OPTIONS] [FILE]...

Print selected fields from FILEs to stdout

	-b LIST	Output only bytes from LIST
	-c LIST	Output only characters from LIST
	-d SEP	Field delimiter for input (default -f TAB, -F run of whitespace)
	-O SEP	Field delimeter for output (default = -d for -f, one space for -F)
	-D	Don't sort ranges; line without delimiters has one field
	-f LIST	Print only fields from LIST
	-F LIST	-f with -d run of whitespace
	-s	With -f, don't print lines without delimiters
	-n	Ignored`

/** A LIST (`1,3-5,7-`) as ranges, 1-based and inclusive; undefined when unreadable. */
function ranges(list: string): Array<[number, number]> | undefined {
  const out: Array<[number, number]> = []
  for (const part of list.split(',')) {
    const m = /^(\d*)(-?)(\d*)$/.exec(part)
    if (!m || (!m[1] && !m[3])) return undefined
    const from = m[1] ? Number(m[1]) : 1
    const to = m[2] ? (m[3] ? Number(m[3]) : Infinity) : from
    if (from < 1 || to < from) return undefined
    out.push([from, to])
  }
  return out.sort((a, b) => a[0] - b[0])
}

const picked = (rs: Array<[number, number]>, i: number): boolean => rs.some(([a, b]) => i >= a && i <= b)

export async function cut(ctx: ExecContext): Promise<number> {
  const { flags, operands, bad } = parseOptions(ctx.argv, 'snD', 'bcfdO')
  if (bad) {
    ctx.stderr(`cut: ${bad}\n`)
    return showUsage(ctx, cutUsage)
  }
  const kinds = ['b', 'c', 'f'].filter((k) => flags.has(k))
  if (!kinds.length) {
    ctx.stderr('cut: expected a list of bytes, characters, or fields\n')
    return 1
  }
  if (kinds.length > 1) {
    ctx.stderr('cut: only one type of list may be specified\n')
    return 1
  }
  const kind = kinds[0]
  const delimiter = flags.get('d')?.at(-1)
  if (kind !== 'f' && (delimiter !== undefined || flags.has('s'))) {
    ctx.stderr(`cut: ${delimiter !== undefined ? 'a delimiter may be specified only when operating on fields' : 'suppressing non-delimited lines makes sense only when operating on fields'}\n`)
    return 1
  }
  if (delimiter !== undefined && delimiter.length > 1) {
    ctx.stderr('cut: the delimiter must be a single character\n')
    return 1
  }
  const rs = ranges(flags.get(kind)!.at(-1)!)
  if (!rs) {
    ctx.stderr(`cut: invalid range\n`)
    return 1
  }
  const sep = delimiter || '\t'
  const all = await inputs(ctx, operands, 'cut')
  let out = ''
  for (const input of all) {
    if (!input) continue
    for (const line of textLines(input.text)) {
      if (kind !== 'f') {
        out += `${[...line].filter((_c, i) => picked(rs, i + 1)).join('')}\n`
        continue
      }
      if (!line.includes(sep)) {
        if (!flags.has('s')) out += `${line}\n`
        continue
      }
      out += `${line
        .split(sep)
        .filter((_f, i) => picked(rs, i + 1))
        .join(flags.get('O')?.at(-1) ?? sep)}\n`
    }
  }
  ctx.stdout(out)
  return all.every(Boolean) ? 0 : 1
}

const classes: Record<string, string> = {
  alpha: 'a-zA-Z',
  upper: 'A-Z',
  lower: 'a-z',
  digit: '0-9',
  alnum: 'a-zA-Z0-9',
  space: ' \t\n\r\f\v',
  blank: ' \t',
  punct: '!-/:-@[-`{-~',
  xdigit: '0-9A-Fa-f'
}

const trEscapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', a: '\x07', b: '\b', '\\': '\\' }

/** A tr set as its list of characters, ranges and classes expanded. */
function expandSet(spec: string): string[] {
  const withClasses = spec.replace(/\[:([a-z]+):\]/g, (whole, name: string) => classes[name] ?? whole)
  const chars: string[] = []
  for (let i = 0; i < withClasses.length; i++) {
    let ch = withClasses[i]
    if (ch === '\\' && i + 1 < withClasses.length) {
      const e = withClasses[++i]
      const octal = /^[0-7]{1,3}/.exec(withClasses.slice(i))
      if (octal) {
        ch = String.fromCharCode(parseInt(octal[0], 8))
        i += octal[0].length - 1
      } else ch = trEscapes[e] ?? e
    }
    if (withClasses[i + 1] === '-' && i + 2 < withClasses.length) {
      const end = withClasses[i + 2]
      for (let c = ch.charCodeAt(0); c <= end.charCodeAt(0); c++) chars.push(String.fromCharCode(c))
      i += 2
    } else chars.push(ch)
  }
  return chars
}

const trUsage = `tr [-cds] STRING1 [STRING2]

Translate, squeeze, or delete characters from stdin, writing to stdout

	-c	Take complement of STRING1
	-d	Delete input characters coded STRING1
	-s	Squeeze multiple output characters of STRING2 into one character`

export async function tr(ctx: ExecContext): Promise<number> {
  const { flags, operands, bad } = parseOptions(ctx.argv, 'cdsCt')
  const translate = !flags.has('d') && !(flags.has('s') && operands.length === 1)
  if (bad || !operands.length || operands.length > 2 || (translate && operands.length < 2)) {
    if (bad) ctx.stderr(`tr: ${bad}\n`)
    return showUsage(ctx, trUsage)
  }
  let text = ''
  for await (const chunk of ctx.stdin ?? []) text += chunk
  const set1 = new Set(expandSet(operands[0]))
  const inSet1 = (ch: string): boolean => set1.has(ch) !== (flags.has('c') || flags.has('C'))
  const set2 = operands[1] === undefined ? [] : expandSet(operands[1])
  const list1 = expandSet(operands[0])
  const map = new Map<string, string>()
  if (translate) list1.forEach((ch, i) => map.set(ch, set2[Math.min(i, set2.length - 1)] ?? ''))
  const squeeze = new Set(flags.has('s') ? (operands.length === 2 ? set2 : [...set1]) : [])
  let out = ''
  for (const ch of text) {
    if (flags.has('d') && inSet1(ch)) continue
    const mapped = translate && inSet1(ch) ? (map.get(ch) ?? set2[set2.length - 1] ?? ch) : ch
    if (squeeze.has(mapped) && out.endsWith(mapped)) continue
    out += mapped
  }
  ctx.stdout(out)
  return 0
}
