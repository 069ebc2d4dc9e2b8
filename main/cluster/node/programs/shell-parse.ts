import { ShellSyntaxError, tokenize, type Redirect, type Token, type Word } from './shell-lex'

/**
 * The part of POSIX sh grammar simulated shells need for tutorials'
 * `sh -c` lines (words and operators: shell-lex.ts): commands, pipelines
 * (`a | b`, `! a`), lists joined by `;`, `&&`, `||`, `&` and newlines,
 * `while`/`until` and `for` loops, `if`/`elif`/`else`, `case ... esac`,
 * `{ list; }` and `( list )`, functions (`name() { ...; }`), and
 * redirections after any of them (`while read l; do ...; done < file`).
 */

export { ShellSyntaxError, type Redirect, type Word, type WordPart } from './shell-lex'

export type ShellNode =
  | { type: 'command'; words: Word[]; redirects: Redirect[] }
  | { type: 'pipeline'; commands: ShellNode[]; negate?: boolean }
  | { type: 'loop'; until: boolean; condition: ShellList; body: ShellList }
  | { type: 'for'; name: string; words?: Word[]; body: ShellList }
  | { type: 'if'; branches: { condition: ShellList; body: ShellList }[]; otherwise?: ShellList }
  | { type: 'case'; word: Word; items: { patterns: Word[]; body: ShellList }[] }
  | { type: 'group'; body: ShellList; subshell: boolean }
  | { type: 'function'; name: string; body: ShellNode }
  | { type: 'redirected'; node: ShellNode; redirects: Redirect[] }

/** Commands in order; `op` joins an item to the one before (`;` for the first). */
export type ShellList = { op: ';' | '&&' | '||'; node: ShellNode }[]

const reserved = ['do', 'done', 'then', 'elif', 'else', 'fi', 'esac', '}', 'in']

