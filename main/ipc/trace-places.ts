import type { Node, Pod, Service } from 'kubernetes-types/core/v1'
import type { Cluster } from '../cluster/cluster'
import type { TraceHop, TraceObjectRef, TraceRequest, TraceResult } from '../../preload/contract'

/**
 * Where a trace's hops are on the topology: for each hop, the objects the
 * packet is at (the sending pod or node, the Service whose ClusterIP it is
 * addressed to, the nodes of a VXLAN tunnel, the receiving pod), and for a
 * dropped packet the objects its reason names. Addresses are looked up as
 * the API knows them now (pods by status.podIP, Services by spec.clusterIP,
 * nodes by InternalIP), so the canvas can light up what the trace engine
 * walked without working out any network fact itself.
 */

const podsGVR = { group: '', version: 'v1', resource: 'pods' }
const servicesGVR = { group: '', version: 'v1', resource: 'services' }
const nodesGVR = { group: '', version: 'v1', resource: 'nodes' }

const hostOf = (ipPort: string): string => (ipPort.includes(':') ? ipPort.slice(0, ipPort.lastIndexOf(':')) : ipPort)

/** Who has each address. */
interface AddressBook {
  at(ip: string): TraceObjectRef | undefined
  service(namespace: string, name: string): TraceObjectRef
  pod(namespace: string, name: string): TraceObjectRef
  /** A node of the cluster by name; undefined for a word that names none. */
  node(name: string): TraceObjectRef | undefined
}

async function addressBook(cluster: Cluster, hops: TraceHop[]): Promise<AddressBook> {
  const nodes = (await cluster.client.resource<Node & { metadata: object }>(nodesGVR).list()).items as Node[]
  const services = (await cluster.client.resource<Service & { metadata: object }>(servicesGVR).list()).items as Service[]
  const byIP = new Map<string, TraceObjectRef>()
  const nodeNames = new Set(nodes.map((n) => n.metadata?.name ?? ''))
  for (const n of nodes) {
    const ip = n.status?.addresses?.find((a) => a.type === 'InternalIP')?.address
    if (ip) byIP.set(ip, { kind: 'Node', name: n.metadata?.name ?? '' })
  }
  for (const s of services) {
    for (const ip of s.spec?.clusterIPs ?? (s.spec?.clusterIP ? [s.spec.clusterIP] : [])) {
      if (ip && ip !== 'None') byIP.set(ip, { kind: 'Service', namespace: s.metadata?.namespace, name: s.metadata?.name ?? '' })
    }
  }
  // Pods only for the addresses the trace saw: a field selector each, served from the watch cache.
  const ips = new Set(hops.flatMap((h) => [hostOf(h.src), hostOf(h.dst)]).filter((ip) => ip && !byIP.has(ip)))
  for (const ip of ips) {
    const pods = (await cluster.client.resource<Pod & { metadata: object }>(podsGVR).list(undefined, { fieldSelector: `status.podIP=${ip}` })).items as Pod[]
    const pod = pods.find((p) => !p.spec?.hostNetwork && !p.metadata?.deletionTimestamp) ?? pods.find((p) => !p.spec?.hostNetwork)
    if (pod) byIP.set(ip, { kind: 'Pod', namespace: pod.metadata?.namespace, name: pod.metadata?.name ?? '', ...(pod.spec?.nodeName ? { node: pod.spec.nodeName } : {}) })
  }
  const known = new Map([...byIP.values()].map((r) => [`${r.kind}/${r.namespace ?? ''}/${r.name}`, r]))
  return {
    at: (ip) => byIP.get(hostOf(ip)),
    service: (namespace, name) => known.get(`Service/${namespace}/${name}`) ?? { kind: 'Service', namespace, name },
    pod: (namespace, name) => known.get(`Pod/${namespace}/${name}`) ?? { kind: 'Pod', namespace, name },
    node: (name) => (nodeNames.has(name) ? { kind: 'Node', name } : undefined)
  }
}

