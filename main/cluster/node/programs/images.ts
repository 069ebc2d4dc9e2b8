import type { Container } from 'kubernetes-types/core/v1'
import { sampleAppLines } from './sample-apps'

/**
 * What well-known images do when their container starts: the ports their
 * server listens on, and the lines it prints on start-up (shaped like the
 * real image's output), or the command it runs. Unknown images print nothing.
 */

/** `docker.io/library/nginx:1.27@sha256:...` -> `nginx`; `registry.k8s.io/coredns/coredns:v1.11.3` -> `coredns`. */
export function imageName(image: string): string {
  const noDigest = image.split('@')[0]
  const last = noDigest.slice(noDigest.lastIndexOf('/') + 1)
  const colon = last.indexOf(':')
  return colon < 0 ? last : last.slice(0, colon)
}

/** The tag of an image reference (`latest` when none). */
export function imageTag(image: string): string {
  const last = image.split('@')[0].split('/').pop() ?? ''
  const colon = last.indexOf(':')
  return colon < 0 ? 'latest' : last.slice(colon + 1)
}

const wellKnown: Record<string, { port: number; protocol: string }[]> = {
  nginx: [{ port: 80, protocol: 'TCP' }],
  httpd: [{ port: 80, protocol: 'TCP' }],
  'hpa-example': [{ port: 80, protocol: 'TCP' }],
  redis: [{ port: 6379, protocol: 'TCP' }],
  memcached: [{ port: 11211, protocol: 'TCP' }],
  mysql: [{ port: 3306, protocol: 'TCP' }],
  mariadb: [{ port: 3306, protocol: 'TCP' }],
  postgres: [{ port: 5432, protocol: 'TCP' }],
  mongo: [{ port: 27017, protocol: 'TCP' }],
  rabbitmq: [{ port: 5672, protocol: 'TCP' }],
  echoserver: [{ port: 8080, protocol: 'TCP' }],
  'kubernetes-bootcamp': [{ port: 8080, protocol: 'TCP' }],
  coredns: [
    { port: 53, protocol: 'UDP' },
    { port: 53, protocol: 'TCP' },
    { port: 9153, protocol: 'TCP' }
  ]
}

/** A server Kubelab models, as one container runs it: which program, its version, and the ports it listens on. */
export interface ServerProgram {
  /** The program: the image's name (`nginx`, `hello-app`), or the subcommand run (`netexec` of agnhost). */
  name: string
  /** The image's tag (`1.0`, `v1`, `2.39`). */
  tag: string
  ports: { port: number; protocol: string }[]
}

/** A literal `env` value of the container (what PORT-reading servers see). */
function literalEnv(container: Container, name: string): string | undefined {
  return container.env?.find((e) => e.name === name && e.value !== undefined)?.value
}

/** A `--flag=value` or `--flag value` of a command line. */
function flag(argv: string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === `--${name}` || argv[i] === `-${name}`) return argv[i + 1]
    const m = new RegExp(`^--?${name}=(.*)$`).exec(argv[i])
    if (m) return m[1]
  }
  return undefined
}

/** Go's flag package: an integer flag, its default when absent or malformed. */
function intFlag(argv: string[], name: string, fallback: number): number {
  const v = flag(argv, name)
  return v !== undefined && /^-?\d+$/.test(v) ? Number(v) : fallback
}

/** Servers reading their port from $PORT (Go samples and jmalloc's echo-server), 8080 when unset. */
const portFromEnv = new Set(['hello-app', 'echo-server'])

/**
 * The server a container runs, when Kubelab models it: the image's own
 * server when the container keeps the image's entrypoint, or agnhost's
 * `netexec`, which the command line itself starts
 * (`/agnhost netexec --http-port=8080`). Undefined for anything else.
 */
export function serverProgram(container: Container): ServerProgram | undefined {
  const image = container.image ?? ''
  const name = imageName(image)
  const tag = imageTag(image)
  const argv = [...(container.command ?? []), ...(container.args ?? [])]
  // agnhost's entrypoint is /agnhost: `args: [netexec]` alone runs it as well.
  const sub = container.command?.length ? (argv[0].split('/').pop() === 'agnhost' ? argv[1] : undefined) : name === 'agnhost' ? argv[0] : undefined
  if (sub === 'netexec') {
    const ports = [{ port: intFlag(argv, 'http-port', 8080), protocol: 'TCP' }]
    const udp = intFlag(argv, 'udp-port', 8081)
    if (udp !== -1) ports.push({ port: udp, protocol: 'UDP' })
    const sctp = intFlag(argv, 'sctp-port', -1)
    if (sctp !== -1) ports.push({ port: sctp, protocol: 'SCTP' })
    return { name: 'netexec', tag, ports }
  }
  // A container with its own command runs that instead of the image's server.
  if (container.command?.length) return undefined
  if (portFromEnv.has(name)) {
    const port = Number(literalEnv(container, 'PORT') ?? '8080')
    return { name, tag, ports: Number.isInteger(port) && port > 0 && port < 65536 ? [{ port, protocol: 'TCP' }] : [] }
  }
  const ports = wellKnown[name]
  return ports ? { name, tag, ports } : undefined
}

