/**
 * The words and operators of a shell script, as ash reads them: quotes
 * (single, double, backslash), expansions (`$VAR`, `${VAR}`, `$?`, `$#`,
 * `$@`, `$1`, `$(command)`, `` `command` ``, `$((arithmetic))`), each marked
 * as quoted or not (unquoted expansions are split into fields), operators
 * (`;` `;;` `&&` `||` `|` `&` `(` `)`, newlines) and redirections (`<file`,
 * `>file`, `>>file`, `n>&m`, here-documents `<<WORD` and `<<-WORD`).
 */

/** A piece of a word: literal text, or what is expanded when the command runs; `quoted` when inside double quotes (or a quoted literal). */
export type WordPart = ({ lit: string } | { var: string } | { sub: string } | { arith: string }) & { quoted?: boolean }
export type Word = WordPart[]

/** `n>&m` (dup), `n>file` / `n>>file` (append), `n<file` (input), or a here-document (`<<WORD`: its body, expanded unless WORD was quoted). */
export interface Redirect {
  fd: number
  dup?: number
  file?: Word
  append?: boolean
  input?: boolean
  here?: Word
}

/** A here-document whose body is still to be read (after the line that opened it). */
interface PendingHere {
  redirect: Redirect
  delimiter: string
  quoted: boolean
  stripTabs: boolean
}

export type Operator = ';' | ';;' | '&&' | '||' | '|' | '(' | ')'
export type Token = { word: Word; text: string } | { op: Operator } | { redirect: Redirect }

export class ShellSyntaxError extends Error {}

const nameChar = /[A-Za-z0-9_]/
const wordEnd = ' \t\n;&|<>()'

export function tokenize(script: string): Token[] {
  const tokens: Token[] = []
  const pending: PendingHere[] = []
  let i = 0
  while (i < script.length) {
    const ch = script[i]
    const next = script[i + 1]
    if (ch === ' ' || ch === '\t' || (ch === '\\' && next === '\n')) {
      i += ch === '\\' ? 2 : 1
    } else if (ch === ';' && next === ';') {
      tokens.push({ op: ';;' })
      i += 2
    } else if (ch === '\n' || ch === ';' || (ch === '&' && next !== '&')) {
      // A background `&` runs in the foreground: the script's later commands see its effects a little early.
      tokens.push({ op: ';' })
      i++
      if (ch === '\n') i = readHereBodies(script, i, pending.splice(0))
    } else if (ch === '&' || (ch === '|' && next === '|')) {
      tokens.push({ op: ch === '&' ? '&&' : '||' })
      i += 2
    } else if (ch === '|' || ch === '(' || ch === ')') {
      tokens.push({ op: ch })
      i++
    } else if (ch === '<' && next === '<') {
      i = readHereStart(script, i, tokens, pending)
    } else if (ch === '>' || ch === '<' || (/[0-9]/.test(ch) && (next === '>' || next === '<'))) {
      i = readRedirect(script, i, tokens)
    } else if (ch === '#') {
      while (i < script.length && script[i] !== '\n') i++
    } else {
      const start = i
      const word: Word = []
      i = readWord(script, i, word)
      tokens.push({ word, text: script.slice(start, i) })
    }
  }
  if (pending.length) readHereBodies(script, script.length, pending)
  return tokens
}

/** `<<WORD` or `<<-WORD`: the redirection, its body read at the next newline. */
function readHereStart(s: string, i: number, tokens: Token[], pending: PendingHere[]): number {
  i += 2
  const stripTabs = s[i] === '-'
  if (stripTabs) i++
  while (s[i] === ' ' || s[i] === '\t') i++
  const word: Word = []
  const end = readWord(s, i, word)
  if (end === i) throw new ShellSyntaxError(`syntax error: unexpected ${i < s.length && s[i] !== '\n' ? `"${s[i]}"` : 'newline'}`)
  const redirect: Redirect = { fd: 0, input: true, here: [] }
  tokens.push({ redirect })
  pending.push({ redirect, delimiter: word.map((p) => ('lit' in p ? p.lit : '')).join(''), quoted: word.some((p) => p.quoted), stripTabs })
  return end
}

/** Reads the bodies of the here-documents opened on the line that ended at `i`; returns where the script goes on. */
function readHereBodies(s: string, i: number, pending: PendingHere[]): number {
  for (const here of pending) {
    let body = ''
    while (i < s.length) {
      const nl = s.indexOf('\n', i)
      let line = s.slice(i, nl < 0 ? s.length : nl)
      i = nl < 0 ? s.length : nl + 1
      if (here.stripTabs) line = line.replace(/^\t+/, '')
      if (line === here.delimiter) break
      body += `${line}\n`
    }
    here.redirect.here = here.quoted ? [{ lit: body, quoted: true }] : hereWord(body)
  }
  return i
}

/** A here-document's body as a word: expansions as in double quotes, `\\` escaping only `$`, `` ` `` and `\\`. */
function hereWord(body: string): Word {
  const word: Word = []
  const lit = (text: string): void => {
    const last = word[word.length - 1]
    if (last && 'lit' in last) last.lit += text
    else word.push({ lit: text, quoted: true })
  }
  let i = 0
  while (i < body.length) {
    if (body[i] === '\\' && '$`\\'.includes(body[i + 1] ?? 'x')) {
      lit(body[i + 1])
      i += 2
    } else if (body[i] === '\\' && body[i + 1] === '\n') i += 2
    else if (body[i] === '$' || body[i] === '`') i = readExpansion(body, i, word, lit, true)
    else lit(body[i++])
  }
  return word
}

