import type { Service } from 'kubernetes-types/core/v1'
import type { NetworkIndex } from './network-index'
import type { ServiceProxy } from './ports'
import { noEndpointsReason, noLocalEndpointReason } from './explain-service'
import { endpoint, type Addresses, type TraceBuilder } from './trace-builder'

/** What kube-proxy's rules on the entry node did to the packet. */
export interface ServiceOutcome {
  at: Addresses
  /** The Service that claimed it and the address it was sent to (for the reply's un-DNAT). */
  service?: Service
  original?: Addresses
  /** KUBE-MARK-MASQ marked it: masqueraded to the outgoing device's address on the way out (KUBE-POSTROUTING). */
  masquerade?: boolean
  /** The address it was masqueraded to, once routed. */
  masqueradedTo?: string
}

const ref = (s: Service): string => `${s.metadata?.namespace}/${s.metadata?.name}`

function portsText(svc: Service): string {
  return (svc.spec?.ports ?? []).map((p) => `${p.port}/${p.protocol ?? 'TCP'}${p.name ? ` (${p.name})` : ''}`).join(', ') || 'none'
}

/**
 * Walks the packet through the entry node's kube-proxy rules (nat
 * PREROUTING, or OUTPUT for the node's own packets): a Service address is
 * DNATed to one endpoint, or rejected/dropped with the reason in words.
 */
export function applyServiceRules(
  index: NetworkIndex,
  proxy: ServiceProxy,
  t: TraceBuilder,
  hop: { node: string; device: string; hook: 'PREROUTING' | 'OUTPUT' },
  at: Addresses,
  dst: { ip: string; port: number },
  protocol: 'TCP' | 'UDP',
  pick?: (endpoints: number) => number
): ServiceOutcome {
  const src = at.src.slice(0, at.src.lastIndexOf(':'))
  const byClusterIP = index.serviceWithClusterIP(dst.ip)
  const byNodePort = index.nodeWithIP(dst.ip) ? index.serviceWithNodePort(dst.port) : undefined
  const svc = byClusterIP ?? byNodePort
  const ev = proxy.evaluate(hop.node, { src, dst: dst.ip, dport: dst.port, protocol, hook: hop.hook }, pick ? { pick: (c) => pick(c.length) } : undefined)
  if (!ev) {
    if (svc) t.drop(hop.node, hop.device, 'Cluster', at, `no kube-proxy rules on node ${hop.node}`, `kube-proxy has not written its rules on node ${hop.node} yet, so Service ${ref(svc)} is not reachable from there.`)
    return { at }
  }
  const natRules = ev.traversed.filter((r) => r.table === 'nat').map((r) => r.rule)
  if (ev.verdict === 'dnat' && ev.dnat) {
    const claimed = svc ?? (ev.service ? index.service(ev.service.namespace, ev.service.name) : undefined)
    const next = { src: at.src, dst: endpoint(ev.dnat.ip, ev.dnat.port) }
    const upToDnat = natRules.slice(0, natRules.findIndex((r) => r.includes('-j DNAT')) + 1)
    t.hop(hop.node, hop.device, 'Pod', next, 'dnat', (upToDnat.length ? upToDnat : natRules).join(' ; '))
    return { at: next, service: claimed, original: at, masquerade: ev.masquerade }
  }
  if (ev.verdict === 'reject' || ev.verdict === 'drop') {
    const claimed = svc ?? (ev.service ? index.service(ev.service.namespace, ev.service.name) : undefined)
    const rule = ev.decidingRule?.rule ?? natRules.join(' ; ')
    const reason = !claimed
      ? `kube-proxy on node ${hop.node} ${ev.verdict === 'drop' ? 'drops' : 'rejects'} the packet.`
      : /has no local endpoints/.test(rule)
        ? noLocalEndpointReason(index, claimed, hop.node)
        : noEndpointsReason(index, claimed)
    t.drop(hop.node, hop.device, 'Cluster', at, rule, reason)
  }
  if (byClusterIP) {
    t.drop(hop.node, hop.device, 'Cluster', at, `no KUBE-SERVICES rule matches ${dst.ip}:${dst.port}/${protocol}`, `Service ${ref(byClusterIP)} (${dst.ip}) has no port ${dst.port}/${protocol}; its ports are ${portsText(byClusterIP)}.`)
  }
  return { at }
}

/** KUBE-POSTROUTING's MASQUERADE: the source becomes the outgoing device's address (cni0's for a local pod, flannel.1's across nodes). */
export function masquerade(t: TraceBuilder, node: string, device: string, address: string, at: Addresses, svc: ServiceOutcome): Addresses {
  if (!svc.masquerade) return at
  const next = { src: endpoint(address, Number(at.src.slice(at.src.lastIndexOf(':') + 1))), dst: at.dst }
  t.hop(node, device, 'Pod', next, 'snat', `-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully (to ${device} ${address})`)
  svc.masqueradedTo = address
  return next
}
