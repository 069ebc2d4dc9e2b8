import type { ContainerFiles } from '../../world/types'
import { imageRoot, normalPath } from './file-system'
import { ExitSignal, type ShellState } from './shell-expand'

/**
 * The builtins of busybox's ash that scripts use: `exit`, `:`, `cd`, `pwd`,
 * `export`, `unset`, `read`, `shift`, `set --`, `break`, `continue` and
 * `return`. Each gets the command's streams after its redirections.
 */

export interface BuiltinIO {
  stdout(text: string): void
  stderr(text: string): void
  stdin?: AsyncIterable<string>
}

type Builtin = (state: ShellState, words: string[], io: BuiltinIO) => number | Promise<number>

/** The options `set` and `sh` take: errexit, xtrace, nounset. */
export const shellOptions = ['e', 'x', 'u']
const longOptions: Record<string, string> = { errexit: 'e', xtrace: 'x', nounset: 'u' }

/** `break n` / `continue n`: unwinds to the nth enclosing loop. */
export class LoopSignal {
  constructor(
    readonly levels: number,
    readonly next: boolean
  ) {}
}

/** `return n`: ends the running function (or the script at its top level). */
export class ReturnSignal {
  constructor(readonly code: number) {}
}

/** A line reader per input stream, so successive `read`s continue where the last one stopped. */
class LineReader {
  private buffer = ''
  private done = false
  private readonly iterator: AsyncIterator<string>

  constructor(stdin: AsyncIterable<string>) {
    this.iterator = stdin[Symbol.asyncIterator]()
  }

  /** The next line without its newline; `eof` when input ended before a newline (undefined line: nothing was left). */
  async line(): Promise<{ line?: string; eof: boolean }> {
    while (!this.buffer.includes('\n') && !this.done) {
      const next = await this.iterator.next()
      if (next.done) this.done = true
      else this.buffer += next.value
    }
    const nl = this.buffer.indexOf('\n')
    if (nl >= 0) {
      const line = this.buffer.slice(0, nl)
      this.buffer = this.buffer.slice(nl + 1)
      return { line, eof: false }
    }
    const rest = this.buffer
    this.buffer = ''
    return { line: rest || undefined, eof: true }
  }
}

const readers = new WeakMap<AsyncIterable<string>, LineReader>()

/** `read [-r] [-p PROMPT] NAME...`: one line, split on blanks, the last name taking the rest; status 1 at end of input. */
async function read(state: ShellState, words: string[], io: BuiltinIO): Promise<number> {
  let raw = false
  const names: string[] = []
  for (let i = 1; i < words.length; i++) {
    if (words[i] === '-r') raw = true
    else if (words[i] === '-p') io.stderr(words[++i] ?? '')
    else names.push(words[i])
  }
  if (!names.length) names.push('REPLY')
  let line = ''
  let eof = true
  if (io.stdin) {
    let reader = readers.get(io.stdin)
    if (!reader) readers.set(io.stdin, (reader = new LineReader(io.stdin)))
    for (;;) {
      const got = await reader.line()
      eof = got.eof
      const text = got.line ?? ''
      // Without -r a backslash escapes the next character, and one at the end of a line joins the next line.
      if (!raw && !eof && /(^|[^\\])(\\\\)*\\$/.test(text)) {
        line += text.slice(0, -1)
        continue
      }
      line += raw ? text : text.replace(/\\(.)/g, '$1')
      break
    }
  }
  const fields = line.replace(/^[ \t]+/, '')
  let rest = fields
  names.forEach((name, i) => {
    if (i === names.length - 1) {
      state.vars[name] = rest.replace(/[ \t]+$/, '')
      return
    }
    const m = /^(\S*)[ \t]*/.exec(rest)!
    state.vars[name] = m[1]
    rest = rest.slice(m[0].length)
  })
  return eof ? 1 : 0
}

function loopLevels(name: string, words: string[], io: BuiltinIO): number {
  const n = words[1] === undefined ? 1 : Number(words[1])
  if (!Number.isInteger(n) || n < 1) {
    io.stderr(`sh: ${name}: Illegal number: ${words[1]}\n`)
    throw new ExitSignal(2)
  }
  return n
}

