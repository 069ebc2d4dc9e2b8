import type { Clock } from '../../clock/types'
import type { ExecCommands, ExecContext } from '../../world/types'
import { ExecutableNotFound, programContext, runProgram } from './process'
import { parseOptions, showUsage } from './usage'

/**
 * `xargs [-trn N] [-I STR] [-0] [PROG [ARGS]...]`, as busybox builds and
 * runs command lines from its input: items split at blanks and newlines
 * (quotes and backslashes honoured; `-0` at NULs), `-n` items per command,
 * `-I STR` one line per command with STR replaced, `-t` each command on
 * stderr first, `-r` nothing run for no input. PROG defaults to echo.
 * Status 123 when a command failed, 127 when PROG does not exist.
 */

const usage = `xargs [OPTIONS] [PROG ARGS]

Run PROG on every item given by stdin

	-0	NUL terminated input
	-a FILE	Read from FILE instead of stdin
	-o	Reopen stdin as /dev/tty
	-r	Don't run command if input is empty
	-t	Print the command on stderr before execution
	-p	Ask user whether to run each command
	-E STR,-e[STR]	STR stops input processing
	-I STR	Replace STR within PROG ARGS with input line
	-n N	Pass no more than N args to PROG
	-s N	Pass command line of no more than N bytes
	-P N	Run up to N PROGs in parallel
	-x	Exit if size is exceeded`

/** Whitespace-separated items, with quotes and backslashes as xargs reads them. */
function items(text: string): string[] | string {
  const out: string[] = []
  let current = ''
  let started = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (ch === '"' || ch === "'") {
      const end = text.indexOf(ch, i + 1)
      if (end < 0 || text.slice(i + 1, end).includes('\n')) return `unmatched ${ch === '"' ? 'double' : 'single'} quote`
      current += text.slice(i + 1, end)
      started = true
      i = end
    } else if (ch === '\\' && i + 1 < text.length) {
      current += text[++i]
      started = true
    } else if (/\s/.test(ch)) {
      if (started) out.push(current)
      current = ''
      started = false
    } else {
      current += ch
      started = true
    }
  }
  if (started) out.push(current)
  return out
}

export function xargs(commands: ExecCommands, clock: Clock) {
  return async (exec: ExecContext): Promise<number> => {
    const ctx = programContext(exec, clock)
    // Options end at the first operand: the program's own options are its own.
    const { flags, operands, bad } = parseOptions(ctx.argv, '0rtx', 'nIsPEe')
    if (bad) {
      ctx.stderr(`xargs: ${bad}\n`)
      return showUsage(ctx, usage)
    }
    let text = ''
    for await (const chunk of ctx.stdin ?? []) text += chunk
    const replace = flags.get('I')?.at(-1)
    let input: string[]
    if (replace !== undefined) input = text.split('\n').map((l) => l.replace(/^[ \t]+/, '')).filter(Boolean)
    else if (flags.has('0')) input = text.split('\0').filter(Boolean)
    else {
      const parsed = items(text)
      if (typeof parsed === 'string') {
        ctx.stderr(`xargs: ${parsed}\n`)
        return 1
      }
      input = parsed
    }
    const program = operands.length ? operands : ['echo']
    const perCommand = replace !== undefined ? 1 : Number(flags.get('n')?.at(-1) ?? Infinity)
    if (!(perCommand > 0)) {
      ctx.stderr(`xargs: invalid number '${flags.get('n')?.at(-1)}'\n`)
      return 1
    }
    const batches: string[][] = []
    for (let i = 0; i < input.length; i += perCommand) batches.push(input.slice(i, i + perCommand))
    if (!batches.length && !flags.has('r') && replace === undefined) batches.push([])
    let code = 0
    for (const batch of batches) {
      const argv = replace !== undefined ? program.map((a) => a.split(replace).join(batch[0])) : [...program, ...batch]
      if (flags.has('t')) ctx.stderr(`${argv.join(' ')}\n`)
      try {
        const status = await runProgram(commands, { ...ctx, argv, stdin: undefined })
        if (status === 255) {
          ctx.stderr(`xargs: ${argv[0]}: exited with status 255; aborting\n`)
          return 124
        }
        if (status !== 0) code = 123
      } catch (e) {
        if (!(e instanceof ExecutableNotFound)) throw e
        ctx.stderr(`xargs: ${argv[0]}: No such file or directory\n`)
        return 127
      }
      if (ctx.kill.killed) return 143
    }
    return code
  }
}
