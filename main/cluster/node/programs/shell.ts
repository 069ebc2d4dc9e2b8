import type { ExecCommands } from '../../world/types'
import { ExecutableNotFound, runProgram, type ProgramContext } from './process'
import { ArithmeticError, evaluateArithmetic } from './arithmetic'
import { inputLines, shellPrompt } from './terminal'
import { parseShell, ShellSyntaxError, type Redirect, type ShellList, type ShellNode, type Word } from './shell-parse'
import { containerSpec } from '../pod-containers'

/**
 * `sh` as busybox's ash runs the scripts tutorials put in `command`/`args`
 * and in `kubectl exec ... -- sh -c '...'`: lists of commands (`;`, `&&`,
 * `||`), pipelines (each command runs to its end before the next reads its
 * output), redirections to the other stream or /dev/null, variables and
 * assignments, `exit`, `while`/`until` loops, `if`, and every
 * other program from the container's command table. A missing program is
 * `sh: foo: not found` with status 127, as in busybox.
 */

/** Loop rounds that may pass without the clock moving before the loop is cut (a busy loop would hang the simulation). */
const maxIdleRounds = 10_000

class ExitSignal {
  constructor(readonly code: number) {}
}

interface ShellState {
  ctx: ProgramContext
  vars: Record<string, string>
  status: number
}

/** The `sh` program (also `ash`, `bash`): `sh -c 'script' [name [args...]]`, or commands read from stdin. */
export function shellProgram(commands: ExecCommands) {
  return async (ctx: ProgramContext): Promise<number> => {
    const args = ctx.argv.slice(1)
    const c = args.indexOf('-c')
    const state: ShellState = { ctx, vars: { ...ctx.env }, status: 0 }
    if (c >= 0) {
      const script = args[c + 1]
      if (script === undefined) {
        ctx.stderr(`${ctx.argv[0].split('/').pop()}: -c requires an argument\n`)
        return 2
      }
      return runScript(commands, state, script)
    }
    // No -c: commands come one line at a time on stdin (kubectl exec -i ... -- sh), typed at a prompt with -t.
    if (!ctx.stdin) return 0
    const terminal = ctx.tty ? { echo: (text: string) => ctx.stdout(text) } : undefined
    const spec = containerSpec(ctx.pod, ctx.container)
    const prompt = shellPrompt(ctx.argv[0], spec?.image ?? '', ctx.env.HOSTNAME ?? ctx.pod.metadata?.name ?? '')
    if (terminal) ctx.stdout(prompt)
    for await (const line of inputLines(ctx.stdin, terminal)) {
      if (line.trim()) {
        const code = await runScript(commands, state, line, true)
        if (code < 0 || ctx.kill.killed) return state.status
      }
      if (terminal) ctx.stdout(prompt)
    }
    if (terminal) ctx.stdout('exit\n')
    return state.status
  }
}

/** Runs a script to its end or its `exit`; returns the exit status (-1 when `keepGoing` and the script ran `exit`). */
async function runScript(commands: ExecCommands, state: ShellState, script: string, keepGoing = false): Promise<number> {
  let list: ShellList
  try {
    list = parseShell(script)
  } catch (e) {
    if (!(e instanceof ShellSyntaxError)) throw e
    state.ctx.stderr(`sh: ${e.message}\n`)
    state.status = 2
    return 2
  }
  try {
    await runList(commands, state, list)
    return state.status
  } catch (e) {
    if (!(e instanceof ExitSignal)) throw e
    state.status = e.code
    return keepGoing ? -1 : e.code
  }
}

async function runList(commands: ExecCommands, state: ShellState, list: ShellList): Promise<void> {
  for (const { op, node } of list) {
    if (state.ctx.kill.killed) throw new ExitSignal(143)
    if (op === '&&' && state.status !== 0) continue
    if (op === '||' && state.status === 0) continue
    await runNode(commands, state, node)
  }
}

