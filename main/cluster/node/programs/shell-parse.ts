/**
 * The part of POSIX sh grammar simulated shells need for tutorials'
 * `sh -c` lines: commands of words (single and double quotes, backslash,
 * `$VAR`, `${VAR}`, `$?`, `$(command)`, `$((arithmetic))`), output redirections (`>&2`, `2>&1`,
 * `>/dev/null`), pipelines (`a | b`), lists joined by `;`, `&&`, `||`, `&`
 * and newlines, `#` comments, `while`/`until` loops and `if`/`elif`/`else`.
 */

/** A piece of a word: literal text, or what is expanded when the command runs: a variable, `$(command)`, `$((arithmetic))`. */
export type WordPart = { lit: string } | { var: string } | { sub: string } | { arith: string }
export type Word = WordPart[]

/** `n>&m` (dup) or `n>file` / `n>>file` (append). */
export interface Redirect {
  fd: number
  dup?: number
  file?: Word
  append?: boolean
}

export type ShellNode =
  | { type: 'command'; words: Word[]; redirects: Redirect[] }
  | { type: 'pipeline'; commands: ShellNode[] }
  | { type: 'loop'; until: boolean; condition: ShellList; body: ShellList }
  | { type: 'if'; branches: { condition: ShellList; body: ShellList }[]; otherwise?: ShellList }

/** Commands in order; `op` joins an item to the one before (`;` for the first). */
export type ShellList = { op: ';' | '&&' | '||'; node: ShellNode }[]

export class ShellSyntaxError extends Error {}

type Token = { word: Word; text: string } | { op: ';' | '&&' | '||' | '|' } | { redirect: Redirect }

const nameChar = /[A-Za-z0-9_]/

