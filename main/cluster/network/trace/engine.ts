import type { Pod } from 'kubernetes-types/core/v1'
import type { PacketTraceSpec, PacketTraceStatus } from '../../registry/kinds/packettrace'
import { bridgeDevice, hostDevice } from '../node-network/devices'
import { nthAddress } from '../node-network/ipv4'
import { vethName } from '../node-network/names'
import type { NetworkIndex } from './network-index'
import type { ListeningPorts, NameResolver, PolicyEvaluator, ServiceProxy } from './ports'
import { destinationPodIP, resolveSource, type SourceEnd } from './endpoints'
import { nodeDownReason } from './node-health'
import { applyServiceRules, masquerade, type ServiceOutcome } from './service-step'
import { crossToNode, deliverToPod, routeOnNode } from './pod-path'
import { checkPolicy } from './policy-step'
import { resolveAddress } from './resolve-step'
import { Dropped, TraceBuilder, endpoint, type Addresses } from './trace-builder'

/** What the engine reads: the indexed objects and the network model's parts. */
export interface TraceEngineDeps {
  index: NetworkIndex
  proxy: ServiceProxy
  dns?: NameResolver
  policy?: PolicyEvaluator
  processes: ListeningPorts
  /** The cluster's pod network (10.244.0.0/16), for the pod-side routes. */
  podCIDR: string
}

/** A PacketTrace's spec, or an ICMP echo (the toolbox's ping): kube-proxy ignores ICMP and no port is needed. */
export type TraceQuestion = Omit<PacketTraceSpec, 'protocol'> & { protocol?: 'TCP' | 'UDP' | 'ICMP' }

export interface TraceOptions {
  /** Which of a Service's n endpoints kube-proxy's random rules land on (default: a stable pick from the source address). */
  pick?: (endpoints: number) => number
  /**
   * The source pod's IP as its node knows it, for a packet sent from inside
   * the pod: a container's first command runs as soon as it starts, before
   * the kubelet's status write has put the sandbox's IP in the API.
   */
  sourcePodIP?: string
}

const hostOf = (ipPort: string): string => ipPort.slice(0, ipPort.lastIndexOf(':'))

/**
 * The packet tracer: walks one packet from its source to its destination
 * through the same model the cluster runs (DNS, kube-proxy's rules, routes,
 * VXLAN, bridges, NetworkPolicy, listening processes), hop by hop, and says
 * whether it arrives and why.
 */
export class TraceEngine {
  constructor(private readonly deps: TraceEngineDeps) {}

  /** Traces a PacketTrace's question; ICMP (echo, for `ping`) is the toolbox's, not the API's. */
  trace(spec: TraceQuestion, options: TraceOptions = {}): PacketTraceStatus {
    const t = new TraceBuilder()
    try {
      return this.walk(spec, t, options)
    } catch (e) {
      if (e instanceof Dropped) return t.dropped(e.reason)
      throw e
    }
  }

  private walk(spec: TraceQuestion, t: TraceBuilder, options: TraceOptions): PacketTraceStatus {
    const { index } = this.deps
    const protocol = spec.protocol ?? 'TCP'
    const port = spec.destination?.port ?? 0
    const source = resolveSource(spec, index, t, `${spec.source?.pod ?? spec.source?.node ?? 'external'}>${spec.destination?.address ?? spec.destination?.pod}:${port}/${protocol}`, options.sourcePodIP)
    const from = endpoint(source.ip, source.port)
    const dstIP = spec.destination?.pod
      ? destinationPodIP(spec.destination.pod, index, t, source)
      : resolveAddress(this.deps, t, source, spec.destination?.address ?? '', port)
    let at: Addresses = { src: from, dst: endpoint(dstIP, port) }

    const entry = this.enter(t, source, at, dstIP)
    const svc: ServiceOutcome = protocol === 'ICMP' ? { at } : applyServiceRules(index, this.deps.proxy, t, entry, at, { ip: dstIP, port }, protocol, options.pick)
    at = svc.at
    const ip = hostOf(at.dst)
    const dport = Number(at.dst.slice(at.dst.lastIndexOf(':') + 1))
    const pod = index.podWithIP(ip)
    if (!pod) return this.notAPod(t, entry.node, at, ip, dport)

    if (source.pod) checkPolicy(this.deps.policy, t, 'egress', source.pod, { ip, pod }, dport, protocol, entry.node, entry.device, at)
    const route = routeOnNode(index, t, entry.node, at, ip)
    at = masquerade(t, entry.node, route.device, route.address, at, svc)
    const target = route.target
    crossToNode(index, t, entry.node, target, at, ip)
    const down = nodeDownReason(index.node(target), target)
    if (down) t.drop(target, bridgeDevice, 'Pod', at, `node ${target} does not answer`, `The packet cannot reach pod ${ref(pod)}: ${down}.`)
    checkPolicy(this.deps.policy, t, 'ingress', pod, { ip: hostOf(at.src), pod: index.podWithIP(hostOf(at.src)), node: index.nodeWithIP(hostOf(at.src)) }, dport, protocol, target, bridgeDevice, at)
    deliverToPod(t, target, pod, at, dport, protocol, this.listening(pod))
    this.reply(t, entry.node, at, svc)
    return t.delivered(this.deliveredReason(pod, target, at, svc, entry.node !== target))
  }

