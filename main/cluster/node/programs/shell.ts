import type { ExecCommands } from '../../world/types'
import { ExecutableNotFound, runProgram, type ProgramContext } from './process'
import { inputLines, shellPrompt } from './terminal'
import { parseShell, ShellSyntaxError, type Redirect, type ShellList, type ShellNode } from './shell-parse'
import { ExitSignal, expandFields, expandPattern, expandWord, isAssignment, type ShellState } from './shell-expand'
import { builtins, filesFrom, LoopSignal, resolvePath, ReturnSignal, shellOptions } from './shell-builtins'
import { imageRoot } from './file-system'
import { containerSpec } from '../pod-containers'

/**
 * `sh` as busybox's ash runs the scripts tutorials put in `command`/`args`
 * and in `kubectl exec ... -- sh -c '...'`: lists of commands (`;`, `&&`,
 * `||`), pipelines (each command runs to its end before the next reads its
 * output), redirections (to and from files, to the other stream or
 * /dev/null), variables, positional parameters and assignments, field
 * splitting of unquoted expansions, `while`/`until`/`for` loops, `if`,
 * `case`, `{ }` and `( )` groups, functions, the builtins of
 * shell-builtins.ts, and every other program from the container's command
 * table. A missing program is `sh: foo: not found` with status 127, as in busybox.
 */

/** Loop rounds that may pass without the clock moving before the loop is cut (a busy loop would hang the simulation). */
const maxIdleRounds = 10_000

/** The `sh` program (also `ash`, `bash`): `sh -c 'script' [name [args...]]`, or commands read from stdin. */
export function shellProgram(commands: ExecCommands) {
  return async (ctx: ProgramContext): Promise<number> => {
    const args = ctx.argv.slice(1)
    // Options come first (`sh -e -c`, `sh -ec`, `sh -x`); -c takes the script.
    let c = -1
    const options = new Set<string>()
    for (let i = 0; i < args.length && /^-[a-z]+$/.test(args[i]); i++) {
      for (const flag of args[i].slice(1)) {
        if (flag === 'c') c = i
        else if (shellOptions.includes(flag)) options.add(flag)
      }
    }
    const state = newState(commands, ctx, (c >= 0 ? args[c + 2] : undefined) ?? ctx.argv[0], c >= 0 ? args.slice(c + 3) : [])
    for (const option of options) state.options.add(option)
    if (c >= 0) {
      const script = args[c + 1]
      if (script === undefined) {
        ctx.stderr(`${ctx.argv[0].split('/').pop()}: -c requires an argument\n`)
        return 2
      }
      return runScript(state, script)
    }
    // No -c: commands come one line at a time on stdin (kubectl exec -i ... -- sh), typed at a prompt with -t.
    if (!ctx.stdin) return 0
    const terminal = ctx.tty ? { echo: (text: string) => ctx.stdout(text) } : undefined
    const spec = containerSpec(ctx.pod, ctx.container)
    const prompt = shellPrompt(ctx.argv[0], spec?.image ?? '', ctx.env.HOSTNAME ?? ctx.pod.metadata?.name ?? '')
    if (terminal) ctx.stdout(prompt)
    for await (const line of inputLines(ctx.stdin, terminal)) {
      if (line.trim()) {
        const code = await runScript(state, line, true)
        if (code < 0 || ctx.kill.killed) return state.status
      }
      if (terminal) ctx.stdout(prompt)
    }
    if (terminal) ctx.stdout('exit\n')
    return state.status
  }
}

/** Runs a script to its end or its `exit`; returns the exit status (-1 when `keepGoing` and the script ran `exit`). */
async function runScript(state: ShellState, script: string, keepGoing = false): Promise<number> {
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
    await runList(state, list, state.ctx)
    return state.status
  } catch (e) {
    if (e instanceof ReturnSignal) state.status = e.code
    else if (e instanceof LoopSignal) return state.status
    else if (!(e instanceof ExitSignal)) throw e
    else state.status = e.code
    return keepGoing && e instanceof ExitSignal ? -1 : state.status
  }
}

/** A new shell state for a program context (`$0` and the positional parameters from `sh -c script name args...`). */
function newState(commands: ExecCommands, ctx: ProgramContext, name: string, args: string[]): ShellState {
  const state: ShellState = {
    ctx,
    commands,
    vars: { PWD: workingDir(ctx), ...ctx.env },
    name,
    args,
    functions: new Map(),
    options: new Set(),
    conditional: 0,
    status: 0,
    substitute: (script) => substitute(state, script)
  }
  return state
}

/** The container's working directory (its spec's workingDir; the tutorials' images have none, so /). */
function workingDir(ctx: ProgramContext): string {
  return containerSpec(ctx.pod, ctx.container)?.workingDir || '/'
}

/** A subshell: the parent's variables, functions and parameters copied; its own streams. */
function subshell(state: ShellState, ctx: ProgramContext): ShellState {
  const sub: ShellState = { ...state, ctx, vars: { ...state.vars }, functions: new Map(state.functions), args: [...state.args], options: new Set(state.options) }
  sub.substitute = (script) => substitute(sub, script)
  return sub
}

