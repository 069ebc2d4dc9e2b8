import type { Pod } from 'kubernetes-types/core/v1'
import type { PacketTraceSpec } from '../../registry/kinds/packettrace'
import { ipToInt } from '../node-network/ipv4'
import type { NetworkIndex } from './network-index'
import type { TraceBuilder } from './trace-builder'

/** Where a traced packet starts. */
export interface SourceEnd {
  kind: 'pod' | 'node' | 'external'
  /** The node whose netfilter and routes the packet meets first (undefined for an external client until it reaches one). */
  node?: string
  ip: string
  port: number
  pod?: Pod
  /** Name used in sentences: `pod default/web`, `node kind-worker`, `an external client`. */
  label: string
}

/** A documentation address (RFC 5737 TEST-NET-3) for the client outside the cluster. */
export const externalClientIP = '203.0.113.10'

/** A stable ephemeral port from Linux's ip_local_port_range (32768-60999), so the same question gets the same answer. */
export function ephemeralPort(seed: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193)
  return 32768 + ((h >>> 0) % (60999 - 32768 + 1))
}

function splitRef(ref: string): [string, string] {
  const slash = ref.indexOf('/')
  return [ref.slice(0, slash), ref.slice(slash + 1)]
}

/** Finds the source; a missing pod or node, or a pod without an IP (in its status, or as its node knows it: podIP), ends the trace. */
export function resolveSource(spec: Pick<PacketTraceSpec, 'source'>, index: NetworkIndex, t: TraceBuilder, seed: string, podIP?: string): SourceEnd {
  const src = spec.source ?? {}
  const port = ephemeralPort(seed)
  if (src.pod) {
    const [ns, name] = splitRef(src.pod)
    const pod = index.pod(ns, name)
    if (!pod) t.drop('', '', 'Pod', { src: '', dst: '' }, `pods "${name}" not found`, `The source pod ${src.pod} does not exist.`)
    const ip = pod.status?.podIP || podIP
    if (!ip) t.drop(pod.spec?.nodeName ?? '', 'eth0', 'Pod', { src: '', dst: '' }, `pod ${src.pod}: no podIP`, `The source pod ${src.pod} has no IP yet (phase ${pod.status?.phase ?? 'Pending'}).`)
    return { kind: 'pod', node: pod.spec?.nodeName, ip, port, pod, label: `pod ${src.pod}` }
  }
  if (src.node) {
    const facts = index.facts(src.node)
    if (!facts) t.drop(src.node, '', 'Node', { src: '', dst: '' }, `nodes "${src.node}" not found`, `The source node ${src.node} does not exist.`)
    if (!facts.ip) t.drop(src.node, 'eth0', 'Node', { src: '', dst: '' }, `node ${src.node}: no InternalIP`, `The source node ${src.node} has no InternalIP yet.`)
    return { kind: 'node', node: src.node, ip: facts.ip, port, label: `node ${src.node}` }
  }
  return { kind: 'external', ip: externalClientIP, port, label: 'an external client' }
}

/** The destination pod of `destination.pod`; a missing pod or one without an IP ends the trace. */
export function destinationPodIP(ref: string, index: NetworkIndex, t: TraceBuilder, source: SourceEnd): string {
  const [ns, name] = splitRef(ref)
  const pod = index.pod(ns, name)
  const at = { src: `${source.ip}:${source.port}`, dst: '' }
  if (!pod) t.drop(source.node ?? 'external', '', 'Pod', at, `pods "${name}" not found`, `The destination pod ${ref} does not exist.`)
  if (!pod.status?.podIP) t.drop(source.node ?? 'external', '', 'Pod', at, `pod ${ref}: no podIP`, `The destination pod ${ref} has no IP yet (phase ${pod.status?.phase ?? 'Pending'}).`)
  return pod.status.podIP
}

export function isIPv4(s: string): boolean {
  return ipToInt(s) !== undefined
}