/** The Service kube-proxy's rule names in its comment: `--comment "default/redis-master cluster IP"`. */
function serviceOfRule(rule: string, book: AddressBook): TraceObjectRef | undefined {
  const m = /--comment "?([a-z0-9-]+)\/([a-z0-9.-]+?)(?::[^\s"]*)?[\s"]/.exec(rule)
  return m ? book.service(m[1], m[2]) : undefined
}

function placesOfHop(hop: TraceHop, previous: TraceHop | undefined, source: TraceObjectRef | undefined, book: AddressBook): TraceObjectRef[] {
  const onNode = [book.node(hop.node)].filter((r): r is TraceObjectRef => !!r)
  const atDst = book.at(hop.dst)
  switch (hop.action) {
    case 'send':
      return [book.at(hop.src) ?? source ?? onNode[0]].filter((r): r is TraceObjectRef => !!r)
    case 'resolve':
      return [atDst].filter((r): r is TraceObjectRef => !!r)
    case 'dnat': {
      const before = previous ? book.at(previous.dst) : undefined
      const svc = serviceOfRule(hop.rule, book) ?? (before?.kind === 'Service' ? before : undefined)
      return [svc, atDst].filter((r): r is TraceObjectRef => !!r)
    }
    case 'undnat': {
      const svc = book.at(hop.src)
      return svc?.kind === 'Service' ? [svc] : onNode
    }
    case 'encapsulate':
      return [...onNode, atDst].filter((r): r is TraceObjectRef => !!r)
    case 'deliver':
      return [atDst ?? onNode[0]].filter((r): r is TraceObjectRef => !!r)
    case 'bridge':
      // The node's bridge hands the packet to the receiving pod's veth.
      return [...onNode, ...(atDst?.kind === 'Pod' ? [atDst] : [])]
    case 'drop':
      // Where it was going when dropped: a Service without that port, a pod that does not listen; else the node.
      return atDst && atDst.kind !== 'Node' ? [atDst] : onNode
    default:
      return onNode
  }
}

/** The objects a drop's reason names, in the order it names them: `Service default/web`, `pod default/web-1`, `node kubelab-worker`. */
export function culpritsOf(reason: string, book: Pick<AddressBook, 'service' | 'pod' | 'node'>): TraceObjectRef[] {
  const out: TraceObjectRef[] = []
  const seen = new Set<string>()
  const pattern = /\b(Service|pod|[Nn]ode)s? ([a-z0-9][a-z0-9.-]*)(?:\/([a-z0-9][a-z0-9.-]*[a-z0-9]))?/g
  for (const m of reason.matchAll(pattern)) {
    const [, word, first, second] = m
    const ref = word === 'Service' && second ? book.service(first, second) : word === 'pod' && second ? book.pod(first, second) : /^[Nn]ode$/.test(word) && !second ? book.node(first.replace(/[.]$/, '')) : undefined
    const key = ref && `${ref.kind}/${ref.namespace ?? ''}/${ref.name}`
    if (ref && !seen.has(key!)) {
      seen.add(key!)
      out.push(ref)
    }
  }
  return out
}

export async function placesOfTrace(cluster: Cluster, request: TraceRequest, result: TraceResult): Promise<{ places: TraceObjectRef[][]; culprits: TraceObjectRef[] }> {
  const book = await addressBook(cluster, result.hops)
  const [ns, name] = (request.source.pod ?? '').split('/')
  const source = request.source.pod && name ? book.pod(ns, name) : request.source.node ? book.node(request.source.node) : undefined
  const places = result.hops.map((h, i) => placesOfHop(h, result.hops[i - 1], source, book))
  const culprits = result.verdict === 'Dropped' ? culpritsOf(result.reason, book) : []
  // A blamed pod the trace never reached by address: its node, for a canvas that draws it inside a summary.
  for (const c of culprits) {
    if (c.kind !== 'Pod' || c.node) continue
    const pod = (await cluster.client.resource<Pod & { metadata: object }>(podsGVR).get(c.namespace, c.name).catch(() => undefined)) as Pod | undefined
    if (pod?.spec?.nodeName) c.node = pod.spec.nodeName
  }
  return { places, culprits }
}
