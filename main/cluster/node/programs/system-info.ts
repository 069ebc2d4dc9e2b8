import type { ExecContext } from '../../world/types'
import { nodeCapacity, nodeSystemInfo } from '../kubelet/node-info'
import { tryParseQuantity } from '../../apimachinery/quantity'
import { podHostname } from './pod-hostname'
import { parseOptions, showUsage } from './usage'

/**
 * What a container learns of the machine it runs on, as busybox reports it:
 * `uname` (the node's kernel, as the kubelet reports it in
 * node.status.nodeInfo; the pod's hostname), `nproc` and `free`, which are
 * not cgroup-aware and so show the node (its capacity: 4 CPUs, 8 GiB), and
 * `df` (the container's overlay root on the node's disk, its /dev and
 * /dev/shm tmpfs). The node's used memory and disk are not simulated: they
 * are the fixed figures of an idle kind node below.
 */

/** An idle kind node's use: memory (kB) of its system and control-plane processes, page cache, shared; disk (1K blocks) of its image and images. */
const idleNode = { memoryUsedKiB: 1_203_960, sharedKiB: 20_744, cacheKiB: 1_777_768, diskUsedKiB: 12_582_912 }

/** The node's kernel release, and the build string Ubuntu's kernels of that release report. */
function kernel(): { release: string; version: string } {
  const release = nodeSystemInfo('', '').kernelVersion
  const abi = /-(\d+)-/.exec(release)?.[1] ?? '1'
  return { release, version: `#${abi}-Ubuntu SMP PREEMPT_DYNAMIC Sat Nov  9 17:58:29 UTC 2024` }
}

const unameUsage = `uname [-amnrspvio]

Print system information

	-a	Print all
	-m	Machine (hardware) type
	-n	Hostname
	-r	Kernel release
	-s	Kernel name (default)
	-p	Processor type
	-v	Kernel version
	-i	Hardware platform
	-o	OS name`

export function uname(ctx: ExecContext): number {
  const { flags, operands, bad } = parseOptions(ctx.argv, 'amnrspvio')
  if (bad || operands.length) {
    if (bad) ctx.stderr(`uname: ${bad}\n`)
    return showUsage(ctx, unameUsage)
  }
  const all = flags.has('a')
  const { release, version } = kernel()
  const parts: [string, string][] = [
    ['s', 'Linux'],
    ['n', podHostname(ctx.pod)],
    ['r', release],
    ['v', version],
    ['m', 'x86_64'],
    ['p', 'unknown'],
    ['i', 'unknown'],
    ['o', 'GNU/Linux']
  ]
  const shown = parts.filter(([f]) => (all && !'pi'.includes(f)) || flags.has(f))
  ctx.stdout(`${(shown.length ? shown : parts.slice(0, 1)).map(([, v]) => v).join(' ')}\n`)
  return 0
}

/** `nproc`: the CPUs the process may run on (the node's; cgroup CPU limits do not change it). */
export function nproc(ctx: ExecContext): number {
  ctx.stdout(`${nodeCapacity.cpu}\n`)
  return 0
}

const kib = (quantity: string): number => Math.floor((tryParseQuantity(quantity)?.scaledValue(0) ?? 0) / 1024)

/** `free [-b|-k|-m|-g|-h]`: the node's memory (free reads /proc/meminfo, which a container's cgroup does not change). */
export function free(ctx: ExecContext): number {
  const flag = ctx.argv[1]
  if (ctx.argv.length > 2 || (flag !== undefined && !/^-[bkmgh]$/.test(flag))) return showUsage(ctx, 'free [-bkmgh]\n\nDisplay free and used memory')
  const total = kib(nodeCapacity.memory)
  const used = idleNode.memoryUsedKiB
  const cache = idleNode.cacheKiB
  const mem = [total, used, total - used - cache, idleNode.sharedKiB, cache, total - used]
  const unit = flag?.[1] ?? 'k'
  const show = (k: number): string => {
    if (unit === 'h') return human(k * 1024)
    const shift = { b: -10, k: 0, m: 10, g: 20 }[unit] ?? 0
    return String(shift < 0 ? k * 1024 : Math.floor(k / 2 ** shift))
  }
  const row = (label: string, values: number[]): string => `${label.padEnd(7)}${values.map((v) => show(v).padStart(12)).join('')}\n`
  ctx.stdout(`${' '.repeat(7)}${['total', 'used', 'free', 'shared', 'buff/cache', 'available'].map((h) => h.padStart(12)).join('')}\n${row('Mem:', mem)}${row('Swap:', [0, 0, 0])}`)
  return 0
}

/** busybox's human-readable size: one decimal below 10 of a unit, none above (`97.9G`, `64.0M`, `0`). */
function human(bytes: number): string {
  if (bytes === 0) return '0'
  const units = ['', 'K', 'M', 'G', 'T', 'P']
  let v = bytes
  let u = 0
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024
    u++
  }
  return u === 0 ? String(v) : `${v.toFixed(1)}${units[u]}`
}

/** `df [-h] [-k]`: the container's root (the node's disk under an overlay) and its /dev and /dev/shm tmpfs. */
export function df(ctx: ExecContext): number {
  const { flags, bad } = parseOptions(ctx.argv, 'hkPTaim', 't')
  if (bad) {
    ctx.stderr(`df: ${bad}\n`)
    return showUsage(ctx, 'df [-PkmhT] [-t TYPE] [FILESYSTEM]...\n\nPrint filesystem usage statistics')
  }
  const disk = kib(nodeCapacity['ephemeral-storage'])
  const mounts: [string, number, number, string][] = [
    ['overlay', disk, idleNode.diskUsedKiB, '/'],
    ['tmpfs', 65_536, 0, '/dev'],
    ['shm', 65_536, 0, '/dev/shm']
  ]
  const humanSizes = flags.has('h')
  const header = humanSizes ? 'Filesystem                Size      Used Available Use% Mounted on' : 'Filesystem           1K-blocks      Used Available Use% Mounted on'
  const size = (k: number): string => (humanSizes ? human(k * 1024) : String(k)).padStart(9)
  const rows = mounts.map(([fs, blocks, used, at]) => {
    const available = blocks - used
    const percent = blocks ? Math.ceil((used * 100) / (used + available)) : 0
    return `${fs.padEnd(20)} ${size(blocks)} ${size(used)} ${size(available)} ${String(percent).padStart(3)}% ${at}\n`
  })
  ctx.stdout(`${header}\n${rows.join('')}`)
  return 0
}
