import type { ExecCommands } from '../../world/types'
import { ArithmeticError, evaluateArithmetic } from './arithmetic'
import type { ProgramContext } from './process'
import type { ShellNode, Word } from './shell-parse'
import { lexWord } from './shell-lex'
import { expandParameter } from './shell-parameters'
import { glob, hasGlob } from './shell-glob'
import { imageRoot } from './file-system'

/**
 * What a running shell holds (its variables, positional parameters,
 * functions, last status) and how it expands words: parameters, command
 * substitution and arithmetic, then field splitting of the unquoted
 * expansions on blanks (the default IFS), as ash does. Pathname expansion
 * follows (shell-glob.ts).
 */

export interface ShellState {
  ctx: ProgramContext
  commands: ExecCommands
  vars: Record<string, string>
  /** $0, and the positional parameters $1... */
  name: string
  args: string[]
  functions: Map<string, ShellNode>
  /** `set -e` (errexit), `-x` (xtrace), `-u` (nounset). */
  options: Set<string>
  /** Inside an `if`/`while` condition, where a failure does not end a `set -e` shell. */
  conditional: number
  status: number
  /** Runs a script in a subshell of this state with stdout captured (`$(...)`). */
  substitute(script: string): Promise<string>
}

/** `exit`, and the syntax or expansion errors that end a non-interactive shell. */
export class ExitSignal {
  constructor(readonly code: number) {}
}

/** The value of a parameter, unsplit; undefined when it is unset. */
function lookup(name: string, state: ShellState): string | undefined {
  if (name === '?') return String(state.status)
  if (name === '$') return '1'
  if (name === '!') return ''
  if (name === '#') return String(state.args.length)
  if (name === '@' || name === '*') return state.args.join(' ')
  if (/^\d+$/.test(name)) return name === '0' ? state.name : state.args[Number(name) - 1]
  return state.vars[name]
}

/** `$NAME`, or `${...}` with its operators (shell-parameters.ts). */
function parameter(spec: string, state: ShellState): Promise<string> | string {
  if (/^([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[@*#?$!])$/.test(spec)) {
    const value = lookup(spec, state)
    if (value === undefined && state.options.has('u') && spec !== '@' && spec !== '*') {
      state.ctx.stderr(`sh: ${spec}: parameter not set\n`)
      throw new ExitSignal(2)
    }
    return value ?? ''
  }
  return expandParameter(spec, state, (name) => lookup(name, state), (text) => expandWord(lexWord(text), state))
}

async function partValue(part: Word[number], state: ShellState): Promise<string> {
  if ('lit' in part) return part.lit
  if ('var' in part) return parameter(part.var, state)
  if ('sub' in part) return state.substitute(part.sub)
  try {
    return String(evaluateArithmetic(part.arith, state.vars))
  } catch (e) {
    if (!(e instanceof ArithmeticError)) throw e
    state.ctx.stderr(`sh: ${e.message}\n`)
    throw new ExitSignal(2)
  }
}

/** A word expanded to one string, without field splitting (assignments, redirection targets, `case` words). */
export async function expandWord(word: Word, state: ShellState): Promise<string> {
  let text = ''
  for (const part of word) text += await partValue(part, state)
  return text
}

const blank = /[ \t\n]/

/** A word expanded to its fields: unquoted expansions split on blanks; `"$@"` is one field per parameter. */
export async function expandFields(word: Word, state: ShellState): Promise<string[]> {
  const fields: { text: string; pattern: string }[] = []
  let current = ''
  // The field as a glob pattern: quoted characters escaped, so only unquoted ones match files.
  let pattern = ''
  let started = false
  const end = (): void => {
    if (started) fields.push({ text: current, pattern })
    current = ''
    pattern = ''
    started = false
  }
  const add = (text: string, quoted: boolean): void => {
    current += text
    pattern += quoted ? text.replace(/[*?[\\]/g, '\\$&') : text
    started = true
  }
  for (const part of word) {
    if ('var' in part && part.var === '@' && part.quoted) {
      state.args.forEach((arg, i) => {
        if (i) end()
        add(arg, true)
      })
      continue
    }
    const value = await partValue(part, state)
    if ('lit' in part || part.quoted) {
      add(value, !!part.quoted)
      continue
    }
    for (const ch of value) {
      if (blank.test(ch)) end()
      else add(ch, false)
    }
  }
  end()
  const files = state.ctx.files ?? imageRoot
  return fields.flatMap((f) => (hasGlob(f.pattern) ? (glob(f.pattern, files, state.vars.PWD || '/') ?? [f.text]) : [f.text]))
}

/** Whether a word is an assignment (`NAME=value`, the name unquoted). */
export function isAssignment(word: Word): boolean {
  const first = word[0]
  return !!first && 'lit' in first && !first.quoted && /^[A-Za-z_][A-Za-z0-9_]*=/.test(first.lit)
}

/** A `case` pattern (`*`, `?`, `[...]`, alternatives already split) as a regular expression. */
export function patternRegExp(pattern: string): RegExp {
  let source = ''
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]
    if (ch === '*') source += '.*'
    else if (ch === '?') source += '.'
    else if (ch === '[' && pattern.indexOf(']', i + 2) > 0) {
      const end = pattern.indexOf(']', i + 2)
      const body = pattern.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')
      source += `[${body}]`
      i = end
    } else if (ch === '\\' && i + 1 < pattern.length) source += pattern[++i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    else source += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  }
  return new RegExp(`^${source}$`, 's')
}

/** A `case` pattern word expanded: its quoted parts match literally. */
export async function expandPattern(word: Word, state: ShellState): Promise<RegExp> {
  let pattern = ''
  for (const part of word) {
    const value = await partValue(part, state)
    pattern += part.quoted ? value.replace(/[*?[\\]/g, '\\$&') : value
  }
  return patternRegExp(pattern)
}
