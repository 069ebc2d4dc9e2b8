import type { ExecContext } from '../../world/types'
import { parseOptions, showUsage } from './usage'

/**
 * `seq [-w] [-s SEP] [FIRST [INC]] LAST`, as busybox counts: numbers as
 * doubles, printed with as many decimals as the most precise argument
 * (padded with zeros to the widest with -w), separated by SEP and ended by
 * a newline. An argument that is not a number shows the usage.
 */

const usage = 'seq [-w] [-s SEP] [FIRST [INC]] LAST\n\nPrint numbers from FIRST to LAST, in steps of INC.\nFIRST, INC default to 1.\n\n\t-w\tPad to last with leading zeros\n\t-s SEP\tString separator'

/** How many numbers one seq may print before the simulation cuts it (a container's output is kept in memory). */
const maxNumbers = 1_000_000

export function seq(ctx: ExecContext): number {
  // Options stop at the first operand, so a negative number is an operand (`seq -1 1`) only after one.
  const { flags, operands, bad } = parseOptions(ctx.argv, 'w', 's')
  if (bad || operands.length < 1 || operands.length > 3) return showUsage(ctx, usage)
  const numeric = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/
  if (!operands.every((a) => numeric.test(a))) return showUsage(ctx, usage)
  const values = operands.map(Number)
  const last = values[values.length - 1]
  const first = values.length > 1 ? values[0] : 1
  const increment = values.length === 3 ? values[1] : 1
  let width = 0
  let decimals = 0
  for (const arg of operands) {
    const dot = arg.indexOf('.')
    width = Math.max(width, dot < 0 ? arg.length : dot)
    decimals = Math.max(decimals, dot < 0 ? 0 : arg.length - dot - 1)
  }
  if (decimals) width += decimals + 1
  const sep = flags.get('s')?.at(-1) ?? '\n'
  const out: string[] = []
  for (let n = 0; out.length < maxNumbers; n++) {
    const v = first + n * increment
    if (increment > 0 ? v > last : increment < 0 ? v < last : n > 0 || v !== last) break
    const text = v.toFixed(decimals)
    out.push(flags.has('w') ? (v < 0 ? `-${text.slice(1).padStart(width - 1, '0')}` : text.padStart(width, '0')) : text)
    if (increment === 0) break
  }
  if (out.length) ctx.stdout(`${out.join(sep)}\n`)
  return 0
}
