import type { ExecContext } from '../../world/types'
import { toJsPattern } from './grep'
import { inputs } from './text-filters'
import { showUsage, textLines } from './usage'

/**
 * `sed [-nrE] [-i] [-e SCRIPT]... [SCRIPT] [FILE]...`, the part of busybox's
 * sed scripts use: addresses (a line number, `$`, `/regexp/`, `first,last`,
 * `!`), and the commands `s/re/replacement/[gpIN]` (`&` and `\1`-`\9` in
 * the replacement, any delimiter), `p`, `d`, `q`, `=`, `y/abc/xyz/`, and
 * `a`, `i`, `c` with their text; commands joined by `;` or newlines.
 * Regular expressions are basic (`-r`/`-E` extended). `{...}` blocks, the
 * hold space and `n`/`N` are not simulated: they are `unknown command`.
 */

const usage = `sed [-i[SFX]] [-nrE] [-f FILE]... [-e CMD]... [FILE]...
or: sed [-i[SFX]] [-nrE] CMD [FILE]...

	-e CMD	Add CMD to sed commands to be executed
	-f FILE	Add FILE contents to sed commands to be executed
	-i[SFX]	Edit files in-place (otherwise write to stdout)
		Optionally back files up, appending SFX
	-n	Suppress automatic printing of pattern space
	-r,-E	Use extended regex syntax

If no -e or -f, the first non-option argument is the sed command string.
Remaining arguments are input files (stdin if none).`

type Address = { line: number } | { last: true } | { re: RegExp }

interface Command {
  from?: Address
  to?: Address
  negate: boolean
  name: string
  /** s: the pattern, the replacement, and its flags. */
  re?: RegExp
  replacement?: string
  occurrence?: number
  print?: boolean
  /** a, i, c: the text; y: the two sets. */
  text?: string
  y?: [string[], string[]]
  /** A range is open (its first address matched, its last not yet). */
  active?: boolean
}

class SedError extends Error {}

function parseScript(script: string, extended: boolean): Command[] {
  const commands: Command[] = []
  let i = 0
  const syntax = extended ? 'extended' : 'basic'
  const delimited = (delim: string): string => {
    let out = ''
    for (; i < script.length && script[i] !== delim; i++) {
      if (script[i] === '\\' && script[i + 1] === delim) out += script[++i]
      else if (script[i] === '\\' && i + 1 < script.length) out += script[i] + script[++i]
      else out += script[i]
    }
    if (i >= script.length) throw new SedError(`unmatched '${delim}'`)
    i++
    return out
  }
  const regex = (source: string, flags = ''): RegExp => new RegExp(toJsPattern(source, syntax), flags)
  const address = (): Address | undefined => {
    if (/\d/.test(script[i] ?? '')) {
      const m = /^\d+/.exec(script.slice(i))!
      i += m[0].length
      return { line: Number(m[0]) }
    }
    if (script[i] === '$') {
      i++
      return { last: true }
    }
    if (script[i] === '/' || script[i] === '\\') {
      const delim = script[i] === '\\' ? script[++i] : '/'
      i++
      return { re: regex(delimited(delim)) }
    }
    return undefined
  }
  const skipBlanks = (): void => {
    while (i < script.length && ' \t'.includes(script[i])) i++
  }
  while (i < script.length) {
    while (i < script.length && ' \t\n;'.includes(script[i])) i++
    if (i >= script.length) break
    const command: Command = { negate: false, name: '' }
    command.from = address()
    if (command.from && script[i] === ',') {
      i++
      command.to = address()
      if (!command.to) throw new SedError('unexpected \',\'')
    }
    skipBlanks()
    while (script[i] === '!') {
      command.negate = true
      i++
      skipBlanks()
    }
    const name = script[i++]
    command.name = name
    if (name === 's') {
      const delim = script[i++]
      const source = delimited(delim)
      command.replacement = delimited(delim)
      let flags = ''
      while (i < script.length && /[gpiI0-9]/.test(script[i])) {
        const f = script[i++]
        if (f === 'g') flags += 'g'
        else if (f === 'p') command.print = true
        else if (f === 'i' || f === 'I') flags += 'i'
        else command.occurrence = Number(`${command.occurrence ?? ''}${f}`)
      }
      command.re = regex(source, `${flags.includes('i') ? 'i' : ''}g`)
      if (!flags.includes('g')) command.occurrence ??= 1
    } else if (name === 'y') {
      const delim = script[i++]
      const a = [...delimited(delim).replace(/\\n/g, '\n').replace(/\\\\/g, '\\')]
      const b = [...delimited(delim).replace(/\\n/g, '\n').replace(/\\\\/g, '\\')]
      if (a.length !== b.length) throw new SedError('strings for y command are different lengths')
      command.y = [a, b]
    } else if (name === 'a' || name === 'i' || name === 'c') {
      if (script[i] === '\\') i++
      if (script[i] === '\n') i++
      skipBlanks()
      const end = script.indexOf('\n', i)
      command.text = script.slice(i, end < 0 ? script.length : end).replace(/\\(.)/g, '$1')
      i = end < 0 ? script.length : end
    } else if (name === undefined) {
      throw new SedError('missing command')
    } else if (!'pdq='.includes(name)) {
      throw new SedError(`unsupported command ${name}`)
    }
    commands.push(command)
  }
  return commands
}