/** Runs a node in a subshell; its `exit` ends the subshell alone. */
async function runSubshell(state: ShellState, ctx: ProgramContext, run: (sub: ShellState) => Promise<void>): Promise<number> {
  const sub = subshell(state, ctx)
  try {
    await run(sub)
  } catch (e) {
    if (e instanceof ExitSignal || e instanceof ReturnSignal) return e.code
    if (!(e instanceof LoopSignal)) throw e
  }
  return sub.status
}

async function runList(state: ShellState, list: ShellList, ctx: ProgramContext): Promise<void> {
  for (const [i, { op, node }] of list.entries()) {
    if (state.ctx.kill.killed) throw new ExitSignal(143)
    if (op === '&&' && state.status !== 0) continue
    if (op === '||' && state.status === 0) continue
    // The left side of && or || may fail without ending a `set -e` shell.
    const guarded = list[i + 1] !== undefined && list[i + 1].op !== ';'
    if (guarded) state.conditional++
    try {
      await runNode(state, node, ctx)
    } finally {
      if (guarded) state.conditional--
    }
    const negated = node.type === 'pipeline' && node.negate
    if (state.status !== 0 && state.options.has('e') && !guarded && !state.conditional && !negated) throw new ExitSignal(state.status)
  }
}

/** Runs an `if` or loop condition, where a failure is an answer, not an error. */
async function runCondition(state: ShellState, list: ShellList, ctx: ProgramContext): Promise<void> {
  state.conditional++
  try {
    await runList(state, list, ctx)
  } finally {
    state.conditional--
  }
}

/** One round of a loop: lets other work run, and cuts a loop that spins without the clock moving. Returns false to stop. */
function loopTurn(state: ShellState, turn: { idle: number; last: number }): Promise<boolean> {
  const now = state.ctx.clock.now()
  turn.idle = now === turn.last ? turn.idle + 1 : 0
  turn.last = now
  return Promise.resolve(turn.idle < maxIdleRounds)
}

/** Runs a loop body; returns 'break' or 'continue' when a signal for this loop ended it early, rethrowing outer ones. */
async function loopBody(state: ShellState, body: ShellList, ctx: ProgramContext): Promise<'break' | 'continue' | undefined> {
  try {
    await runList(state, body, ctx)
    return undefined
  } catch (e) {
    if (!(e instanceof LoopSignal)) throw e
    if (e.levels > 1) throw new LoopSignal(e.levels - 1, e.next)
    return e.next ? 'continue' : 'break'
  }
}

async function runNode(state: ShellState, node: ShellNode, ctx: ProgramContext): Promise<void> {
  switch (node.type) {
    case 'command':
      return runCommand(state, node, ctx)
    case 'pipeline': {
      let input: string | undefined
      for (const [i, command] of node.commands.entries()) {
        const last = i === node.commands.length - 1
        let captured = ''
        const io: ProgramContext = { ...ctx, stdin: input === undefined ? ctx.stdin : oneChunk(input), stdout: last ? ctx.stdout : (text) => (captured += text) }
        // Each command of a pipeline runs in a subshell: its assignments stay there.
        state.status = await runSubshell(state, io, (sub) => runNode(sub, command, io))
        input = captured
      }
      if (node.negate) state.status = state.status === 0 ? 1 : 0
      return
    }
    case 'if':
      for (const branch of node.branches) {
        await runCondition(state, branch.condition, ctx)
        if (state.status === 0) return runList(state, branch.body, ctx)
      }
      state.status = 0
      if (node.otherwise) await runList(state, node.otherwise, ctx)
      return
    case 'loop': {
      const turn = { idle: 0, last: state.ctx.clock.now() }
      let status = 0
      for (;;) {
        await runCondition(state, node.condition, ctx)
        if ((state.status === 0) === node.until) break
        const signal = await loopBody(state, node.body, ctx)
        status = state.status
        if (signal === 'break' || !(await loopTurn(state, turn))) break
      }
      state.status = status
      return
    }
    case 'for': {
      const items = node.words ? (await Promise.all(node.words.map((w) => expandFields(w, state)))).flat() : [...state.args]
      const turn = { idle: 0, last: state.ctx.clock.now() }
      state.status = 0
      for (const item of items) {
        state.vars[node.name] = item
        const signal = await loopBody(state, node.body, ctx)
        if (signal === 'break' || !(await loopTurn(state, turn))) break
      }
      return
    }
    case 'case': {
      const word = await expandWord(node.word, state)
      state.status = 0
      for (const item of node.items) {
        for (const pattern of item.patterns) {
          if ((await expandPattern(pattern, state)).test(word)) return runList(state, item.body, ctx)
        }
      }
      return
    }
    case 'group':
      if (!node.subshell) return runList(state, node.body, ctx)
      state.status = await runSubshell(state, ctx, (sub) => runList(sub, node.body, ctx))
      return
    case 'function':
      state.functions.set(node.name, node.body)
      state.status = 0
      return
    case 'redirected': {
      const io = await redirected(node.redirects, state, ctx)
      if (!io) {
        state.status = 1
        return
      }
      return runNode(state, node.node, { ...ctx, ...io })
    }
  }
}

