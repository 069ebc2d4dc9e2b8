import type { Pod } from 'kubernetes-types/core/v1'
import type { PacketTraceStatus } from '../../registry/kinds/packettrace'
import { httpReply, type HttpReply } from './server-replies'
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

const hostOf = (ipPort: string): string => ipPort.slice(0, ipPort.lastIndexOf(':'))

/**
 * One request from a pod, through the trace engine: resolved by the pod's
 * resolver, DNATed by kube-proxy, routed, and, when it arrives, received by
 * the process listening there (world.processes.receive: load and access log).
 * A reject (kube-proxy's "no endpoints", a closed port) is a refused
 * connection; a drop (NetworkPolicy, a dead node) is a timeout.
 */
export async function sendRequest(tc: ToolboxContext, pod: Pod, url: ParsedUrl, method: string): Promise<HttpOutcome> {
  const engine = await tc.model.engine()
  const trace = engine.trace({ source: { pod: podRef(pod) }, destination: { address: url.host, port: url.port }, protocol: 'TCP' })
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
  const src = deliver.src
  const port = Number(deliver.dst.slice(deliver.dst.lastIndexOf(':') + 1))
  const m = target?.metadata ?? {}
  const received = target ? tc.processes.receive({ namespace: m.namespace ?? '', name: m.name ?? '', uid: m.uid ?? '' }, { from: src, protocol: 'TCP', port, method, path: url.path }) : { listening: false }
  if (!received.listening || !target) return { kind: 'refused', remote, trace }
  if (received.status !== undefined) {
    return { kind: 'reply', remote, trace, reply: { kind: 'response', status: received.status, reason: received.status < 400 ? 'OK' : 'Error', contentType: 'text/plain', body: received.body ?? '' } }
  }
  return { kind: 'reply', remote, trace, reply: httpReply(target, received.container ?? '', url.path) }
}