/** The ports a container listens on: its declared containerPorts and what its server listens on. */
export function listeningPorts(container: Container): { port: number; protocol: string }[] {
  const ports = (container.ports ?? []).map((p) => ({ port: p.containerPort, protocol: p.protocol ?? 'TCP' }))
  for (const p of serverProgram(container)?.ports ?? []) ports.push(p)
  const seen = new Set<string>()
  return ports.filter((p) => {
    const key = `${p.protocol}/${p.port}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/** Images whose entrypoint is a shell (or nothing), so `args` alone is the command line. */
const shellImages = new Set(['busybox', 'alpine', 'ubuntu', 'debian', 'centos', 'fedora', 'rockylinux', 'almalinux', 'amazonlinux', 'bash'])

/** What a container's main process is: a command line to run, fixed start-up lines, or nothing known. */
export type MainProcess =
  | { kind: 'argv'; argv: string[] }
  | { kind: 'lines'; lines: () => { text: string; stream: 'stdout' | 'stderr' }[] }
  | { kind: 'silent' }

/** The main process of a container started at `now` (ms), whose hostname is `hostname` (its pod's name, or spec.hostname). */
export function mainProcess(container: Container, now: number, hostname = ''): MainProcess {
  const name = imageName(container.image ?? '')
  const server = serverProgram(container)
  const sample = server && sampleAppLines(server, now, hostname)
  if (sample) return { kind: 'lines', lines: () => sample }
  if (container.command?.length) return { kind: 'argv', argv: [...container.command, ...(container.args ?? [])] }
  if (shellImages.has(name) && container.args?.length) return { kind: 'argv', argv: container.args }
  if (name === 'nginx') return { kind: 'lines', lines: () => nginxLines(imageTag(container.image ?? ''), now) }
  if (name === 'redis') return { kind: 'lines', lines: () => redisLines(imageTag(container.image ?? ''), now) }
  if (name === 'coredns') return { kind: 'lines', lines: () => corednsLines(imageTag(container.image ?? '')) }
  return { kind: 'silent' }
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0')
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** The version a tag names (`1.27` is its `.0` release); `latest` and others get the fallback. */
function version(tag: string, fallback: string): string {
  const v = /^\d+(\.\d+){1,2}/.exec(tag)?.[0]
  if (!v) return fallback
  return v.split('.').length === 2 ? `${v}.0` : v
}

function nginxLines(tag: string, now: number): { text: string; stream: 'stdout' | 'stderr' }[] {
  const d = new Date(now)
  const stamp = `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  const ep = '/docker-entrypoint.sh'
  const out = (text: string) => ({ text, stream: 'stdout' as const })
  const notice = (text: string) => ({ text: `${stamp} [notice] 1#1: ${text}`, stream: 'stderr' as const })
  const v = version(tag, '1.27.3')
  return [
    out(`${ep}: /docker-entrypoint.d/ is not empty, will attempt to perform configuration`),
    out(`${ep}: Looking for shell scripts in /docker-entrypoint.d/`),
    out(`${ep}: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh`),
    out('10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf'),
    out('10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf'),
    out(`${ep}: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh`),
    out(`${ep}: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh`),
    out(`${ep}: Launching /docker-entrypoint.d/30-tune-worker-processes.sh`),
    out(`${ep}: Configuration complete; ready for start up`),
    notice('using the "epoll" event method'),
    notice(`nginx/${v}`),
    notice('built by gcc 12.2.0 (Debian 12.2.0-14)'),
    notice('OS: Linux 6.8.0-kubelab'),
    notice('getrlimit(RLIMIT_NOFILE): 1048576:1048576'),
    notice('start worker processes'),
    notice('start worker process 29')
  ]
}

function redisLines(tag: string, now: number): { text: string; stream: 'stdout' | 'stderr' }[] {
  const d = new Date(now)
  const stamp = `${pad(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`
  const v = version(tag, '7.4.1')
  const line = (role: string, mark: string, text: string) => ({ text: `1:${role} ${stamp} ${mark} ${text}`, stream: 'stdout' as const })
  return [
    line('C', '*', 'oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo'),
    line('C', '*', `Redis version=${v}, bits=64, commit=00000000, modified=0, pid=1, just started`),
    line('C', '#', 'Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf'),
    line('M', '*', 'monotonic clock: POSIX clock_gettime'),
    line('M', '*', 'Running mode=standalone, port=6379.'),
    line('M', '*', 'Server initialized'),
    line('M', '*', 'Ready to accept connections tcp')
  ]
}

function corednsLines(tag: string): { text: string; stream: 'stdout' | 'stderr' }[] {
  const v = version(tag.replace(/^v/, ''), '1.11.3')
  const out = (text: string) => ({ text, stream: 'stdout' as const })
  return [out('.:53'), out('[INFO] plugin/reload: Running configuration SHA512 = 591cf328cccc12bc490481273e738df59329c62c0b729d94e8b61db9961c2fa5257a2b6ab0d5c80f4cbeafc1c38d53aa7a5dd8d4c4b2bdbf2d9fa1a53fda5ff6'), out(`CoreDNS-${v}`), out('linux/amd64, go1.22.5, a6338e9')]
}