function tokenize(script: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < script.length) {
    const ch = script[i]
    if (ch === ' ' || ch === '\t') {
      i++
    } else if (ch === '\n' || ch === ';' || (ch === '&' && script[i + 1] !== '&')) {
      tokens.push({ op: ';' })
      i++
    } else if (ch === '&' || (ch === '|' && script[i + 1] === '|')) {
      tokens.push({ op: ch === '&' ? '&&' : '||' })
      i += 2
    } else if (ch === '|') {
      tokens.push({ op: '|' })
      i++
    } else if (ch === '>' || (/[0-9]/.test(ch) && script[i + 1] === '>')) {
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
  return tokens
}

function readRedirect(s: string, i: number, tokens: Token[]): number {
  let fd = 1
  if (s[i] !== '>') fd = Number(s[i++])
  i++
  const append = s[i] === '>'
  if (append) i++
  if (s[i] === '&' && /[0-9]/.test(s[i + 1] ?? '')) {
    tokens.push({ redirect: { fd, dup: Number(s[i + 1]) } })
    return i + 2
  }
  while (s[i] === ' ' || s[i] === '\t') i++
  const file: Word = []
  const end = readWord(s, i, file)
  if (end === i) throw new ShellSyntaxError('syntax error: unexpected redirection')
  tokens.push({ redirect: append ? { fd, file, append } : { fd, file } })
  return end
}

function readWord(s: string, i: number, word: Word): number {
  const lit = (text: string): void => {
    const last = word[word.length - 1]
    if (last && 'lit' in last) last.lit += text
    else word.push({ lit: text })
  }
  while (i < s.length && !' \t\n;&|>'.includes(s[i])) {
    const ch = s[i]
    if (ch === "'") {
      const end = s.indexOf("'", i + 1)
      if (end < 0) throw new ShellSyntaxError('Unterminated quoted string')
      lit(s.slice(i + 1, end))
      i = end + 1
    } else if (ch === '"') {
      i++
      while (i < s.length && s[i] !== '"') {
        if (s[i] === '\\' && i + 1 < s.length && '$`"\\\n'.includes(s[i + 1])) {
          lit(s[i + 1])
          i += 2
        } else if (s[i] === '$') {
          i = readVar(s, i, word, lit)
        } else lit(s[i++])
      }
      if (i >= s.length) throw new ShellSyntaxError('Unterminated quoted string')
      if (word.length === 0) lit('')
      i++
    } else if (ch === '\\') {
      lit(s[i + 1] ?? '')
      i += 2
    } else if (ch === '$') {
      i = readVar(s, i, word, lit)
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

function readVar(s: string, i: number, word: Word, lit: (text: string) => void): number {
  if (s[i + 1] === '(' && s[i + 2] === '(') {
    const end = closing(s, i + 1)
    if (s[end - 2] !== ')') throw new ShellSyntaxError('syntax error: bad arithmetic')
    word.push({ arith: s.slice(i + 3, end - 2) })
    return end
  }
  if (s[i + 1] === '(') {
    const end = closing(s, i + 1)
    word.push({ sub: s.slice(i + 2, end - 1) })
    return end
  }
  if (s[i + 1] === '{') {
    const end = s.indexOf('}', i + 2)
    if (end < 0) throw new ShellSyntaxError('bad substitution')
    word.push({ var: s.slice(i + 2, end) })
    return end + 1
  }
  if (s[i + 1] === '?' || s[i + 1] === '$') {
    word.push({ var: s[i + 1] })
    return i + 2
  }
  let j = i + 1
  while (j < s.length && nameChar.test(s[j])) j++
  if (j === i + 1) {
    lit('$')
    return i + 1
  }
  word.push({ var: s.slice(i + 1, j) })
  return j
}

/** Parses a script; throws ShellSyntaxError with sh's message. */
export function parseShell(script: string): ShellList {
  const tokens = tokenize(script)
  let pos = 0
  const keyword = (t: Token | undefined): string | undefined => (t && 'text' in t ? t.text : undefined)

  const parseList = (terminators: string[]): ShellList => {
    const list: ShellList = []
    let op: ';' | '&&' | '||' = ';'
    while (pos < tokens.length) {
      const t = tokens[pos]
      if ('op' in t) {
        if (t.op === '|' || (t.op !== ';' && (list.length === 0 || op !== ';'))) throw new ShellSyntaxError(`syntax error: unexpected "${t.op}"`)
        op = t.op === ';' ? ';' : t.op
        pos++
        continue
      }
      if ('text' in t && terminators.includes(t.text)) break
      list.push({ op: list.length ? op : ';', node: parseNode() })
      op = ';'
    }
    return list
  }

  const expect = (word: string): void => {
    if (keyword(tokens[pos]) !== word) throw new ShellSyntaxError(`syntax error: unexpected ${keyword(tokens[pos]) ? `"${keyword(tokens[pos])}"` : 'end of file'} (expecting "${word}")`)
    pos++
  }

  const parseNode = (): ShellNode => {
    const first = parseSimple()
    const commands = [first]
    while (pos < tokens.length && 'op' in tokens[pos] && (tokens[pos] as { op: string }).op === '|') {
      pos++
      commands.push(parseSimple())
    }
    return commands.length === 1 ? first : { type: 'pipeline', commands }
  }

  const parseSimple = (): ShellNode => {
    const first = keyword(tokens[pos])
    if (first === 'while' || first === 'until') {
      pos++
      const condition = parseList(['do'])
      expect('do')
      const body = parseList(['done'])
      expect('done')
      return { type: 'loop', until: first === 'until', condition, body }
    }
    if (first === 'if') {
      pos++
      const branches: { condition: ShellList; body: ShellList }[] = []
      let otherwise: ShellList | undefined
      for (;;) {
        const condition = parseList(['then'])
        expect('then')
        branches.push({ condition, body: parseList(['elif', 'else', 'fi']) })
        const next = keyword(tokens[pos])
        pos++
        if (next === 'elif') continue
        if (next === 'else') {
          otherwise = parseList(['fi'])
          expect('fi')
        } else if (next !== 'fi') throw new ShellSyntaxError(`syntax error: unexpected end of file (expecting "fi")`)
        return { type: 'if', branches, otherwise }
      }
    }
    if (first && ['do', 'done', 'then', 'elif', 'else', 'fi'].includes(first)) throw new ShellSyntaxError(`syntax error: unexpected "${first}"`)
    const words: Word[] = []
    const redirects: Redirect[] = []
    while (pos < tokens.length) {
      const t = tokens[pos]
      if ('op' in t) break
      if ('redirect' in t) redirects.push(t.redirect)
      else words.push(t.word)
      pos++
    }
    if (!words.length && !redirects.length) throw new ShellSyntaxError(`syntax error: unexpected ${pos < tokens.length ? `"${(tokens[pos] as { op: string }).op}"` : 'end of file'}`)
    return { type: 'command', words, redirects }
  }

  const list = parseList([])
  if (pos < tokens.length) throw new ShellSyntaxError(`syntax error: unexpected "${keyword(tokens[pos])}"`)
  return list
}
