import type { Pod } from 'kubernetes-types/core/v1'

/**
 * What the trace engine asks of the rest of the network model, declared
 * here by what it needs: kube-proxy's rules (world.proxyRules), the cluster
 * DNS (world.dns), NetworkPolicy evaluation, and the processes listening in
 * pods (world.processes). Each is implemented elsewhere and handed in.
 */

export interface ProxyPacketIn {
  src: string
  dst: string
  dport: number
  protocol: 'TCP' | 'UDP' | 'SCTP'
  hook?: 'PREROUTING' | 'OUTPUT'
}

export interface ProxyVerdict {
  traversed: { table: string; chain: string; rule: string }[]
  verdict: 'dnat' | 'reject' | 'drop' | 'none'
  dnat?: { ip: string; port: number; chain: string }
  service?: { namespace: string; name: string; port: string; protocol: string }
  masquerade: boolean
  decidingRule?: { table: string; chain: string; rule: string }
}

/** kube-proxy's rules on every node: walks a packet through one node's netfilter. */
export interface ServiceProxy {
  /** undefined when that node has no kube-proxy rules (yet). */
  evaluate(node: string, packet: ProxyPacketIn, options?: { pick?: (candidates: { chain: string; endpoint: string }[], packet: ProxyPacketIn) => number }): ProxyVerdict | undefined
}

export interface DnsRecordLike {
  name: string
  type: string
  ttl: number
  data: string
}

export interface ResolveResultLike {
  query: string
  rcode: string
  answers: DnsRecordLike[]
  queries: { name: string; rcode: string }[]
  /** The resolv.conf that drove it: its first nameserver is the server asked. */
  resolvConf: { nameservers: string[] }
}

/** The cluster DNS as a pod's resolver sees it. */
export interface NameResolver {
  resolve(pod: Pod, name: string): ResolveResultLike
  clusterDNSIP(): string
}

/** A NetworkPolicy decision for one direction of one connection. */
export interface PolicyDecision {
  allowed: boolean
  /** `namespace/name` of the policies that select the pod for that direction. */
  selectedBy: string[]
  /** One plain sentence. */
  reason: string
}

/** Who is on the other end of a connection, as NetworkPolicy peers match it. */
export interface PolicyPeer {
  ip: string
  pod?: Pod
  /** For host traffic: the node it comes from. */
  node?: string
}

/** NetworkPolicy evaluation (networking.k8s.io/v1 semantics). */
export interface PolicyEvaluator {
  /** Whether `pod` may receive from `peer` on port/protocol. */
  ingress(pod: Pod, peer: PolicyPeer, port: number, protocol: string): PolicyDecision
  /** Whether `pod` may send to `peer` on port/protocol. */
  egress(pod: Pod, peer: PolicyPeer, port: number, protocol: string): PolicyDecision
}

/** The ports processes listen on in a pod (world.processes). */
export interface ListeningPorts {
  listeningPorts(pod: { namespace: string; name: string; uid: string }): { port: number; protocol: string; container: string }[]
}
