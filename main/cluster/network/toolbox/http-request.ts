import type { Pod } from 'kubernetes-types/core/v1'
import type { PacketTraceStatus } from '../../registry/kinds/packettrace'
import type { ContainerFiles, ContainerLogs, ContainerProcesses } from '../../world/types'
import { httpReply, reasonPhrases, type HttpReply, type HttpRequest } from './server-replies'
import type { NetworkModel } from '../trace/network-model'
import { podRef, type ToolboxContext } from './toolbox-context'

/** A URL as curl and wget take it: scheme (http when absent), host, port, path. */
export interface ParsedUrl {
  scheme: string
  host: string
  port: number
  path: string
}

export function parseUrl(raw: string): ParsedUrl | undefined {
  const m = /^(?:([a-z]+):\/\/)?([^/:?#\s]+)(?::(\d+))?([/?][^\s#]*)?/i.exec(raw)
  if (!m) return undefined
  const scheme = (m[1] ?? 'http').toLowerCase()
  const port = m[3] ? Number(m[3]) : scheme === 'https' ? 443 : 80
  if (!Number.isInteger(port) || port < 1 || port > 65535) return undefined
  return { scheme, host: m[2], port, path: m[4] && m[4].startsWith('/') ? m[4] : `/${m[4] ?? ''}` }
}

/** How a request ended: a server reply, or the failure a client reports. */
export type HttpOutcome =
  | { kind: 'reply'; reply: HttpReply; remote: string; trace: PacketTraceStatus }
  | { kind: 'unresolved'; trace: PacketTraceStatus }
  | { kind: 'refused'; remote: string; trace: PacketTraceStatus }
  | { kind: 'timeout'; remote: string; trace: PacketTraceStatus }

/** What delivering a request to a pod needs of the world: its processes (who listens, load) and its logs. */
export interface HttpServers {
  processes: ContainerProcesses
  logs: Pick<ContainerLogs, 'write'>
  /** Containers' file systems, for servers that serve files (nginx's document root). */
  files?: { of(pod: Pod, container: string): ContainerFiles | undefined }
}

/** A request delivered to a pod's port: refused (nothing listens), or what the listening server answered. */
export type Delivered = { kind: 'refused' } | { kind: 'reply'; container: string; reply: HttpReply }

/** Requests each running container answered, for servers that count them (kept per process table: one per cluster). */
const servedCounts = new WeakMap<ContainerProcesses, Map<string, { startedAt: string; served: number }>>()

function servedBefore(processes: ContainerProcesses, pod: Pod, container: string, startedAt: string): number {
  let counts = servedCounts.get(processes)
  if (!counts) servedCounts.set(processes, (counts = new Map()))
  const key = `${pod.metadata?.uid}/${container}`
  const seen = counts.get(key)
  // A restarted container is a new process: its count starts again.
  const entry = seen && seen.startedAt === startedAt ? seen : { startedAt, served: 0 }
  counts.set(key, { startedAt, served: entry.served + 1 })
  return entry.served
}

/**
 * Delivers one HTTP request to a pod's port, however it got there (curl in
 * another pod, the apiserver's proxy, a port-forward): the process
 * listening there receives it (world.processes.receive: its load), answers
 * through the reply model, and writes its log lines for it.
 */
export function deliverHttp(servers: HttpServers, pod: Pod, port: number, req: HttpRequest, now: number): Delivered {
  const m = pod.metadata ?? {}
  const received = servers.processes.receive({ namespace: m.namespace ?? '', name: m.name ?? '', uid: m.uid ?? '' }, { from: req.remote, protocol: 'TCP', port, method: req.method, path: req.target })
  if (!received.listening) return { kind: 'refused' }
  const container = received.container ?? ''
  // A behaviour model that decided the answer (an injected failure) speaks for the server.
  if (received.status !== undefined) {
    const status = received.status
    return { kind: 'reply', container, reply: { kind: 'response', status, reason: reasonPhrases[status] ?? 'Error', headers: [['Content-Type', 'text/plain']], body: received.body ?? '', log: [] } }
  }
  const running = pod.status?.containerStatuses?.find((s) => s.name === container)?.state?.running?.startedAt ?? ''
  const startedAt = running ? Date.parse(running) : now
  const served = servedBefore(servers.processes, pod, container, running)
  const hostname = pod.spec?.hostname ?? m.name ?? ''
  const reply = httpReply({ pod, container, port, now, hostname, startedAt, served, files: servers.files?.of(pod, container) }, req)
  const ref = { namespace: m.namespace ?? '', pod: m.name ?? '', uid: m.uid ?? '', container }
  for (const line of reply.log) servers.logs.write(ref, line.text, line.stream)
  return { kind: 'reply', container, reply }
}

const hostOf = (ipPort: string): string => ipPort.slice(0, ipPort.lastIndexOf(':'))

/** localhost and 127.0.0.0/8. */
const isLoopback = (host: string): boolean => host === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(host)

/** A client port from Linux's default ephemeral range (net.ipv4.ip_local_port_range 32768-60999). */
const ephemeralPort = (): number => 32768 + Math.floor(Math.random() * (60999 - 32768 + 1))

/** The header fields curl 8.5 sends by default. */
export const curlHeaders = (url: ParsedUrl): [string, string][] => [
  ['Host', url.port === 80 ? url.host : `${url.host}:${url.port}`],
  ['User-Agent', 'curl/8.5.0'],
  ['Accept', '*/*']
]

/**
 * One request from a pod, through the trace engine: resolved by the pod's
 * resolver, DNATed by kube-proxy, routed, and, when it arrives, delivered to
 * the process listening there (deliverHttp). A reject (kube-proxy's "no
 * endpoints", a closed port) is a refused connection; a drop
 * (NetworkPolicy, a dead node) is a timeout.
 */
export async function sendRequest(tc: ToolboxContext, pod: Pod, url: ParsedUrl, method: string, headers: [string, string][] = curlHeaders(url), body?: string): Promise<HttpOutcome> {
  if (isLoopback(url.host)) {
    // /etc/hosts names localhost 127.0.0.1: the pod's own network namespace, shared by its containers; no rule or policy sees it.
    const trace: PacketTraceStatus = { verdict: 'Delivered', reason: "loopback: the packet stays in the pod's network namespace", hops: [] }
    const remote = `127.0.0.1:${url.port}`
    const out = deliverHttp(tc, pod, url.port, { method, target: url.path, headers, body, remote: `127.0.0.1:${ephemeralPort()}` }, tc.now())
    return out.kind === 'refused' ? { kind: 'refused', remote, trace } : { kind: 'reply', remote, trace, reply: out.reply }
  }
  const engine = await tc.model.engine()
  const trace = engine.trace({ source: { pod: podRef(pod) }, destination: { address: url.host, port: url.port }, protocol: 'TCP' }, { sourcePodIP: pod.status?.podIP })
  const first = trace.hops.find((h) => h.action === 'resolve' || h.action === 'send')
  const remote = first?.action === 'resolve' ? first.dst : `${url.host}:${url.port}`
  if (trace.verdict === 'Dropped') {
    const last = trace.hops.at(-1)
    if (!trace.hops.some((h) => h.action === 'resolve') && !/^\d+\.\d+\.\d+\.\d+$/.test(url.host)) return { kind: 'unresolved', trace }
    if (last && /REJECT|TCP RST|port unreachable/.test(last.rule)) return { kind: 'refused', remote, trace }
    return { kind: 'timeout', remote, trace }
  }
  const deliver = trace.hops.find((h) => h.action === 'deliver')!
  const target = tc.model.index.podWithIP(hostOf(deliver.dst))
  const port = Number(deliver.dst.slice(deliver.dst.lastIndexOf(':') + 1))
  if (!target) return { kind: 'refused', remote, trace }
  const out = deliverHttp(tc, target, port, { method, target: url.path, headers, body, remote: deliver.src }, tc.now())
  if (out.kind === 'refused') return { kind: 'refused', remote, trace }
  return { kind: 'reply', remote, trace, reply: out.reply }
}

/** How the apiserver's dial to a pod ended: the server's reply, or the error Go's net/http client reports. */
export type DialOutcome = { kind: 'reply'; reply: HttpReply } | { kind: 'error'; message: string }

/**
 * One request the apiserver sends to ip:port (pods/proxy, services/proxy),
 * from the control-plane node's host network, through the trace engine: a
 * NetworkPolicy or a dead node drops it (a dial timeout), a closed port
 * refuses it; a delivered request is answered by deliverHttp. An `https`
 * request to these plain-HTTP servers fails the TLS handshake.
 */
export async function requestFromControlPlane(model: NetworkModel, servers: HttpServers, now: number, to: { scheme: string; ip: string; port: number }, req: Omit<HttpRequest, 'remote'>): Promise<DialOutcome> {
  const { scheme, ip, port } = to
  const dial = `dial tcp ${ip}:${port}`
  const engine = await model.engine()
  const nodes = model.index.nodeNames()
  const node = nodes.find((n) => model.index.node(n)?.metadata?.labels?.['node-role.kubernetes.io/control-plane'] !== undefined) ?? nodes[0]
  const trace = engine.trace({ source: node ? { node } : { external: true }, destination: { address: ip, port }, protocol: 'TCP' })
  if (trace.verdict === 'Dropped') {
    const last = trace.hops.at(-1)
    return { kind: 'error', message: last && /REJECT|TCP RST|port unreachable/.test(last.rule) ? `${dial}: connect: connection refused` : `${dial}: i/o timeout` }
  }
  const deliver = trace.hops.find((h) => h.action === 'deliver')!
  const target = model.index.podWithIP(hostOf(deliver.dst))
  if (!target) return { kind: 'error', message: `${dial}: connect: connection refused` }
  const m = target.metadata ?? {}
  const listening = servers.processes.listeningPorts({ namespace: m.namespace ?? '', name: m.name ?? '', uid: m.uid ?? '' }).some((l) => l.port === port && l.protocol === 'TCP')
  if (!listening) return { kind: 'error', message: `${dial}: connect: connection refused` }
  // The plain-HTTP server reads the TLS ClientHello as a malformed request (no handler runs); Go's client sees no handshake.
  if (scheme === 'https') return { kind: 'error', message: 'tls: first record does not look like a TLS handshake' }
  const out = deliverHttp(servers, target, port, { ...req, remote: `${hostOf(deliver.src)}:${ephemeralPort()}` }, now)
  if (out.kind === 'refused') return { kind: 'error', message: `${dial}: connect: connection refused` }
  // A server that closes the connection without answering (redis): the transport reads end of file.
  if (out.reply.kind === 'empty') return { kind: 'error', message: 'EOF' }
  return { kind: 'reply', reply: out.reply }
}

/** The apiserver's dialer for pods/proxy and services/proxy, over a cluster's network model and world. */
export function controlPlaneDialer(model: NetworkModel, servers: HttpServers, now: () => number) {
  return (to: { scheme: string; ip: string; port: number }, req: Omit<HttpRequest, 'remote'>): Promise<DialOutcome> => requestFromControlPlane(model, servers, now(), to, req)
}
