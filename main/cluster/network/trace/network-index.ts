import type { Namespace, Node, Pod, Service } from 'kubernetes-types/core/v1'
import type { EndpointSlice } from 'kubernetes-types/discovery/v1'
import type { NetworkPolicy } from 'kubernetes-types/networking/v1'
import { type NodeFacts, nodeFacts } from '../node-network/node-facts'
import { ipToInt, maskOf } from '../node-network/ipv4'

/** The objects the trace engine reads, by the kind they are. */
export type NetworkObject =
  | { kind: 'Node'; obj: Node }
  | { kind: 'Pod'; obj: Pod }
  | { kind: 'Service'; obj: Service }
  | { kind: 'EndpointSlice'; obj: EndpointSlice }
  | { kind: 'NetworkPolicy'; obj: NetworkPolicy }
  | { kind: 'Namespace'; obj: Namespace }

const key = (ns: string | undefined, name: string | undefined): string => `${ns ?? ''}/${name ?? ''}`
const serviceNameLabel = 'kubernetes.io/service-name'

function addTo<K, V>(map: Map<K, Set<V>>, k: K, v: V): void {
  let set = map.get(k)
  if (!set) map.set(k, (set = new Set()))
  set.add(v)
}

function removeFrom<K, V>(map: Map<K, Set<V>>, k: K, v: V): void {
  const set = map.get(k)
  if (!set) return
  set.delete(v)
  if (!set.size) map.delete(k)
}

/**
 * The cluster objects a packet's path depends on, indexed for the lookups a
 * trace makes (a pod by IP, a Service by ClusterIP or NodePort, the node
 * whose podCIDR holds an address), so one trace costs the same with ten
 * services or ten thousand. Fed by informers in a running cluster, or
 * directly (benchmarks, unit tests).
 */
export class NetworkIndex {
  private readonly nodes = new Map<string, { node: Node; facts: NodeFacts }>()
  private readonly nodeByIP = new Map<string, string>()
  /** podCIDR network address -> node name, per prefix length. */
  private readonly nodeByPodNet = new Map<number, Map<number, string>>()
  /** Pods by namespace, then name; the objects themselves (the informer's, shared), no key strings of their own. */
  private readonly podsByNamespace = new Map<string, Map<string, Pod>>()
  private readonly podByIP = new Map<string, Pod>()
  private readonly podsByNode = new Map<string, Set<Pod>>()
  private readonly services = new Map<string, Service>()
  private readonly serviceByIP = new Map<string, string>()
  private readonly serviceByNodePort = new Map<number, string>()
  private readonly slices = new Map<string, EndpointSlice>()
  private readonly slicesByService = new Map<string, Set<string>>()
  private readonly policies = new Map<string, NetworkPolicy>()
  private readonly policiesByNamespace = new Map<string, Set<string>>()
  private readonly namespaces = new Map<string, Namespace>()

  upsert(o: NetworkObject): void {
    this.remove(o)
    const m = o.obj.metadata ?? {}
    if (o.kind === 'Pod') return this.addPod(o.obj, m.namespace ?? '', m.name ?? '')
    const k = key(m.namespace, m.name)
    switch (o.kind) {
      case 'Node': {
        const facts = nodeFacts(o.obj)
        this.nodes.set(facts.name, { node: o.obj, facts })
        if (facts.ip) this.nodeByIP.set(facts.ip, facts.name)
        if (facts.cidr) {
          let byNet = this.nodeByPodNet.get(facts.cidr.bits)
          if (!byNet) this.nodeByPodNet.set(facts.cidr.bits, (byNet = new Map()))
          byNet.set(facts.cidr.network, facts.name)
        }
        return
      }
      case 'Service': {
        this.services.set(k, o.obj)
        for (const ip of o.obj.spec?.clusterIPs ?? (o.obj.spec?.clusterIP ? [o.obj.spec.clusterIP] : [])) if (ip && ip !== 'None') this.serviceByIP.set(ip, k)
        for (const p of o.obj.spec?.ports ?? []) if (p.nodePort) this.serviceByNodePort.set(p.nodePort, k)
        return
      }
      case 'EndpointSlice': {
        this.slices.set(k, o.obj)
        const svc = m.labels?.[serviceNameLabel]
        if (svc) addTo(this.slicesByService, key(m.namespace, svc), k)
        return
      }
      case 'NetworkPolicy':
        this.policies.set(k, o.obj)
        addTo(this.policiesByNamespace, m.namespace ?? '', k)
        return
      case 'Namespace':
        this.namespaces.set(m.name ?? '', o.obj)
    }
  }

