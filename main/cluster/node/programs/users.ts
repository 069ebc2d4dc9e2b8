import type { Pod } from 'kubernetes-types/core/v1'
import type { ExecContext } from '../../world/types'
import { containerSpec } from '../pod-containers'
import { parseOptions, showUsage } from './usage'
import { etcGroup, etcPasswd } from './etc-files'

/**
 * Who a container's processes run as, and `id` and `whoami` that say it as
 * busybox does: uid and gid from the container's securityContext (else the
 * pod's; else root, the busybox image's user), names from the busybox
 * image's /etc/passwd and /etc/group, and the supplementary groups the
 * runtime gives: the user's groups in /etc/group (root is in wheel), the
 * pod's fsGroup and supplementalGroups.
 */

const records = (text: string): string[][] => text.trim().split('\n').map((l) => l.split(':'))
const users: Record<number, string> = Object.fromEntries(records(etcPasswd).map((f) => [Number(f[2]), f[0]]))
const groups: Record<number, string> = Object.fromEntries(records(etcGroup).map((f) => [Number(f[2]), f[0]]))
/** A user's primary group in /etc/passwd. */
const primaryGroup: Record<number, number> = Object.fromEntries(records(etcPasswd).map((f) => [Number(f[2]), Number(f[3])]))
/** The groups /etc/group lists each user in. */
const memberOf: Record<number, number[]> = {}
for (const [, , gid, members] of records(etcGroup)) {
  for (const member of members ? members.split(',') : []) {
    const uid = Number(Object.entries(users).find(([, n]) => n === member)?.[0] ?? NaN)
    if (!Number.isNaN(uid)) (memberOf[uid] ??= []).push(Number(gid))
  }
}

export interface ProcessUser {
  uid: number
  gid: number
  groups: number[]
}

/** The uid, gid and groups of a container's processes. */
export function processUser(pod: Pod, container: string): ProcessUser {
  const own = containerSpec(pod, container)?.securityContext
  const podContext = pod.spec?.securityContext
  const uid = own?.runAsUser ?? podContext?.runAsUser ?? 0
  const gid = own?.runAsGroup ?? podContext?.runAsGroup ?? primaryGroup[uid] ?? 0
  const extra = [...(memberOf[uid] ?? []), ...(podContext?.fsGroup !== undefined ? [podContext.fsGroup] : []), ...(podContext?.supplementalGroups ?? [])]
  return { uid, gid, groups: [...new Set([gid, ...extra])] }
}

/** The name of a user, as busybox shows it. */
export function userName(uid: number): string | undefined {
  return users[uid]
}

const named = (id: number, names: Record<number, string>): string => (names[id] ? `${id}(${names[id]})` : String(id))

const idUsage = `id [-ugGnr] [USER]

Print information about USER or the current user

	-u	User ID
	-g	Group ID
	-G	Supplementary group IDs
	-n	Print names instead of numbers
	-r	Print real ID instead of effective ID`

export function id(ctx: ExecContext): number {
  const { flags, operands, bad } = parseOptions(ctx.argv, 'ugGnr')
  if (bad || operands.length > 1) {
    if (bad) ctx.stderr(`id: ${bad}\n`)
    return showUsage(ctx, idUsage)
  }
  let user = processUser(ctx.pod, ctx.container)
  if (operands.length) {
    const uid = Number(Object.entries(users).find(([, name]) => name === operands[0])?.[0] ?? NaN)
    if (Number.isNaN(uid)) {
      ctx.stderr(`id: unknown user ${operands[0]}\n`)
      return 1
    }
    user = { uid, gid: primaryGroup[uid] ?? 0, groups: [primaryGroup[uid] ?? 0, ...(memberOf[uid] ?? [])] }
  }
  const pick = (id: number, names: Record<number, string>): string => (flags.has('n') ? (names[id] ?? String(id)) : String(id))
  if (flags.has('u')) ctx.stdout(`${pick(user.uid, users)}\n`)
  else if (flags.has('g')) ctx.stdout(`${pick(user.gid, groups)}\n`)
  else if (flags.has('G')) ctx.stdout(`${user.groups.map((g) => pick(g, groups)).join(' ')}\n`)
  else ctx.stdout(`uid=${named(user.uid, users)} gid=${named(user.gid, groups)} groups=${user.groups.map((g) => named(g, groups)).join(',')}\n`)
  return 0
}

export function whoami(ctx: ExecContext): number {
  const { uid } = processUser(ctx.pod, ctx.container)
  const name = userName(uid)
  if (!name) {
    ctx.stderr(`whoami: unknown uid ${uid}\n`)
    return 1
  }
  ctx.stdout(`${name}\n`)
  return 0
}
