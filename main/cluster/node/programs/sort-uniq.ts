import type { ExecContext } from '../../world/types'
import { inputsOrDie, parseOptions, showUsage, textLines } from './usage'

/**
 * `sort` and `uniq`, as busybox orders and folds lines. sort: byte order, or
 * `-n` numeric, `-r` reversed, `-u` unique (by key), `-f` ignoring case,
 * `-b` ignoring leading blanks, `-k F[,G]` keys (fields split at blank runs,
 * or at `-t C`), the whole line deciding ties as busybox does unless `-s`.
 * uniq: `-c` counts (`%7d `), `-d` only repeated, `-u` only single, `-i`.
 */

const sortUsage = `sort [-nrugMcszbdfiokt] [-o FILE] [-k START[.OFS][OPTS][,END[.OFS][OPTS]] [-t CHAR] [FILE]...

Sort lines of text

	-o FILE	Output to FILE
	-c	Check whether input is sorted
	-b	Ignore leading blanks
	-f	Ignore case
	-i	Ignore unprintable characters
	-d	Dictionary order (blank or alphanumeric only)
	-n	Sort numbers
	-g	General numerical sort
	-h	Sort human readable numbers (2K 1G)
	-M	Sort month
	-V	Sort version
	-t CHAR	Field separator
	-k N[,M] Sort by Nth field
	-r	Reverse sort order
	-s	Stable (don't sort ties alphabetically)
	-u	Suppress duplicate lines
	-z	NUL terminated input and output`

interface Key {
  from: number
  to?: number
  numeric: boolean
  reverse: boolean
}

/** The fields of a line: split at `sep`, or (busybox's default) each field a run of blanks followed by non-blanks. */
function fields(line: string, sep: string | undefined): string[] {
  if (sep !== undefined) return line.split(sep)
  return line.match(/[ \t]*[^ \t]+|[ \t]+$/g) ?? ['']
}

function keyText(line: string, key: Key, sep: string | undefined): string {
  const f = fields(line, sep)
  const end = key.to === undefined ? f.length : key.to
  return f.slice(key.from - 1, end).join(sep ?? '')
}

const numberOf = (text: string): number => {
  const m = /^\s*[-+]?(\d+\.?\d*|\.\d+)/.exec(text)
  return m ? Number(m[0]) : 0
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

export async function sort(ctx: ExecContext): Promise<number> {
  const { flags, operands, bad } = parseOptions(ctx.argv, 'nrufbsgcdiMVhz', 'kto')
  if (bad) {
    ctx.stderr(`sort: ${bad}\n`)
    return showUsage(ctx, sortUsage)
  }
  const sep = flags.get('t')?.at(-1)
  if (sep !== undefined && sep.length !== 1) {
    ctx.stderr(`sort: bad field specification\n`)
    return 1
  }
  const keys: Key[] = []
  for (const spec of flags.get('k') ?? []) {
    const m = /^(\d+)(?:\.\d+)?([bnrf]*)(?:,(\d+)(?:\.\d+)?([bnrf]*))?$/.exec(spec)
    if (!m || Number(m[1]) < 1) {
      ctx.stderr(`sort: bad field specification '${spec}'\n`)
      return 1
    }
    const opts = `${m[2]}${m[4] ?? ''}`
    keys.push({ from: Number(m[1]), to: m[3] === undefined ? undefined : Number(m[3]), numeric: opts.includes('n'), reverse: opts.includes('r') })
  }
  const texts = await inputsOrDie(ctx, operands, 'sort')
  if (!texts) return 1
  const lines = texts.flatMap(textLines)
  const numeric = flags.has('n') || flags.has('g')
  const fold = (s: string): string => {
    const t = flags.has('b') ? s.replace(/^[ \t]+/, '') : s
    return flags.has('f') ? t.toUpperCase() : t
  }
  const compareBy = (a: string, b: string, asNumber: boolean): number => (asNumber ? Math.sign(numberOf(a) - numberOf(b)) : compareText(fold(a), fold(b)))
  const compareKeys = (a: string, b: string): number => {
    if (!keys.length) return compareBy(a, b, numeric)
    for (const key of keys) {
      const c = compareBy(keyText(a, key, sep), keyText(b, key, sep), key.numeric || numeric)
      if (c) return key.reverse ? -c : c
    }
    return 0
  }
  const reverse = flags.has('r') ? -1 : 1
  // Equal keys fall back to the whole line, byte by byte (busybox's last resort), unless -s or -u.
  const lastResort = !flags.has('s') && !flags.has('u')
  lines.sort((a, b) => reverse * (compareKeys(a, b) || (lastResort ? compareText(a, b) : 0)))
  const out = flags.has('u') ? lines.filter((line, i) => i === 0 || compareKeys(lines[i - 1], line) !== 0) : lines
  ctx.stdout(out.map((l) => `${l}\n`).join(''))
  return 0
}

const uniqUsage = `uniq [-cduiz] [-f,s,w N] [FILE [OUTFILE]]

Discard duplicate lines

	-c	Prefix lines by the number of occurrences
	-d	Only print duplicate lines
	-u	Only print unique lines
	-i	Ignore case
	-z	NUL terminated output
	-f N	Skip first N fields
	-s N	Skip first N chars (after any skipped fields)
	-w N	Compare N characters in line`

export async function uniq(ctx: ExecContext): Promise<number> {
  const { flags, operands, bad } = parseOptions(ctx.argv, 'cduiz', 'fsw')
  if (bad || operands.length > 2) {
    if (bad) ctx.stderr(`uniq: ${bad}\n`)
    return showUsage(ctx, uniqUsage)
  }
  const texts = await inputsOrDie(ctx, operands.slice(0, 1), 'uniq')
  if (!texts) return 1
  const skipFields = Number(flags.get('f')?.at(-1) ?? 0)
  const skipChars = Number(flags.get('s')?.at(-1) ?? 0)
  const width = flags.has('w') ? Number(flags.get('w')!.at(-1)) : Infinity
  const compared = (line: string): string => {
    let rest = line
    for (let i = 0; i < skipFields; i++) rest = rest.replace(/^[ \t]*[^ \t]*/, '')
    rest = rest.slice(skipChars, skipChars + width)
    return flags.has('i') ? rest.toLowerCase() : rest
  }
  const lines = textLines(texts[0])
  let out = ''
  for (let i = 0; i < lines.length; ) {
    let j = i + 1
    while (j < lines.length && compared(lines[j]) === compared(lines[i])) j++
    const count = j - i
    if ((!flags.has('d') || count > 1) && (!flags.has('u') || count === 1)) out += `${flags.has('c') ? `${String(count).padStart(7)} ` : ''}${lines[i]}\n`
    i = j
  }
  if (operands[1] !== undefined && operands[1] !== '-') {
    const failed = ctx.files?.write?.(operands[1], out)
    if (failed || !ctx.files?.write) {
      ctx.stderr(`uniq: can't open '${operands[1]}': ${failed === 'EROFS' || !ctx.files?.write ? 'Read-only file system' : 'No such file or directory'}\n`)
      return 1
    }
    return 0
  }
  ctx.stdout(out)
  return 0
}
