import type { ExecContext } from '../../world/types'
import { imageRoot } from './file-system'

/**
 * busybox's line filters for pipelines: `head` and `tail` (`-n N`, `-N`),
 * and `wc` (`-l`, `-w`, `-c`). Each reads its files, or standard input when
 * there are none, and writes what busybox writes.
 */

/** The operands and the line count of `-n N`, `-nN` or `-N` (default 10). */
function lineArgs(argv: string[]): { count: number; files: string[] } | string {
  let count = 10
  const files: string[] = []
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]
    const n = a === '-n' ? argv[++i] : a.startsWith('-n') ? a.slice(2) : /^-\d+$/.test(a) ? a.slice(1) : undefined
    if (n === undefined) {
      files.push(a)
      continue
    }
    if (!/^\d+$/.test(n)) return `invalid number '${n}'`
    count = Number(n)
  }
  return { count, files }
}

/** Each input's text: the named files, or standard input. */
export async function inputs(ctx: ExecContext, files: string[], name: string): Promise<Array<{ name: string; text: string } | undefined>> {
  if (!files.length || (files.length === 1 && files[0] === '-')) {
    let text = ''
    for await (const chunk of ctx.stdin ?? []) text += chunk
    return [{ name: '', text }]
  }
  return files.map((file) => {
    const text = (ctx.files ?? imageRoot).read(file)
    if (text === undefined) ctx.stderr(`${name}: ${file}: No such file or directory\n`)
    return text === undefined ? undefined : { name: file, text }
  })
}

const linesOf = (text: string): string[] => (text === '' ? [] : text.replace(/\n$/, '').split('\n').map((l) => `${l}\n`))

function lineFilter(name: 'head' | 'tail', pick: (lines: string[], count: number) => string[]) {
  return async (ctx: ExecContext): Promise<number> => {
    const args = lineArgs(ctx.argv)
    if (typeof args === 'string') {
      ctx.stderr(`${name}: ${args}\n`)
      return 1
    }
    const all = await inputs(ctx, args.files, name)
    all.forEach((input, i) => {
      if (!input) return
      if (all.length > 1) ctx.stdout(`${i ? '\n' : ''}==> ${input.name} <==\n`)
      ctx.stdout(pick(linesOf(input.text), args.count).join(''))
    })
    return all.every(Boolean) ? 0 : 1
  }
}

export const head = lineFilter('head', (lines, n) => lines.slice(0, n))
export const tail = lineFilter('tail', (lines, n) => (n === 0 ? [] : lines.slice(-n)))

/** `wc [-lwc] [FILE]...`: counts right-aligned in 9 columns, as busybox prints them; one count of standard input bare (`echo hi | wc -l` is `1`). */
export async function wc(ctx: ExecContext): Promise<number> {
  const flags = new Set(ctx.argv.slice(1).filter((a) => a.startsWith('-') && a !== '-').flatMap((a) => [...a.slice(1)]))
  const files = ctx.argv.slice(1).filter((a) => !a.startsWith('-') || a === '-')
  const shown = flags.size ? ['l', 'w', 'c'].filter((f) => flags.has(f)) : ['l', 'w', 'c']
  const all = await inputs(ctx, files, 'wc')
  const totals = { l: 0, w: 0, c: 0 }
  const bare = shown.length === 1 && (!files.length || (files.length === 1 && files[0] === '-'))
  const row = (counts: Record<string, number>, label: string): string => `${shown.map((f) => String(counts[f]).padStart(bare ? 0 : 9)).join(' ')}${label ? ` ${label}` : ''}\n`
  for (const input of all) {
    if (!input) continue
    const counts = { l: (input.text.match(/\n/g) ?? []).length, w: input.text.split(/\s+/).filter(Boolean).length, c: Buffer.byteLength(input.text) }
    totals.l += counts.l
    totals.w += counts.w
    totals.c += counts.c
    ctx.stdout(row(counts, input.name))
  }
  if (all.length > 1) ctx.stdout(row(totals, 'total'))
  return all.every(Boolean) ? 0 : 1
}