export const builtins: Record<string, Builtin> = {
  exit: (state, words) => {
    const code = words[1] === undefined ? state.status : Number(words[1])
    throw new ExitSignal(Number.isInteger(code) ? code & 0xff : 2)
  },
  ':': () => 0,
  cd: (state, words, io) => {
    const target = words[1] ?? state.vars.HOME ?? '/'
    const path = resolvePath(state.vars.PWD || '/', target)
    if (!(state.ctx.files ?? imageRoot).list(path)) {
      io.stderr(`sh: cd: can't cd to ${target}: No such file or directory\n`)
      return 2
    }
    state.vars.OLDPWD = state.vars.PWD ?? '/'
    state.vars.PWD = path
    return 0
  },
  pwd: (state, _words, io) => {
    io.stdout(`${state.vars.PWD || '/'}\n`)
    return 0
  },
  export: (state, words) => {
    for (const word of words.slice(1)) {
      const eq = word.indexOf('=')
      if (eq > 0) state.vars[word.slice(0, eq)] = word.slice(eq + 1)
    }
    return 0
  },
  unset: (state, words) => {
    for (const name of words.slice(1).filter((w) => !w.startsWith('-'))) {
      delete state.vars[name]
      if (words[1] === '-f') state.functions.delete(name)
    }
    return 0
  },
  read,
  shift: (state, words, io) => {
    const n = words[1] === undefined ? 1 : Number(words[1])
    if (!Number.isInteger(n) || n < 0 || n > state.args.length) {
      io.stderr(`sh: shift: can't shift that many\n`)
      return 2
    }
    state.args = state.args.slice(n)
    return 0
  },
  set: (state, words, io) => {
    if (words.length === 1) {
      io.stdout(Object.entries(state.vars).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${k}='${v.replace(/'/g, `'"'"'`)}'\n`).join(''))
      return 0
    }
    for (let i = 1; i < words.length; i++) {
      const word = words[i]
      if (word === '--' || !/^[-+]/.test(word)) {
        state.args = words.slice(word === '--' ? i + 1 : i)
        return 0
      }
      const on = word[0] === '-'
      const names = word === '-o' || word === '+o' ? [longOptions[words[++i]] ?? `?${words[i] ?? ''}`] : [...word.slice(1)]
      for (const option of names) {
        if (!shellOptions.includes(option)) {
          io.stderr(option.startsWith('?') ? `sh: set: illegal option -o ${option.slice(1)}\n` : `sh: set: illegal option -${option}\n`)
          return 2
        }
        if (on) state.options.add(option)
        else state.options.delete(option)
      }
    }
    return 0
  },
  break: (_state, words, io) => {
    throw new LoopSignal(loopLevels('break', words, io), false)
  },
  continue: (_state, words, io) => {
    throw new LoopSignal(loopLevels('continue', words, io), true)
  },
  return: (state, words) => {
    throw new ReturnSignal(words[1] === undefined ? state.status : Number(words[1]) & 0xff)
  }
}

/** `target` seen from `cwd`, with `.` and `..` resolved. */
export function resolvePath(cwd: string, target: string): string {
  const parts: string[] = []
  for (const part of normalPath(target.startsWith('/') ? target : `${cwd}/${target}`).split('/')) {
    if (part === '..') parts.pop()
    else if (part) parts.push(part)
  }
  return `/${parts.join('/')}`
}

/** The container's files as a process in `cwd` sees them: relative paths start there. */
export function filesFrom(files: ContainerFiles, cwd: string): ContainerFiles {
  if (cwd === '/') return files
  const at = (path: string): string => (path.startsWith('/') ? path : `${cwd}/${path}`)
  return {
    read: (path) => files.read(at(path)),
    list: (path) => files.list(at(path)),
    write: files.write && ((path, content, append) => files.write!(at(path), content, append)),
    mkdir: files.mkdir && ((path, parents) => files.mkdir!(at(path), parents)),
    remove: files.remove && ((path, recursive) => files.remove!(at(path), recursive))
  }
}
