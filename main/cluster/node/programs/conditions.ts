import type { ExecContext } from '../../world/types'
import { pathExists } from './basic'
import { imageRoot } from './file-system'

/**
 * `test` and `[`, as busybox evaluates the expressions scripts use: string
 * tests (`-z`, `-n`, `=`, `!=`), integer comparisons (`-eq`, `-ne`, `-lt`,
 * `-le`, `-gt`, `-ge`), `!`, and file tests against the container's file
 * system (its image's root and its volumes). Status 0 true, 1 false, 2 a usage error.
 */
export function testProgram() {
  return (ctx: ExecContext): number => {
    const fs = ctx.files ?? imageRoot
    const exists = (path: string, kind: 'file' | 'dir' | 'any'): boolean => pathExists(fs, path, kind)
    const name = ctx.argv[0].slice(ctx.argv[0].lastIndexOf('/') + 1)
    let args = ctx.argv.slice(1)
    if (name === '[') {
      if (args[args.length - 1] !== ']') {
        ctx.stderr('[: missing ]\n')
        return 2
      }
      args = args.slice(0, -1)
    }
    try {
      return evaluate(args, exists) ? 0 : 1
    } catch (e) {
      ctx.stderr(`${name}: ${(e as Error).message}\n`)
      return 2
    }
  }
}

const integerOps: Record<string, (a: number, b: number) => boolean> = {
  '-eq': (a, b) => a === b,
  '-ne': (a, b) => a !== b,
  '-lt': (a, b) => a < b,
  '-le': (a, b) => a <= b,
  '-gt': (a, b) => a > b,
  '-ge': (a, b) => a >= b
}

function integer(s: string): number {
  if (!/^\s*[+-]?\d+\s*$/.test(s)) throw new Error(`invalid number '${s}'`)
  return Number(s)
}

function evaluate(args: string[], exists: (path: string, kind: 'file' | 'dir' | 'any') => boolean): boolean {
  if (args[0] === '!' && args.length > 1) return !evaluate(args.slice(1), exists)
  switch (args.length) {
    case 0:
      return false
    case 1:
      return args[0] !== ''
    case 2: {
      const [op, v] = args
      if (op === '-z') return v === ''
      if (op === '-n') return v !== ''
      if (op === '-f') return exists(v, 'file')
      if (op === '-d') return exists(v, 'dir')
      if (op === '-e') return exists(v, 'any')
      throw new Error(`${op}: unknown operand`)
    }
    case 3: {
      const [a, op, b] = args
      if (op === '=' || op === '==') return a === b
      if (op === '!=') return a !== b
      const compare = integerOps[op]
      if (compare) return compare(integer(a), integer(b))
      throw new Error(`${op}: unknown operand`)
    }
    default:
      throw new Error('syntax error')
  }
}