function readRedirect(s: string, i: number, tokens: Token[]): number {
  const input = s[i] === '<' || s[i + 1] === '<'
  let fd = input ? 0 : 1
  if (/[0-9]/.test(s[i])) fd = Number(s[i++])
  i++
  const append = !input && s[i] === '>'
  if (append) i++
  if (s[i] === '&' && /[0-9]/.test(s[i + 1] ?? '')) {
    tokens.push({ redirect: { fd, dup: Number(s[i + 1]) } })
    return i + 2
  }
  while (s[i] === ' ' || s[i] === '\t') i++
  const file: Word = []
  const end = readWord(s, i, file)
  if (end === i) throw new ShellSyntaxError(`syntax error: unexpected ${i < s.length && s[i] !== '\n' ? `"${s[i]}"` : 'newline'}`)
  tokens.push({ redirect: input ? { fd, file, input } : append ? { fd, file, append } : { fd, file } })
  return end
}

function readWord(s: string, i: number, word: Word): number {
  const lit = (text: string, quoted = false): void => {
    const last = word[word.length - 1]
    if (last && 'lit' in last && !!last.quoted === quoted) last.lit += text
    else word.push(quoted ? { lit: text, quoted } : { lit: text })
  }
  while (i < s.length && !wordEnd.includes(s[i])) {
    const ch = s[i]
    if (ch === "'") {
      const end = s.indexOf("'", i + 1)
      if (end < 0) throw new ShellSyntaxError('Unterminated quoted string')
      lit(s.slice(i + 1, end), true)
      i = end + 1
    } else if (ch === '"') {
      i++
      lit('', true)
      while (i < s.length && s[i] !== '"') {
        if (s[i] === '\\' && i + 1 < s.length && '$`"\\\n'.includes(s[i + 1])) {
          if (s[i + 1] !== '\n') lit(s[i + 1], true)
          i += 2
        } else if (s[i] === '$' || s[i] === '`') {
          i = readExpansion(s, i, word, (text) => lit(text, true), true)
        } else lit(s[i++], true)
      }
      if (i >= s.length) throw new ShellSyntaxError('Unterminated quoted string')
      i++
    } else if (ch === '\\') {
      if (s[i + 1] !== '\n') lit(s[i + 1] ?? '', true)
      i += 2
    } else if (ch === '$' || ch === '`') {
      i = readExpansion(s, i, word, lit, false)
    } else {
      lit(ch)
      i++
    }
  }
  return i
}

/** The index just past the `)` that closes the `(` at `open`, skipping quoted text; throws when there is none. */
function closing(s: string, open: number): number {
  let depth = 0
  for (let i = open; i < s.length; i++) {
    const ch = s[i]
    if (ch === "'") {
      i = s.indexOf("'", i + 1)
      if (i < 0) break
    } else if (ch === '\\') i++
    else if (ch === '(') depth++
    else if (ch === ')' && --depth === 0) return i + 1
  }
  throw new ShellSyntaxError('syntax error: unterminated $(')
}

/** The index of the `}` closing the `{` at `open` (nested `${...}` and quotes skipped). */
function braceEnd(s: string, open: number): number {
  let depth = 0
  for (let i = open; i < s.length; i++) {
    if (s[i] === '\\') i++
    else if (s[i] === "'") {
      i = s.indexOf("'", i + 1)
      if (i < 0) break
    } else if (s[i] === '{') depth++
    else if (s[i] === '}' && --depth === 0) return i
  }
  throw new ShellSyntaxError('syntax error: missing \'}\'')
}

/** A text read as one word (the word of `${NAME:-word}`): blanks and operators in it are literal. */
export function lexWord(text: string): Word {
  const word: Word = []
  let i = 0
  while (i < text.length) {
    const end = readWord(text, i, word)
    if (end < text.length) word.push({ lit: text[end] })
    i = end + 1
  }
  return word
}

function readExpansion(s: string, i: number, word: Word, lit: (text: string) => void, quoted: boolean): number {
  const push = (part: WordPart): void => void word.push(quoted ? { ...part, quoted } : part)
  if (s[i] === '`') {
    let body = ''
    let j = i + 1
    for (; j < s.length && s[j] !== '`'; j++) {
      if (s[j] === '\\' && '$`\\'.includes(s[j + 1] ?? '')) j++
      body += s[j]
    }
    if (j >= s.length) throw new ShellSyntaxError('syntax error: unterminated quoted string')
    push({ sub: body })
    return j + 1
  }
  if (s[i + 1] === '(' && s[i + 2] === '(') {
    const end = closing(s, i + 1)
    if (s[end - 2] !== ')') throw new ShellSyntaxError('syntax error: bad arithmetic')
    push({ arith: s.slice(i + 3, end - 2) })
    return end
  }
  if (s[i + 1] === '(') {
    const end = closing(s, i + 1)
    push({ sub: s.slice(i + 2, end - 1) })
    return end
  }
  if (s[i + 1] === '{') {
    const end = braceEnd(s, i + 1)
    push({ var: s.slice(i + 2, end) })
    return end + 1
  }
  if ('?$#@*!0123456789'.includes(s[i + 1] ?? 'x')) {
    push({ var: s[i + 1] })
    return i + 2
  }
  let j = i + 1
  while (j < s.length && nameChar.test(s[j])) j++
  if (j === i + 1) {
    lit('$')
    return i + 1
  }
  push({ var: s.slice(i + 1, j) })
  return j
}
