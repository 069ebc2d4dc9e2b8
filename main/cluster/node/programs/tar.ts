import { extract, pack } from 'tar-stream'
import type { Clock } from '../../clock/types'
import type { ContainerFiles, ExecContext } from '../../world/types'
import { imageRoot, normalPath } from './file-system'

/**
 * busybox tar, in the two forms `kubectl cp` runs in a container:
 * `tar cf - PATH...` writes the files and directories (recursively) to
 * standard output, and `tar -xmf - [-C DIR]` unpacks an archive from standard
 * input into DIR (the container's writable layer or a writable volume).
 * Archives are ustar (tar-stream). Compression is not offered.
 */
export function tar(clock: Clock) {
  return async (ctx: ExecContext): Promise<number> => {
    const args = parseTar(ctx.argv.slice(1))
    if (typeof args === 'string') {
      ctx.stderr(`tar: ${args}\n`)
      return 1
    }
    if (args.file !== '-') {
      ctx.stderr(`tar: can't open '${args.file}': No such file or directory\n`)
      return 1
    }
    const files = ctx.files ?? imageRoot
    return args.mode === 'create' ? create(ctx, files, args.paths, clock.now()) : unpack(ctx, files, args.dir)
  }
}

interface TarArgs {
  mode: 'create' | 'extract'
  file: string
  dir: string
  paths: string[]
}

/** `cf - a b`, `-xmf - -C /tmp`, `-c -f -`: bundled letters with or without a dash, `f` and `C` taking the next word. */
function parseTar(argv: string[]): TarArgs | string {
  let mode: TarArgs['mode'] | undefined
  let file = '-'
  let dir = '/'
  const paths: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const bundle = i === 0 && !arg.startsWith('-') ? arg : arg.startsWith('-') && !arg.startsWith('--') ? arg.slice(1) : undefined
    if (bundle === undefined) {
      paths.push(arg)
      continue
    }
    for (const letter of bundle) {
      if (letter === 'c') mode = 'create'
      else if (letter === 'x') mode = 'extract'
      else if (letter === 'f') file = argv[++i] ?? '-'
      else if (letter === 'C') dir = argv[++i] ?? '/'
      else if (letter === 'z' || letter === 'j' || letter === 'J') return `compression is not supported here (-${letter})`
      else if (!'mvpo'.includes(letter)) return `invalid option -- '${letter}'`
    }
  }
  if (!mode) return 'need -c, -x or -t'
  return { mode, file, dir, paths }
}

async function create(ctx: ExecContext, files: ContainerFiles, paths: string[], now: number): Promise<number> {
  if (!paths.length) {
    ctx.stderr('tar: empty archive\n')
    return 1
  }
  const archive = pack()
  const chunks: Buffer[] = []
  archive.on('data', (c: unknown) => void chunks.push(c as Buffer))
  const done = new Promise<void>((resolve, reject) => {
    archive.on('end', resolve)
    archive.on('error', reject)
  })
  let code = 0
  const mtime = new Date(now)
  const add = (path: string): void => {
    const name = normalPath(path).slice(1)
    const entries = files.list(path)
    if (entries) {
      archive.entry({ name: `${name}/`, type: 'directory', mode: 0o755, mtime })
      for (const entry of entries) add(`${normalPath(path)}/${entry}`.replace(/^\/\//, '/'))
      return
    }
    const content = files.read(path)
    if (content === undefined && !listed(files, path)) {
      ctx.stderr(`tar: ${path}: No such file or directory\n`)
      code = 1
      return
    }
    archive.entry({ name, mode: 0o644, mtime }, content ?? '')
  }
  for (const path of paths) {
    if (path.startsWith('/')) ctx.stderr("tar: removing leading '/' from member names\n")
    add(path)
  }
  archive.finalize()
  await done
  ctx.stdout(Buffer.concat(chunks).toString('utf8'))
  return code
}

/** An image file is listed in its directory though its content is not modelled. */
function listed(files: ContainerFiles, path: string): boolean {
  const p = normalPath(path)
  return !!files.list(p.slice(0, p.lastIndexOf('/')) || '/')?.includes(p.slice(p.lastIndexOf('/') + 1))
}

async function unpack(ctx: ExecContext, files: ContainerFiles, dir: string): Promise<number> {
  if (files.list(dir) === undefined) {
    ctx.stderr(`tar: can't change directory to '${dir}': No such file or directory\n`)
    return 1
  }
  let input = ''
  for await (const chunk of ctx.stdin ?? []) input += chunk
  const reader = extract()
  reader.end(Buffer.from(input, 'utf8'))
  let code = 0
  try {
    for await (const entry of reader) {
      const target = normalPath(`${dir}/${entry.header.name}`)
      const parts: Buffer[] = []
      for await (const part of entry) parts.push(part as Buffer)
      const failed =
        entry.header.type === 'directory'
          ? files.mkdir ? files.mkdir(target, true) : 'EROFS'
          : files.mkdir && files.write
            ? (files.mkdir(target.slice(0, target.lastIndexOf('/')) || '/', true) ?? files.write(target, Buffer.concat(parts).toString('utf8')))
            : 'EROFS'
      if (failed) {
        ctx.stderr(`tar: can't open '${entry.header.name}': ${failed === 'EROFS' ? 'Read-only file system' : 'No such file or directory'}\n`)
        code = 1
      }
    }
  } catch {
    ctx.stderr('tar: short read\n')
    return 1
  }
  return code
}
