import type { ExecContext } from '../../world/types'
import { showUsage } from './usage'

/**
 * `printf FORMAT [ARG]...` as busybox formats: the conversions %s %b %c %d
 * %i %u %x %X %o %e %f %g and %%, with flags, width and precision (`*` too),
 * backslash escapes in the format, and the format reused while arguments
 * remain. A number that does not parse is `printf: invalid number 'x'`
 * (status 1, the conversion printing what was read).
 */

const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', '"': '"', "'": "'" }

/** Backslash escapes; `stop` is set when `\c` ends the output (in %b). */
function unescape(text: string, state?: { stop: boolean }): string {
  return text.replace(/\\(0?[0-7]{1,3}|x[0-9a-fA-F]{1,2}|c|.)/gs, (whole, e: string) => {
    if (e === 'c' && state) {
      state.stop = true
      return ''
    }
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8) & 0xff)
    if (e[0] === 'x' && e.length > 1) return String.fromCharCode(parseInt(e.slice(1), 16))
    return escapes[e] ?? whole
  })
}

/** A numeric argument as C's strtol/strtod read it; `ok` false when text remained. */
function number(arg: string | undefined, float: boolean): { value: number; ok: boolean } {
  if (arg === undefined || arg === '') return { value: 0, ok: true }
  if (/^['"]/.test(arg)) return { value: arg.codePointAt(1) ?? 0, ok: true }
  const text = arg.trim()
  const m = float ? /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(text) : /^[-+]?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)/.exec(text)
  if (!m) return { value: 0, ok: false }
  const raw = m[0]
  const negative = raw.startsWith('-')
  const digits = raw.replace(/^[-+]/, '')
  const value = float ? Number(raw) : (negative ? -1 : 1) * (/^0[xX]/.test(digits) ? parseInt(digits, 16) : /^0\d/.test(digits) ? parseInt(digits, 8) : Number(digits))
  return { value, ok: raw.length === text.length }
}

function pad(text: string, flags: string, width: number, numeric: boolean): string {
  if (text.length >= width) return text
  if (flags.includes('-')) return text.padEnd(width)
  if (numeric && flags.includes('0')) {
    const sign = /^[-+ ]/.test(text) ? text[0] : ''
    return sign + text.slice(sign.length).padStart(width - sign.length, '0')
  }
  return text.padStart(width)
}

function convert(conv: string, flags: string, precision: number | undefined, arg: string | undefined, ctx: ExecContext, failed: { code: number }): string {
  if (conv === 's') return precision === undefined ? (arg ?? '') : (arg ?? '').slice(0, precision)
  if (conv === 'c') return (arg ?? '').slice(0, 1)
  const float = 'eEfgG'.includes(conv)
  const { value, ok } = number(arg, float)
  if (!ok) {
    ctx.stderr(`printf: invalid number '${arg}'\n`)
    failed.code = 1
  }
  const sign = (n: number, text: string): string => (n >= 0 && flags.includes('+') ? `+${text}` : n >= 0 && flags.includes(' ') ? ` ${text}` : text)
  if (conv === 'd' || conv === 'i') return sign(value, String(Math.trunc(value)))
  if (conv === 'u') return String(Math.trunc(value) >= 0 ? Math.trunc(value) : 2 ** 64 + Math.trunc(value))
  if (conv === 'x' || conv === 'X' || conv === 'o') {
    const n = BigInt.asUintN(64, BigInt(Math.trunc(value)))
    const text = n.toString(conv === 'o' ? 8 : 16)
    const prefixed = flags.includes('#') && n !== 0n ? (conv === 'o' ? `0${text}` : `0x${text}`) : text
    return conv === 'X' ? prefixed.toUpperCase() : prefixed
  }
  const p = precision ?? 6
  if (conv === 'f') return sign(value, value.toFixed(p))
  if (conv === 'e' || conv === 'E') {
    const text = value.toExponential(p).replace(/e([-+])(\d)$/, 'e$10$2')
    return sign(value, conv === 'E' ? text.toUpperCase() : text)
  }
  // %g: the shorter of %e and %f, trailing zeros removed.
  const exp = value === 0 ? 0 : Math.floor(Math.log10(Math.abs(value)))
  const significant = p === 0 ? 1 : p
  const text = exp < -4 || exp >= significant ? value.toExponential(significant - 1).replace(/\.?0+e/, 'e').replace(/e([-+])(\d)$/, 'e$10$2') : String(Number(value.toPrecision(significant)))
  return sign(value, conv === 'G' ? text.toUpperCase() : text)
}

/** One pass of FORMAT over ARGS: the text, how many arguments it used, and whether `\\c` stopped the output. */
export function formatOnce(format: string, args: string[], ctx: ExecContext, failed: { code: number }): { out: string; used: number; stopped: boolean } {
  let used = 0
  let out = ''
  const stop = { stop: false }
  const next = (): string | undefined => (used < args.length ? args[used++] : undefined)
  const spec = /%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?([diouxXeEfgGscb%])|%|\\(?:0?[0-7]{1,3}|x[0-9a-fA-F]{1,2}|c|.)|[^%\\]+/gs
  for (const m of format.matchAll(spec)) {
    const [whole, flags = '', widthRaw, precisionRaw, conv] = m
    if (whole.startsWith('\\')) {
      if (whole === '\\c') return { out, used, stopped: true }
      out += unescape(whole)
    } else if (!whole.startsWith('%')) out += whole
    else if (whole === '%%' || conv === '%') out += '%'
    else if (!conv) {
      ctx.stderr(`printf: %${format.slice((m.index ?? 0) + 1, (m.index ?? 0) + 2)}: invalid format\n`)
      failed.code = 1
      return { out, used, stopped: true }
    } else {
      const width = widthRaw === '*' ? Number(next() ?? 0) : Number(widthRaw ?? 0)
      const precision = precisionRaw === undefined ? undefined : precisionRaw === '*' ? Number(next() ?? 0) : Number(precisionRaw || 0)
      const arg = next()
      const text = conv === 'b' ? unescape(arg ?? '', stop) : convert(conv, flags, precision, arg, ctx, failed)
      out += pad(text, flags, Math.abs(width), !'sbc'.includes(conv))
      if (stop.stop) return { out, used, stopped: true }
    }
  }
  return { out, used, stopped: false }
}

export function printf(ctx: ExecContext): number {
  let args = ctx.argv.slice(1)
  if (args[0] === '--') args = args.slice(1)
  if (!args.length) return showUsage(ctx, 'printf FORMAT [ARG]...\n\nFormat and print ARG(s) according to FORMAT (a-la C printf)')
  const format = args[0]
  args = args.slice(1)
  const failed = { code: 0 }
  let out = ''
  // The format is used again while arguments remain (and at least once).
  for (;;) {
    const pass = formatOnce(format, args, ctx, failed)
    out += pass.out
    args = args.slice(pass.used)
    if (pass.stopped || !pass.used || !args.length) break
  }
  ctx.stdout(out)
  return failed.code
}
