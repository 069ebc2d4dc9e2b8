import type { ShellState } from './shell-expand'
import { patternRegExp } from './shell-expand'
import { ExitSignal } from './shell-expand'

/**
 * `${...}` parameter expansion as ash does it: `${NAME}`, `${#NAME}` (length),
 * defaults and alternatives (`${NAME:-word}`, `${NAME-word}`, `:=`, `=`,
 * `:+`, `+`, `:?`, `?`: with the colon an empty value counts as unset), and
 * prefix and suffix removal with a pattern (`#`, `##`, `%`, `%%`).
 */

const name = '([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[@*#?$!])'
const lengthForm = new RegExp(`^#${name}$`)
const operatorForm = new RegExp(`^${name}(:?[-=+?]|##?|%%?)([\\s\\S]*)$`)

/** What a parameter is set to; undefined when unset. */
export type Lookup = (name: string) => string | undefined

/**
 * The value of `${spec}`: `lookup` reads parameters, `expand` expands the
 * word after an operator (it may hold expansions of its own), `assign` sets a
 * variable for `:=`.
 */
export async function expandParameter(spec: string, state: ShellState, lookup: Lookup, expand: (text: string) => Promise<string>): Promise<string> {
  const length = lengthForm.exec(spec)
  if (length) return String([...(lookup(length[1]) ?? '')].length)
  const m = operatorForm.exec(spec)
  if (!m) {
    if (new RegExp(`^${name}$`).test(spec)) return lookup(spec) ?? ''
    state.ctx.stderr(`sh: syntax error: bad substitution\n`)
    throw new ExitSignal(2)
  }
  const [, param, op, word] = m
  const value = lookup(param)
  const colon = op.startsWith(':')
  const unset = value === undefined || (colon && value === '')
  switch (op.replace(':', '')) {
    case '-':
      return unset ? expand(word) : value!
    case '=': {
      if (!unset) return value!
      if (!/^[A-Za-z_]/.test(param)) {
        state.ctx.stderr(`sh: syntax error: bad substitution\n`)
        throw new ExitSignal(2)
      }
      const assigned = await expand(word)
      state.vars[param] = assigned
      return assigned
    }
    case '+':
      return unset ? '' : expand(word)
    case '?': {
      if (!unset) return value!
      const message = (await expand(word)) || (value === undefined ? 'parameter not set' : 'parameter null or not set')
      state.ctx.stderr(`sh: ${param}: ${message}\n`)
      throw new ExitSignal(2)
    }
  }
  // Pattern removal: the shortest or longest prefix (#, ##) or suffix (%, %%) the pattern matches.
  const text = value ?? ''
  const re = patternRegExp(await expand(word))
  const chars = [...text]
  const cuts = chars.map((_c, i) => i).concat(chars.length)
  const prefix = op.startsWith('#')
  const longest = op.length === 2
  const order = longest ? [...cuts].reverse() : cuts
  for (const cut of order) {
    if (prefix && re.test(chars.slice(0, cut).join(''))) return chars.slice(cut).join('')
    if (!prefix && re.test(chars.slice(chars.length - cut).join(''))) return chars.slice(0, chars.length - cut).join('')
  }
  return text
}
