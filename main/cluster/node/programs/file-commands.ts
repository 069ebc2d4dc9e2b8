import type { ContainerFiles, ExecContext, FileError } from '../../world/types'
import { imageRoot } from './file-system'

/**
 * busybox's applets that change files: touch, mkdir, rm, cp, mv and tee.
 * They act on the container's file system (its writable layer and volumes,
 * file-system.ts) and fail with busybox's messages where the kernel refuses
 * (a ConfigMap volume is read-only, a directory is missing...).
 */

const strerror: Record<FileError, string> = {
  EROFS: 'Read-only file system',
  ENOENT: 'No such file or directory',
  EISDIR: 'Is a directory',
  EEXIST: 'File exists',
  ENOTDIR: 'Not a directory',
  EBUSY: 'Resource busy'
}

/** The file system to change: the image's root alone takes no writes. */
const filesOf = (ctx: ExecContext): ContainerFiles => ctx.files ?? imageRoot

/** Splits `-rf a b` into flags and operands (`--` ends the flags). */
function parse(argv: string[]): { flags: Set<string>; operands: string[] } {
  const flags = new Set<string>()
  const operands: string[] = []
  let done = false
  for (const arg of argv.slice(1)) {
    if (!done && arg === '--') done = true
    else if (!done && arg.startsWith('-') && arg.length > 1) for (const f of arg.slice(1)) flags.add(f)
    else operands.push(arg)
  }
  return { flags, operands }
}

const exists = (fs: ContainerFiles, path: string): boolean => fs.read(path) !== undefined || fs.list(path) !== undefined || isListed(fs, path)

/** An image file is listed in its directory though its content is not modelled. */
function isListed(fs: ContainerFiles, path: string): boolean {
  const p = path.replace(/\/+$/, '')
  const slash = p.lastIndexOf('/')
  return slash >= 0 && !!fs.list(p.slice(0, slash) || '/')?.includes(p.slice(slash + 1))
}

export function touch(ctx: ExecContext): number {
  const fs = filesOf(ctx)
  let code = 0
  for (const path of parse(ctx.argv).operands) {
    if (exists(fs, path)) continue
    const failed = fs.write ? fs.write(path, '', true) : 'EROFS'
    if (failed) {
      ctx.stderr(`touch: ${path}: ${strerror[failed]}\n`)
      code = 1
    }
  }
  return code
}

export function mkdir(ctx: ExecContext): number {
  const fs = filesOf(ctx)
  const { flags, operands } = parse(ctx.argv)
  let code = 0
  for (const path of operands) {
    const failed = fs.mkdir ? fs.mkdir(path, flags.has('p')) : 'EROFS'
    if (failed) {
      ctx.stderr(`mkdir: can't create directory '${path}': ${strerror[failed]}\n`)
      code = 1
    }
  }
  return code
}

export function rm(ctx: ExecContext): number {
  const fs = filesOf(ctx)
  const { flags, operands } = parse(ctx.argv)
  const recursive = flags.has('r') || flags.has('R')
  let code = 0
  for (const path of operands) {
    const failed = fs.remove ? fs.remove(path, recursive) : exists(fs, path) ? 'EROFS' : 'ENOENT'
    if (!failed || (failed === 'ENOENT' && flags.has('f'))) continue
    ctx.stderr(failed === 'EISDIR' ? `rm: '${path}' is a directory\n` : `rm: can't remove '${path}': ${strerror[failed]}\n`)
    code = 1
  }
  return code
}

/** `cp SRC DEST` / `cp SRC... DIR` for files (the image's own files have no content to copy). */
export function cp(ctx: ExecContext): number {
  return copy(ctx, 'cp', false)
}

/** `mv SRC DEST`: a copy, then the source removed. */
export function mv(ctx: ExecContext): number {
  return copy(ctx, 'mv', true)
}

function copy(ctx: ExecContext, name: string, move: boolean): number {
  const fs = filesOf(ctx)
  const { operands } = parse(ctx.argv)
  if (operands.length < 2) {
    ctx.stderr(`${name}: missing destination file operand after '${operands[0] ?? ''}'\n`)
    return 1
  }
  const dest = operands[operands.length - 1]
  const intoDir = fs.list(dest) !== undefined
  let code = 0
  for (const src of operands.slice(0, -1)) {
    const content = fs.read(src)
    if (content === undefined) {
      ctx.stderr(fs.list(src) !== undefined ? `${name}: omitting directory '${src}'\n` : `${name}: can't stat '${src}': No such file or directory\n`)
      code = 1
      continue
    }
    const target = intoDir ? `${dest.replace(/\/+$/, '')}/${src.slice(src.lastIndexOf('/') + 1)}` : dest
    const failed = (fs.write ? fs.write(target, content) : 'EROFS') ?? (move && fs.remove ? fs.remove(src) : undefined)
    if (failed) {
      ctx.stderr(`${name}: can't create '${target}': ${strerror[failed]}\n`)
      code = 1
    }
  }
  return code
}

/** `tee [-a] FILE...`: standard input to standard output and to each file. */
export async function tee(ctx: ExecContext): Promise<number> {
  const fs = filesOf(ctx)
  const { flags, operands } = parse(ctx.argv)
  let code = 0
  const open = operands.filter((path) => {
    const failed = fs.write ? fs.write(path, '', flags.has('a')) : 'EROFS'
    if (failed) {
      ctx.stderr(`tee: ${path}: ${strerror[failed]}\n`)
      code = 1
    }
    return !failed
  })
  for await (const chunk of ctx.stdin ?? []) {
    ctx.stdout(chunk)
    for (const path of open) fs.write!(path, chunk, true)
  }
  return code
}
