import type { ExecContext } from '../../world/types'
import { imageRoot } from './file-system'

/**
 * What busybox applets share: the usage text a wrong invocation prints (after
 * the multi-call banner, on stderr, status 1), and how the applets that
 * open their files with xfopen stop at the first missing one.
 */

const banner = 'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\n'

/** Prints `Usage: ...` as bb_show_usage does; returns the status 1 it exits with. */
export function showUsage(ctx: ExecContext, usage: string): number {
  ctx.stderr(`${banner}Usage: ${usage}\n`)
  return 1
}

/** Each file's text (standard input for none or `-`); undefined after `name: can't open 'file': No such file or directory`. */
export async function inputsOrDie(ctx: ExecContext, files: string[], name: string): Promise<string[] | undefined> {
  const texts: string[] = []
  for (const file of files.length ? files : ['-']) {
    if (file === '-') {
      let text = ''
      for await (const chunk of ctx.stdin ?? []) text += chunk
      texts.push(text)
      continue
    }
    const text = (ctx.files ?? imageRoot).read(file)
    if (text === undefined) {
      ctx.stderr(`${name}: can't open '${file}': No such file or directory\n`)
      return undefined
    }
    texts.push(text)
  }
  return texts
}

/** A text's lines without their newlines (a last line without one still counts). */
export const textLines = (text: string): string[] => (text === '' ? [] : text.replace(/\n$/, '').split('\n'))

/** Splits `-abc` style options (each in `known`) off the front of argv, stopping at `--` or the first operand; values of `withValue` options are taken from the rest of the word or the next one. */
export function parseOptions(argv: string[], known: string, withValue = ''): { flags: Map<string, string[]>; operands: string[]; bad?: string } {
  const flags = new Map<string, string[]>()
  let i = 1
  for (; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--') {
      i++
      break
    }
    if (!a.startsWith('-') || a === '-') break
    for (let j = 1; j < a.length; j++) {
      const f = a[j]
      if (!known.includes(f) && !withValue.includes(f)) return { flags, operands: [], bad: `invalid option -- '${f}'` }
      if (withValue.includes(f)) {
        const value = j + 1 < a.length ? a.slice(j + 1) : argv[++i]
        if (value === undefined) return { flags, operands: [], bad: `option requires an argument -- '${f}'` }
        flags.set(f, [...(flags.get(f) ?? []), value])
        break
      }
      flags.set(f, [...(flags.get(f) ?? []), ''])
    }
  }
  return { flags, operands: argv.slice(i) }
}