async function runCommand(state: ShellState, node: Extract<ShellNode, { type: 'command' }>, ctx: ProgramContext): Promise<void> {
  const words: string[] = []
  const assignments: [string, string][] = []
  for (const word of node.words) {
    if (!words.length && isAssignment(word)) {
      const text = await expandWord(word, state)
      const eq = text.indexOf('=')
      assignments.push([text.slice(0, eq), text.slice(eq + 1)])
    } else words.push(...(await expandFields(word, state)))
  }
  if (state.options.has('x')) ctx.stderr(`+ ${[...assignments.map(([k, v]) => `${k}=${v}`), ...words].join(' ')}\n`)
  const io = await redirected(node.redirects, state, ctx)
  if (!io) {
    state.status = 1
    return
  }
  if (!words.length) {
    for (const [name, value] of assignments) state.vars[name] = value
    if (!node.words.some((w) => w.some((p) => 'sub' in p))) state.status = 0
    return
  }
  const fn = state.functions.get(words[0])
  if (fn) {
    const saved = state.args
    state.args = words.slice(1)
    try {
      await runNode(state, fn, { ...ctx, ...io })
    } catch (e) {
      if (!(e instanceof ReturnSignal)) throw e
      state.status = e.code
    } finally {
      state.args = saved
    }
    return
  }
  const builtin = builtins[words[0]]
  if (builtin) {
    state.status = await builtin(state, words, io)
    return
  }
  const env = { ...state.vars, ...Object.fromEntries(assignments) }
  const cwd = state.vars.PWD || '/'
  const files = cwd === '/' ? ctx.files : filesFrom(ctx.files ?? imageRoot, cwd)
  try {
    state.status = await runProgram(state.commands, { ...ctx, ...io, files, argv: words, env })
    // A kill (SIGTERM) ends the shell too, whatever it was running.
    if (state.ctx.kill.killed) throw new ExitSignal(143)
  } catch (e) {
    if (!(e instanceof ExecutableNotFound)) throw e
    io.stderr(`sh: ${words[0]}: not found\n`)
    state.status = 127
  }
}

type Streams = Pick<ProgramContext, 'stdout' | 'stderr' | 'stdin'>

/** The command's streams after its redirections, or undefined when a file could not be opened (ash says why). */
async function redirected(redirects: Redirect[], state: ShellState, ctx: ProgramContext): Promise<Streams | undefined> {
  const discard = (): void => {}
  const fds: Record<number, (text: string) => void> = { 1: ctx.stdout, 2: ctx.stderr }
  let stdin = ctx.stdin
  const files = ctx.files
  for (const r of redirects) {
    if (r.dup !== undefined) {
      fds[r.fd] = fds[r.dup] ?? discard
      continue
    }
    if (r.here) {
      if (r.fd === 0) stdin = oneChunk(await expandWord(r.here, state))
      continue
    }
    const raw = await expandWord(r.file ?? [], state)
    const file = resolvePath(state.vars.PWD || '/', raw)
    if (r.input) {
      const text = file === '/dev/null' ? '' : (files ?? imageRoot).read(file)
      if (text === undefined) {
        fds[2](`sh: can't open '${raw}': No such file or directory\n`)
        return undefined
      }
      if (r.fd === 0) stdin = oneChunk(text)
    } else if (file === '/dev/stdout') fds[r.fd] = ctx.stdout
    else if (file === '/dev/stderr') fds[r.fd] = ctx.stderr
    else if (file === '/dev/null' || !files?.write) fds[r.fd] = discard
    else {
      const failed = files.write(file, '', r.append)
      if (failed) {
        fds[2](`sh: can't create ${raw}: ${createError[failed] ?? failed}\n`)
        return undefined
      }
      fds[r.fd] = (text) => void files.write!(file, text, true)
    }
  }
  return { stdout: fds[1], stderr: fds[2], stdin }
}

/** How ash words a failed create (it says "nonexistent directory" for ENOENT). */
const createError: Record<string, string> = { EROFS: 'Read-only file system', ENOENT: 'nonexistent directory', EISDIR: 'Is a directory', ENOTDIR: 'Not a directory' }

/** A pipe's contents as the next command's stdin. */
async function* oneChunk(text: string): AsyncIterable<string> {
  if (text) yield text
}

/** `$(command)`: what the command writes to stdout, in a subshell, without its trailing newlines. */
async function substitute(state: ShellState, script: string): Promise<string> {
  let captured = ''
  const sub = subshell(state, { ...state.ctx, stdout: (text) => (captured += text) })
  state.status = await runScript(sub, script)
  return captured.replace(/\n+$/, '')
}
