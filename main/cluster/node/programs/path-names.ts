import type { ExecCommands, ExecContext } from '../../world/types'
import { showUsage } from './usage'

/**
 * `basename`, `dirname` and `which`, as busybox answers them. Every program
 * of the simulated userland is a busybox applet, installed in /bin as the
 * busybox image installs them.
 */

export function basename(ctx: ExecContext): number {
  const args = ctx.argv.slice(1)
  if (!args.length || args.length > 2) return showUsage(ctx, 'basename FILE [SUFFIX]\n\nStrip directory path and SUFFIX from FILE')
  const path = args[0].replace(/\/+$/, '')
  let base = path === '' ? (args[0] ? '/' : '') : path.slice(path.lastIndexOf('/') + 1)
  const suffix = args[1]
  if (suffix && base !== suffix && base.endsWith(suffix)) base = base.slice(0, -suffix.length)
  ctx.stdout(`${base}\n`)
  return 0
}

export function dirname(ctx: ExecContext): number {
  const args = ctx.argv.slice(1)
  if (args.length !== 1) return showUsage(ctx, 'dirname FILENAME\n\nStrip non-directory suffix from FILENAME')
  const path = args[0].replace(/(.)\/+$/, '$1')
  const slash = path.lastIndexOf('/')
  const dir = slash < 0 ? '.' : path.slice(0, slash).replace(/(.)\/+$/, '$1') || '/'
  ctx.stdout(`${dir}\n`)
  return 0
}

/** `which [-a] COMMAND...`: where each program is (/bin/NAME); status 1 when one is missing. */
export function which(commands: ExecCommands) {
  return (ctx: ExecContext): number => {
    const names = ctx.argv.slice(1).filter((a) => a !== '-a')
    if (!names.length) return showUsage(ctx, 'which [-a] COMMAND...\n\nLocate COMMAND')
    let code = 0
    for (const name of names) {
      const base = name.split('/').pop() ?? ''
      if (base && commands.lookup(base) && (!name.includes('/') || name === `/bin/${base}` || name === `/usr/bin/${base}`)) ctx.stdout(`${name.includes('/') ? name : `/bin/${name}`}\n`)
      else code = 1
    }
    return code
  }
}