async function runNode(commands: ExecCommands, state: ShellState, node: ShellNode): Promise<void> {
  if (node.type === 'pipeline') {
    let input: string | undefined
    for (const [i, command] of node.commands.entries()) {
      const last = i === node.commands.length - 1
      let captured = ''
      const ctx: ProgramContext = {
        ...state.ctx,
        stdin: input === undefined ? state.ctx.stdin : oneChunk(input),
        stdout: last ? state.ctx.stdout : (text) => (captured += text)
      }
      // Each command of a pipeline runs in a subshell: its assignments stay there.
      const sub: ShellState = { ...state, vars: { ...state.vars }, ctx }
      await runNode(commands, sub, command)
      state.status = sub.status
      input = captured
    }
    return
  }
  if (node.type === 'if') {
    for (const branch of node.branches) {
      await runList(commands, state, branch.condition)
      if (state.status === 0) return runList(commands, state, branch.body)
    }
    state.status = 0
    if (node.otherwise) await runList(commands, state, node.otherwise)
    return
  }
  if (node.type === 'loop') {
    let idle = 0
    let last = state.ctx.clock.now()
    for (;;) {
      await runList(commands, state, node.condition)
      if ((state.status === 0) === node.until) break
      await runList(commands, state, node.body)
      const now = state.ctx.clock.now()
      idle = now === last ? idle + 1 : 0
      last = now
      if (idle >= maxIdleRounds) break
      await Promise.resolve()
    }
    state.status = 0
    return
  }
  const streams = await redirected(commands, node.redirects, state)
  if (!streams) {
    state.status = 1
    return
  }
  const words: string[] = []
  for (const word of node.words) words.push(await expand(commands, word, state))
  const assignments: [string, string][] = []
  while (words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0])) {
    const word = words.shift()!
    const eq = word.indexOf('=')
    assignments.push([word.slice(0, eq), word.slice(eq + 1)])
  }
  if (!words.length) {
    for (const [name, value] of assignments) state.vars[name] = value
    state.status = 0
    return
  }
  const builtin = builtins[words[0]]
  if (builtin) {
    state.status = builtin(state, words)
    return
  }
  const env = { ...state.vars, ...Object.fromEntries(assignments) }
  try {
    state.status = await runProgram(commands, { ...state.ctx, ...streams, argv: words, env })
  } catch (e) {
    if (!(e instanceof ExecutableNotFound)) throw e
    streams.stderr(`sh: ${words[0]}: not found\n`)
    state.status = 127
  }
}

/** The command's stdout and stderr after its redirections, or undefined when a file could not be created (ash says why). */
async function redirected(commands: ExecCommands, redirects: Redirect[], state: ShellState): Promise<{ stdout: (text: string) => void; stderr: (text: string) => void } | undefined> {
  const discard = (): void => {}
  const fds: Record<number, (text: string) => void> = { 1: state.ctx.stdout, 2: state.ctx.stderr }
  for (const r of redirects) {
    if (r.dup !== undefined) {
      fds[r.fd] = fds[r.dup] ?? discard
      continue
    }
    const file = await expand(commands, r.file ?? [], state)
    if (file === '/dev/stdout') fds[r.fd] = state.ctx.stdout
    else if (file === '/dev/stderr') fds[r.fd] = state.ctx.stderr
    else if (file === '/dev/null' || !state.ctx.files?.write) fds[r.fd] = discard
    else {
      const files = state.ctx.files
      const failed = files.write!(file, '', r.append)
      if (failed) {
        fds[2](`sh: can't create ${file}: ${createError[failed] ?? failed}\n`)
        return undefined
      }
      fds[r.fd] = (text) => void files.write!(file, text, true)
    }
  }
  return { stdout: fds[1], stderr: fds[2] }
}

/** How ash words a failed create (it says "nonexistent directory" for ENOENT). */
const createError: Record<string, string> = { EROFS: 'Read-only file system', ENOENT: 'nonexistent directory', EISDIR: 'Is a directory', ENOTDIR: 'Not a directory' }

/** A pipe's contents as the next command's stdin. */
async function* oneChunk(text: string): AsyncIterable<string> {
  if (text) yield text
}

async function expand(commands: ExecCommands, word: Word, state: ShellState): Promise<string> {
  let text = ''
  for (const part of word) {
    if ('lit' in part) text += part.lit
    else if ('var' in part) text += variable(part.var, state)
    else if ('arith' in part) {
      try {
        text += String(evaluateArithmetic(part.arith, state.vars))
      } catch (e) {
        if (!(e instanceof ArithmeticError)) throw e
        state.ctx.stderr(`sh: ${e.message}\n`)
        throw new ExitSignal(2)
      }
    } else text += await substitute(commands, part.sub, state)
  }
  return text
}

/** `$(command)`: what the command writes to stdout, in a subshell, without its trailing newlines. */
async function substitute(commands: ExecCommands, script: string, state: ShellState): Promise<string> {
  let captured = ''
  const sub: ShellState = { ...state, vars: { ...state.vars }, ctx: { ...state.ctx, stdout: (text) => (captured += text) } }
  state.status = await runScript(commands, sub, script)
  return captured.replace(/\n+$/, '')
}

function variable(name: string, state: ShellState): string {
  if (name === '?') return String(state.status)
  if (name === '$') return '1'
  return state.vars[name] ?? ''
}

const builtins: Record<string, (state: ShellState, words: string[]) => number> = {
  exit: (state, words) => {
    const code = words[1] === undefined ? state.status : Number(words[1])
    throw new ExitSignal(Number.isInteger(code) ? code & 0xff : 2)
  },
  ':': () => 0,
  cd: () => 0,
  export: (state, words) => {
    for (const word of words.slice(1)) {
      const eq = word.indexOf('=')
      if (eq > 0) state.vars[word.slice(0, eq)] = word.slice(eq + 1)
    }
    return 0
  }
}
