import type { ContainerFiles } from '../../world/types'
import { patternRegExp } from './shell-expand'

/**
 * Pathname expansion, as ash does it after field splitting: a field with an
 * unquoted `*`, `?` or `[...]` becomes the sorted paths of the container's
 * files it matches, one directory level per `/`-separated part (names
 * starting with `.` only when the part does too); a field that matches
 * nothing stays as written.
 */

/** Whether a pattern (quoted characters escaped with `\`) has an unescaped glob character. */
export function hasGlob(pattern: string): boolean {
  return /(^|[^\\])(\\\\)*[*?[]/.test(pattern)
}

const unescape = (part: string): string => part.replace(/\\(.)/g, '$1')

/** The paths matching `pattern`, relative ones from `cwd`; undefined when none does. */
export function glob(pattern: string, files: ContainerFiles, cwd: string): string[] | undefined {
  const absolute = pattern.startsWith('/')
  const parts = pattern.split('/').filter(Boolean)
  // Each candidate: the path as the result shows it, and the directory it names in the file system.
  let candidates: { shown: string; at: string }[] = [{ shown: absolute ? '/' : '', at: absolute ? '/' : cwd }]
  const join = (a: string, b: string): string => (a === '' ? b : a.endsWith('/') ? `${a}${b}` : `${a}/${b}`)
  for (const part of parts) {
    const next: { shown: string; at: string }[] = []
    for (const c of candidates) {
      if (!hasGlob(part)) {
        next.push({ shown: join(c.shown, unescape(part)), at: join(c.at, unescape(part)) })
        continue
      }
      const re = patternRegExp(part)
      for (const name of files.list(c.at) ?? []) {
        if (name.startsWith('.') && !part.startsWith('.')) continue
        if (re.test(name)) next.push({ shown: join(c.shown, name), at: join(c.at, name) })
      }
    }
    candidates = next
  }
  const exists = (path: string): boolean => {
    if (files.list(path) !== undefined || files.read(path) !== undefined) return true
    const slash = path.lastIndexOf('/')
    return !!files.list(path.slice(0, slash) || '/')?.includes(path.slice(slash + 1))
  }
  const found = candidates.filter((c) => exists(c.at)).map((c) => c.shown + (pattern.endsWith('/') ? '/' : ''))
  return found.length ? found.sort() : undefined
}
