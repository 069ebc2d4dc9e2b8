import type { ExecContext } from '../../world/types'
import { containerSpec } from '../pod-containers'
import { imageName } from './images'
import { processUser, userName } from './users'

/**
 * `ps`, as busybox lists a container's processes (`PID   USER     TIME  COMMAND`):
 * PID 1 is the container's main process, its command line from the
 * container's command and args, else the image's own (the busybox-like
 * images' `sh`; servers by the name ps shows them under), and the ps itself
 * last. Each ps of a container gets the next PID, as a new process does.
 * Other processes (an exec's shell, earlier execs still running) are not
 * tracked, so they are not listed.
 */

/** What ps shows for the main process of an image run without command or args. */
const imageCommands: Record<string, string> = {
  nginx: 'nginx: master process nginx -g daemon off;',
  redis: 'redis-server *:6379',
  httpd: 'httpd -DFOREGROUND',
  postgres: 'postgres',
  mysql: 'mysqld',
  coredns: '/coredns -conf /etc/coredns/Corefile'
}

const lastPid = new Map<string, number>()

export function ps(ctx: ExecContext): number {
  const spec = containerSpec(ctx.pod, ctx.container)
  const argv = [...(spec?.command ?? []), ...(spec?.args ?? [])]
  const image = imageName(spec?.image ?? '')
  const main = argv.length ? argv.join(' ') : (imageCommands[image] ?? 'sh')
  const key = `${ctx.pod.metadata?.uid ?? ctx.pod.metadata?.name}/${ctx.container}`
  const pid = (lastPid.get(key) ?? 6) + 1
  lastPid.delete(key)
  lastPid.set(key, pid)
  // Remember the containers ps ran in lately, not every container ever.
  if (lastPid.size > 1000) lastPid.delete(lastPid.keys().next().value!)
  const { uid } = processUser(ctx.pod, ctx.container)
  const user = (userName(uid) ?? String(uid)).slice(0, 8).padEnd(8)
  const row = (p: number, command: string): string => `${String(p).padStart(5)} ${user} ${' 0'}:00 ${command}\n`
  ctx.stdout(`PID   USER     TIME  COMMAND\n${row(1, main)}${row(pid, ctx.argv.join(' '))}`)
  return 0
}