/** Parses a script; throws ShellSyntaxError with sh's message. */
export function parseShell(script: string): ShellList {
  const tokens = tokenize(script)
  let pos = 0
  const text = (t: Token | undefined): string | undefined => (t && 'text' in t ? t.text : undefined)
  const op = (t: Token | undefined): string | undefined => (t && 'op' in t ? t.op : undefined)
  const shown = (t: Token | undefined): string => {
    if (!t) return 'end of file'
    if ('op' in t) return `"${t.op}"`
    return 'text' in t ? `"${t.text}"` : 'redirection'
  }
  const skipSeparators = (): void => {
    while (op(tokens[pos]) === ';') pos++
  }

  const parseList = (terminators: string[]): ShellList => {
    const list: ShellList = []
    let joiner: ';' | '&&' | '||' = ';'
    while (pos < tokens.length) {
      const t = tokens[pos]
      const o = op(t)
      if (o === ')' || o === ';;') break
      if (o && o !== '(') {
        if (o === '|' || (o !== ';' && (list.length === 0 || joiner !== ';'))) throw new ShellSyntaxError(`syntax error: unexpected "${o}"`)
        joiner = o === ';' ? ';' : (o as '&&' | '||')
        pos++
        continue
      }
      if (terminators.includes(text(t) ?? '')) break
      list.push({ op: list.length ? joiner : ';', node: parsePipeline() })
      joiner = ';'
    }
    return list
  }

  const expect = (word: string): void => {
    skipSeparators()
    if (text(tokens[pos]) !== word) throw new ShellSyntaxError(`syntax error: unexpected ${shown(tokens[pos])} (expecting "${word}")`)
    pos++
  }

  const parsePipeline = (): ShellNode => {
    const negate = text(tokens[pos]) === '!'
    if (negate) pos++
    const commands = [parseCommand()]
    while (op(tokens[pos]) === '|') {
      pos++
      skipSeparators()
      commands.push(parseCommand())
    }
    return commands.length === 1 && !negate ? commands[0] : { type: 'pipeline', commands, negate }
  }

  /** A compound command with the redirections written after it. */
  const withRedirects = (node: ShellNode): ShellNode => {
    const redirects: Redirect[] = []
    while (pos < tokens.length && 'redirect' in tokens[pos]) redirects.push((tokens[pos++] as { redirect: Redirect }).redirect)
    return redirects.length ? { type: 'redirected', node, redirects } : node
  }

  const parseCommand = (): ShellNode => {
    const first = text(tokens[pos])
    if (first === 'while' || first === 'until') {
      pos++
      const condition = parseList(['do'])
      expect('do')
      const body = parseList(['done'])
      expect('done')
      return withRedirects({ type: 'loop', until: first === 'until', condition, body })
    }
    if (first === 'for') return withRedirects(parseFor())
    if (first === 'if') return withRedirects(parseIf())
    if (first === 'case') return withRedirects(parseCase())
    if (first === '{') {
      pos++
      const body = parseList(['}'])
      expect('}')
      return withRedirects({ type: 'group', body, subshell: false })
    }
    if (op(tokens[pos]) === '(') {
      pos++
      const body = parseList([])
      if (op(tokens[pos]) !== ')') throw new ShellSyntaxError(`syntax error: unexpected ${shown(tokens[pos])} (expecting ")")`)
      pos++
      return withRedirects({ type: 'group', body, subshell: true })
    }
    if (first && reserved.includes(first)) throw new ShellSyntaxError(`syntax error: unexpected "${first}"`)
    if (first && op(tokens[pos + 1]) === '(' && op(tokens[pos + 2]) === ')') {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(first)) throw new ShellSyntaxError(`syntax error: bad function name`)
      pos += 3
      skipSeparators()
      return { type: 'function', name: first, body: parseCommand() }
    }
    const words: Word[] = []
    const redirects: Redirect[] = []
    while (pos < tokens.length) {
      const t = tokens[pos]
      if ('op' in t) break
      if ('redirect' in t) redirects.push(t.redirect)
      else words.push(t.word)
      pos++
    }
    if (!words.length && !redirects.length) throw new ShellSyntaxError(`syntax error: unexpected ${shown(tokens[pos])}`)
    return { type: 'command', words, redirects }
  }

  const parseFor = (): ShellNode => {
    pos++
    const name = text(tokens[pos])
    if (!name || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new ShellSyntaxError(`syntax error: bad for loop variable`)
    pos++
    let words: Word[] | undefined
    skipSeparators()
    if (text(tokens[pos]) === 'in') {
      pos++
      words = []
      while (pos < tokens.length && 'word' in tokens[pos]) words.push((tokens[pos++] as { word: Word }).word)
      if (pos < tokens.length && op(tokens[pos]) !== ';') throw new ShellSyntaxError(`syntax error: unexpected ${shown(tokens[pos])}`)
    }
    expect('do')
    const body = parseList(['done'])
    expect('done')
    return { type: 'for', name, words, body }
  }

  const parseIf = (): ShellNode => {
    pos++
    const branches: { condition: ShellList; body: ShellList }[] = []
    for (;;) {
      const condition = parseList(['then'])
      expect('then')
      branches.push({ condition, body: parseList(['elif', 'else', 'fi']) })
      const next = text(tokens[pos])
      if (next !== 'elif' && next !== 'else' && next !== 'fi') throw new ShellSyntaxError(`syntax error: unexpected ${shown(tokens[pos])} (expecting "fi")`)
      pos++
      if (next === 'elif') continue
      let otherwise: ShellList | undefined
      if (next === 'else') {
        otherwise = parseList(['fi'])
        expect('fi')
      }
      return { type: 'if', branches, otherwise }
    }
  }

  const parseCase = (): ShellNode => {
    pos++
    const t = tokens[pos]
    if (!t || !('word' in t)) throw new ShellSyntaxError(`syntax error: unexpected ${shown(t)}`)
    pos++
    expect('in')
    const items: { patterns: Word[]; body: ShellList }[] = []
    for (;;) {
      skipSeparators()
      if (text(tokens[pos]) === 'esac') {
        pos++
        return { type: 'case', word: t.word, items }
      }
      if (op(tokens[pos]) === '(') pos++
      const patterns: Word[] = []
      for (;;) {
        const p = tokens[pos]
        if (!p || !('word' in p)) throw new ShellSyntaxError(`syntax error: unexpected ${shown(p)} (expecting ")")`)
        patterns.push(p.word)
        pos++
        if (op(tokens[pos]) !== '|') break
        pos++
      }
      if (op(tokens[pos]) !== ')') throw new ShellSyntaxError(`syntax error: unexpected ${shown(tokens[pos])} (expecting ")")`)
      pos++
      items.push({ patterns, body: parseList(['esac']) })
      if (op(tokens[pos]) === ';;') pos++
      else if (text(tokens[pos]) !== 'esac') throw new ShellSyntaxError(`syntax error: unexpected ${shown(tokens[pos])} (expecting "esac")`)
    }
  }

  const list = parseList([])
  if (pos < tokens.length) throw new ShellSyntaxError(`syntax error: unexpected ${shown(tokens[pos])}`)
  return list
}
