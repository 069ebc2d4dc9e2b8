import type { Clock } from '../../clock/types'
import type { ContainerFiles, ExecContext } from '../../world/types'
import { imageRoot } from './file-system'
import { programContext, type ProgramContext } from './process'
import { podHostname } from './pod-hostname'

/**
 * The small programs every image of the tutorials has (busybox's applets):
 * echo, true, false, hostname, env, printenv, sleep, ls. Each writes what
 * busybox writes and returns its exit status.
 */

export function echo(ctx: ExecContext): number {
  let args = ctx.argv.slice(1)
  let newline = true
  let escapes = false
  while (args.length && /^-[neE]+$/.test(args[0])) {
    for (const flag of args[0].slice(1)) {
      if (flag === 'n') newline = false
      else escapes = flag === 'e'
    }
    args = args.slice(1)
  }
  let text = args.join(' ')
  if (escapes) text = text.replace(/\\([ntr\\])/g, (_m, c: string) => ({ n: '\n', t: '\t', r: '\r', '\\': '\\' })[c] ?? c)
  ctx.stdout(newline ? `${text}\n` : text)
  return 0
}

/** The pod's hostname, as the kubelet set its UTS namespace. */
export function hostname(ctx: ExecContext): number {
  ctx.stdout(`${podHostname(ctx.pod)}\n`)
  return 0
}

export function printenv(clock: Clock) {
  return (exec: ExecContext): number => {
    const ctx = programContext(exec, clock)
    const names = ctx.argv.slice(1).filter((a) => a !== '--')
    if (ctx.argv[0].split('/').pop() === 'env' && names.length) {
      // `env NAME=value cmd` is not simulated; `env` alone lists the environment.
      ctx.stderr(`env: can't execute '${names[0]}': No such file or directory\n`)
      return 127
    }
    if (!names.length) {
      ctx.stdout(Object.entries(ctx.env).map(([k, v]) => `${k}=${v}\n`).join(''))
      return 0
    }
    let code = 0
    for (const name of names) {
      if (name in ctx.env) ctx.stdout(`${ctx.env[name]}\n`)
      else code = 1
    }
    return code
  }
}

const units: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }

/** Seconds from busybox sleep's argument (`5`, `0.5`, `2m`, `infinity`); undefined when unreadable. */
export function sleepSeconds(arg: string): number | undefined {
  if (arg === 'infinity' || arg === 'inf') return Infinity
  const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(arg)
  return m ? Number(m[1]) * units[m[2]] : undefined
}

/** `sleep N`: waits on the cluster clock; a kill ends it early. */
export function sleep(clock: Clock) {
  return (exec: ExecContext): Promise<number> | number => {
    const ctx: ProgramContext = programContext(exec, clock)
    const args = ctx.argv.slice(1)
    if (!args.length) {
      ctx.stderr('BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: sleep [N]...\n\nPause for a time equal to the total of the args given, where each arg can\nhave an optional suffix of (s)econds, (m)inutes, (h)ours, or (d)ays\n')
      return 1
    }
    let seconds = 0
    for (const arg of args) {
      const s = sleepSeconds(arg)
      if (s === undefined) {
        ctx.stderr(`sleep: invalid number '${arg}'\n`)
        return 1
      }
      seconds += s
    }
    return new Promise<number>((resolve) => {
      const timer = Number.isFinite(seconds)
        ? ctx.clock.setTimeout(() => done(0), seconds * 1000, { background: ctx.background === true })
        : undefined
      const unsubscribe = ctx.kill.onKill(() => done(143))
      function done(code: number): void {
        timer?.cancel()
        unsubscribe()
        resolve(code)
      }
    })
  }
}

/** Whether the container's file system has a path (a directory, a file, or either). */
export function pathExists(fs: ContainerFiles, raw: string, kind: 'file' | 'dir' | 'any'): boolean {
  const dir = fs.list(raw) !== undefined
  if (kind === 'dir') return dir
  const file = !dir && isFile(fs, raw)
  return kind === 'file' ? file : dir || file
}

/** A file is listed in its directory (the image's own files are listed though their contents are not modelled). */
function isFile(fs: ContainerFiles, raw: string): boolean {
  if (fs.read(raw) !== undefined) return true
  const path = raw.replace(/\/+$/, '')
  const slash = path.lastIndexOf('/')
  return slash >= 0 && !!fs.list(path.slice(0, slash) || '/')?.includes(path.slice(slash + 1))
}

/** `ls [path...]`: one name a line, as busybox ls writes to a pipe. */
export function ls(ctx: ExecContext): number {
  const fs = ctx.files ?? imageRoot
  const paths = ctx.argv.slice(1).filter((a) => !a.startsWith('-'))
  let code = 0
  const targets = paths.length ? paths : ['/']
  for (const [i, raw] of targets.entries()) {
    const entries = fs.list(raw)
    if (entries) {
      if (targets.length > 1) ctx.stdout(`${i ? '\n' : ''}${raw}:\n`)
      ctx.stdout(entries.map((e) => `${e}\n`).join(''))
    } else if (pathExists(fs, raw, 'file')) {
      ctx.stdout(`${raw}\n`)
    } else {
      ctx.stderr(`ls: ${raw}: No such file or directory\n`)
      code = 1
    }
  }
  return code
}

const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const two = (n: number): string => String(n).padStart(2, '0')

/** `date [-u] [+FORMAT]` at cluster time, in UTC (containers' default zone): `Thu Nov 26 13:35:16 UTC 2026`. */
export function date(clock: Clock) {
  return (exec: ExecContext): number => {
    const ctx = programContext(exec, clock)
    const d = new Date(ctx.clock.now())
    const fields: Record<string, string> = {
      Y: String(d.getUTCFullYear()),
      m: two(d.getUTCMonth() + 1),
      d: two(d.getUTCDate()),
      H: two(d.getUTCHours()),
      M: two(d.getUTCMinutes()),
      S: two(d.getUTCSeconds()),
      s: String(Math.floor(d.getTime() / 1000)),
      a: weekdays[d.getUTCDay()],
      b: monthNames[d.getUTCMonth()],
      e: String(d.getUTCDate()).padStart(2, ' '),
      Z: 'UTC',
      '%': '%'
    }
    fields.T = `${fields.H}:${fields.M}:${fields.S}`
    fields.F = `${fields.Y}-${fields.m}-${fields.d}`
    const format = ctx.argv.slice(1).find((a) => a.startsWith('+'))?.slice(1) ?? '%a %b %e %T %Z %Y'
    ctx.stdout(`${format.replace(/%(.)/g, (whole, f: string) => fields[f] ?? whole)}\n`)
    return 0
  }
}