  /** The first hops: out of the source's namespace onto the node whose rules and routes it meets first. */
  private enter(t: TraceBuilder, source: SourceEnd, at: Addresses, dstIP: string): { node: string; device: string; hook: 'PREROUTING' | 'OUTPUT' } {
    const { index } = this.deps
    if (source.kind === 'pod') {
      const node = source.node!
      const cidr = index.facts(node)?.cidr
      // The pod's default route: via its bridge's address (the first of the node's podCIDR).
      const route = cidr ? `route default via ${nthAddress(cidr, 1)} dev ${hostDevice} (in the pod)` : 'pod network namespace'
      t.hop(node, hostDevice, 'Pod', at, 'send', route)
      return { node, device: veth(source.pod!), hook: 'PREROUTING' }
    }
    if (source.kind === 'node') {
      t.hop(source.node!, hostDevice, 'Node', at, 'send', `host network namespace of node ${source.node}`)
      return { node: source.node!, device: 'OUTPUT', hook: 'OUTPUT' }
    }
    t.hop('external', hostDevice, 'Node', at, 'send', 'a client outside the cluster, on the node network')
    const svc = index.serviceWithClusterIP(dstIP)
    if (svc) {
      const nodePorts = (svc.spec?.ports ?? []).filter((p) => p.nodePort).map((p) => p.nodePort)
      const hint = nodePorts.length ? ` Use a NodePort instead: <any Node IP>:${nodePorts[0]}.` : ' Expose it with a Service of type NodePort (or LoadBalancer) and use <Node IP>:<nodePort>.'
      t.drop('external', hostDevice, 'Cluster', at, `${dstIP} is ClusterIP of Service ${ref(svc)}: no route outside the cluster`, `${dstIP} is the ClusterIP of Service ${ref(svc)}; ClusterIPs exist only as kube-proxy rules on the nodes and are unreachable from outside the cluster by design.${hint}`)
    }
    const node = index.nodeWithIP(dstIP)
    if (!node) {
      const podNode = index.nodeForPodIP(dstIP)
      if (podNode) t.drop('external', hostDevice, 'Pod', at, `${dstIP} is a Pod IP (podCIDR of node ${podNode})`, `${dstIP} is a Pod IP; pod addresses are routable only inside the cluster. Reach the pod through a NodePort Service.`)
      t.drop('external', hostDevice, 'Node', at, `no node has address ${dstIP}`, `No node of the cluster has the address ${dstIP}.`)
    }
    const down = nodeDownReason(index.node(node), node)
    if (down) t.drop(node, hostDevice, 'Node', at, `node ${node} does not answer`, `The packet cannot reach ${dstIP}: ${down}.`)
    t.hop(node, hostDevice, 'Node', at, 'route', `arrives on ${hostDevice} of node ${node} (${dstIP})`)
    return { node, device: hostDevice, hook: 'PREROUTING' }
  }

  /** The destination is no pod: a node's own address, or nothing the cluster has. */
  private notAPod(t: TraceBuilder, node: string, at: Addresses, ip: string, port: number): PacketTraceStatus {
    const { index } = this.deps
    const hostNode = index.nodeWithIP(ip)
    if (hostNode) {
      const hostPods = index.podsOnNode(hostNode).filter((p) => p.spec?.hostNetwork)
      for (const p of hostPods) {
        const l = this.listening(p).find((x) => x.port === port)
        if (l) {
          t.hop(hostNode, hostDevice, 'Node', at, 'deliver', `container ${l.container} of pod ${ref(p)} (host network) listens on ${port}/${l.protocol}`)
          return t.delivered(`Delivered to pod ${ref(p)} in the host network of node ${hostNode} (${at.dst}).`)
        }
      }
      t.drop(hostNode, hostDevice, 'Node', at, `nothing listens on ${at.dst}`, `Nothing on node ${hostNode} listens on port ${port} and no NodePort Service uses it, so the connection is refused.`)
    }
    if (index.nodeForPodIP(ip)) t.drop(node, bridgeDevice, 'Pod', at, `no pod has IP ${ip}`, `No pod has the IP ${ip} (the pod it belonged to may be gone).`)
    t.drop(node, hostDevice, 'Node', at, 'route default via the node network gateway', `${ip} is outside the cluster's networks; the packet leaves node ${node} through ${hostDevice} and nothing in the simulation answers it.`)
  }

  /** The reply's way back: conntrack reverses the DNAT (and SNAT) on the node that rewrote the request. */
  private reply(t: TraceBuilder, node: string, at: Addresses, svc: ServiceOutcome): void {
    if (!svc.original) return
    t.hop(node, hostDevice, 'Pod', { src: at.dst, dst: at.src }, 'reply', `reply from ${at.dst} to ${at.src}`)
    const back = { src: svc.original.dst, dst: svc.original.src }
    const what = svc.masqueradedTo ? 'the DNAT and the masquerade' : 'the DNAT'
    t.hop(node, hostDevice, this.deps.index.serviceWithClusterIP(hostOf(back.src)) ? 'Cluster' : 'Node', back, 'undnat', `conntrack reverses ${what}: reply source ${at.dst} becomes ${svc.original.dst}`)
  }

  private deliveredReason(pod: Pod, node: string, at: Addresses, svc: ServiceOutcome, crossed: boolean): string {
    const via = svc.service ? ` through Service ${ref(svc.service)} (${svc.original!.dst})` : ''
    const overlay = crossed ? ', across nodes over VXLAN' : ''
    return `Delivered to pod ${ref(pod)} (${at.dst}) on node ${node}${via}${overlay}.`
  }

  private listening(pod: Pod): { port: number; protocol: string; container: string }[] {
    const m = pod.metadata ?? {}
    return this.deps.processes.listeningPorts({ namespace: m.namespace ?? '', name: m.name ?? '', uid: m.uid ?? '' })
  }
}

function ref(o: { metadata?: { namespace?: string; name?: string } }): string {
  return `${o.metadata?.namespace}/${o.metadata?.name}`
}

function veth(pod: Pod): string {
  return vethName(pod.metadata?.uid ?? `${pod.metadata?.namespace}/${pod.metadata?.name}`)
}