  remove(o: NetworkObject): void {
    const m = o.obj.metadata ?? {}
    if (o.kind === 'Pod') return this.removePod(m.namespace ?? '', m.name ?? '')
    const k = key(m.namespace, m.name)
    switch (o.kind) {
      case 'Node': {
        const old = this.nodes.get(m.name ?? '')
        if (!old) return
        this.nodes.delete(old.facts.name)
        if (old.facts.ip && this.nodeByIP.get(old.facts.ip) === old.facts.name) this.nodeByIP.delete(old.facts.ip)
        if (old.facts.cidr) {
          const byNet = this.nodeByPodNet.get(old.facts.cidr.bits)
          if (byNet?.get(old.facts.cidr.network) === old.facts.name) byNet.delete(old.facts.cidr.network)
        }
        return
      }
      case 'Service': {
        const old = this.services.get(k)
        if (!old) return
        this.services.delete(k)
        for (const ip of old.spec?.clusterIPs ?? [old.spec?.clusterIP ?? '']) if (this.serviceByIP.get(ip) === k) this.serviceByIP.delete(ip)
        for (const p of old.spec?.ports ?? []) if (p.nodePort && this.serviceByNodePort.get(p.nodePort) === k) this.serviceByNodePort.delete(p.nodePort)
        return
      }
      case 'EndpointSlice': {
        const old = this.slices.get(k)
        if (!old) return
        this.slices.delete(k)
        const svc = old.metadata?.labels?.[serviceNameLabel]
        if (svc) removeFrom(this.slicesByService, key(m.namespace, svc), k)
        return
      }
      case 'NetworkPolicy':
        this.policies.delete(k)
        removeFrom(this.policiesByNamespace, m.namespace ?? '', k)
        return
      case 'Namespace':
        this.namespaces.delete(m.name ?? '')
    }
  }

  private addPod(pod: Pod, namespace: string, name: string): void {
    let inNamespace = this.podsByNamespace.get(namespace)
    if (!inNamespace) this.podsByNamespace.set(namespace, (inNamespace = new Map()))
    inNamespace.set(name, pod)
    const ip = pod.status?.podIP
    if (ip && !pod.spec?.hostNetwork) this.podByIP.set(ip, pod)
    if (pod.spec?.nodeName) addTo(this.podsByNode, pod.spec.nodeName, pod)
  }

  private removePod(namespace: string, name: string): void {
    const inNamespace = this.podsByNamespace.get(namespace)
    const old = inNamespace?.get(name)
    if (!old) return
    inNamespace!.delete(name)
    if (!inNamespace!.size) this.podsByNamespace.delete(namespace)
    const ip = old.status?.podIP
    if (ip && this.podByIP.get(ip) === old) this.podByIP.delete(ip)
    if (old.spec?.nodeName) removeFrom(this.podsByNode, old.spec.nodeName, old)
  }

  node(name: string): Node | undefined {
    return this.nodes.get(name)?.node
  }

  facts(name: string): NodeFacts | undefined {
    return this.nodes.get(name)?.facts
  }

  allFacts(): NodeFacts[] {
    return [...this.nodes.values()].map((n) => n.facts)
  }

  nodeNames(): string[] {
    return [...this.nodes.keys()]
  }

  nodeWithIP(ip: string): string | undefined {
    return this.nodeByIP.get(ip)
  }

  /** The node whose podCIDR holds ip (where that pod address lives). */
  nodeForPodIP(ip: string): string | undefined {
    const n = ipToInt(ip)
    if (n === undefined) return undefined
    for (const [bits, byNet] of this.nodeByPodNet) {
      const name = byNet.get(maskOf(n, bits))
      if (name) return name
    }
    return undefined
  }

  pod(namespace: string, name: string): Pod | undefined {
    return this.podsByNamespace.get(namespace)?.get(name)
  }

  podWithIP(ip: string): Pod | undefined {
    return this.podByIP.get(ip)
  }

  podsOnNode(node: string): Pod[] {
    return [...(this.podsByNode.get(node) ?? [])]
  }

  podsInNamespace(namespace: string): Pod[] {
    return [...(this.podsByNamespace.get(namespace)?.values() ?? [])]
  }

  service(namespace: string, name: string): Service | undefined {
    return this.services.get(key(namespace, name))
  }

  serviceWithClusterIP(ip: string): Service | undefined {
    const k = this.serviceByIP.get(ip)
    return k ? this.services.get(k) : undefined
  }

  serviceWithNodePort(port: number): Service | undefined {
    const k = this.serviceByNodePort.get(port)
    return k ? this.services.get(k) : undefined
  }

  endpointSlices(namespace: string, service: string): EndpointSlice[] {
    return [...(this.slicesByService.get(key(namespace, service)) ?? [])].map((k) => this.slices.get(k)!)
  }

  networkPolicies(namespace: string): NetworkPolicy[] {
    return [...(this.policiesByNamespace.get(namespace) ?? [])].map((k) => this.policies.get(k)!)
  }

  namespace(name: string): Namespace | undefined {
    return this.namespaces.get(name)
  }

  namespaceNames(): string[] {
    return [...this.namespaces.keys()]
  }
}