function matches(address: Address, line: string, number: number, last: boolean): boolean {
  if ('line' in address) return number === address.line
  if ('last' in address) return last
  return address.re.test(line)
}

/** Whether a command applies to this line (tracking its range). */
function selected(command: Command, line: string, number: number, last: boolean): boolean {
  let hit: boolean
  if (!command.from) hit = true
  else if (!command.to) hit = matches(command.from, line, number, last)
  else if (command.active) {
    hit = true
    const to = command.to
    if ('line' in to ? number >= to.line : matches(to, line, number, last)) command.active = false
  } else if (matches(command.from, line, number, last)) {
    hit = true
    const to = command.to
    // A line-number end at or before the start closes the range on this one line.
    command.active = 'line' in to ? to.line > number : !('last' in to && last)
  } else hit = false
  return hit !== command.negate
}

function substitute(command: Command, line: string): { text: string; changed: boolean } {
  let n = 0
  let changed = false
  const text = line.replace(command.re!, (...m: unknown[]) => {
    const groups = m.slice(0, -2).filter((g) => typeof g === 'string' || g === undefined) as Array<string | undefined>
    const whole = m[0] as string
    n++
    if (command.occurrence !== undefined && n !== command.occurrence) return whole
    changed = true
    return command.replacement!.replace(/\\(\d)|\\n|\\(.)|&/g, (r, d: string | undefined, lit: string | undefined) => {
      if (d !== undefined) return groups[Number(d)] ?? ''
      if (r === '\\n') return '\n'
      if (lit !== undefined) return lit
      return whole
    })
  })
  return { text, changed }
}

export async function sed(ctx: ExecContext): Promise<number> {
  const scripts: string[] = []
  const files: string[] = []
  let quiet = false
  let extended = false
  let inPlace = false
  const args = ctx.argv.slice(1)
  for (let i = 0; i < args.length; i++) {
    const a = args[i]
    if (a === '-e' || a === '--expression') scripts.push(args[++i] ?? '')
    else if (/^-[nrEis]+$/.test(a)) {
      quiet ||= a.includes('n')
      extended ||= a.includes('r') || a.includes('E')
      inPlace ||= a.includes('i')
    } else if (a.startsWith('-e')) scripts.push(a.slice(2))
    else if (a.startsWith('-') && a !== '-') {
      ctx.stderr(`sed: invalid option -- '${a[1]}'\n`)
      return showUsage(ctx, usage)
    } else files.push(a)
  }
  if (!scripts.length) {
    const first = files.shift()
    if (first === undefined) return showUsage(ctx, usage)
    scripts.push(first)
  }
  let commands: Command[]
  try {
    commands = parseScript(scripts.join('\n'), extended)
  } catch (e) {
    if (!(e instanceof SedError)) throw e
    ctx.stderr(`sed: ${e.message}\n`)
    return 1
  }
  const all = await inputs(ctx, files, 'sed')
  // Without -i, the files are one stream: line numbers and `$` run across them.
  const streams = inPlace ? all.map((input) => (input ? [input] : [])) : [all.filter((x) => x !== undefined)]
  let quit = false
  for (const stream of streams) {
    if (!stream.length) continue
    const lines = stream.flatMap((input) => textLines(input.text))
    let out = ''
    for (const [index, original] of lines.entries()) {
      if (quit) break
      let line = original
      let deleted = false
      let after = ''
      for (const command of commands) {
        if (!selected(command, line, index + 1, index === lines.length - 1)) continue
        if (command.name === 's') {
          const r = substitute(command, line)
          line = r.text
          if (r.changed && command.print) out += `${line}\n`
        } else if (command.name === 'p') out += `${line}\n`
        else if (command.name === '=') out += `${index + 1}\n`
        else if (command.name === 'y') line = [...line].map((c) => command.y![1][command.y![0].indexOf(c)] ?? c).join('')
        else if (command.name === 'i') out += `${command.text}\n`
        else if (command.name === 'a') after += `${command.text}\n`
        else if (command.name === 'c') {
          if (!command.active) out += `${command.text}\n`
          deleted = true
        } else if (command.name === 'd') deleted = true
        else if (command.name === 'q') quit = true
        if (deleted || quit) break
      }
      if (!deleted && !quiet) out += `${line}\n`
      out += after
    }
    if (inPlace && ctx.files?.write) ctx.files.write((stream[0] as { name: string }).name, out)
    else ctx.stdout(out)
  }
  return all.every(Boolean) ? 0 : 1
}
