import type { Service } from 'kubernetes-types/core/v1'
import type { EndpointSlice } from 'kubernetes-types/discovery/v1'
import type { ServicePortName } from './types'

/**
 * What kube-proxy reads from a Service and its EndpointSlices
 * (pkg/proxy/serviceport.go, endpoint.go, endpointslicecache.go): one entry
 * per service port, with its endpoints and their conditions.
 */

/** A Service port as the proxier sees it. */
export interface ServicePortInfo {
  name: ServicePortName
  clusterIP: string
  port: number
  nodePort: number
  /** spec.healthCheckNodePort (LoadBalancer with externalTrafficPolicy Local), 0 when none. */
  healthCheckNodePort: number
  externalIPs: string[]
  loadBalancerIPs: string[]
  /** spec.loadBalancerSourceRanges: only these sources may use the load-balancer IPs (KUBE-FW). */
  loadBalancerSourceRanges: string[]
  /** spec.externalTrafficPolicy Local on a NodePort/LoadBalancer (or with externalIPs). */
  externalPolicyLocal: boolean
  /** spec.internalTrafficPolicy Local. */
  internalPolicyLocal: boolean
  /** ClientIP session affinity timeout (s), 0 without affinity. */
  stickySeconds: number
}

/** One endpoint of a service port. */
export interface EndpointInfo {
  ip: string
  port: number
  /** `ip:port`. */
  endpoint: string
  nodeName?: string
  ready: boolean
  serving: boolean
  terminating: boolean
}

/** Labels that make kube-proxy ignore a Service or a slice. */
const serviceProxyNameLabel = 'service.kubernetes.io/service-proxy-name'

/** Whether kube-proxy programs the Service at all: not headless, not ExternalName, not handed to another proxy. */
export function proxiedService(svc: Service): boolean {
  const ip = svc.spec?.clusterIP
  if (!ip || ip === 'None') return false
  if (svc.spec?.type === 'ExternalName') return false
  return !svc.metadata?.labels?.[serviceProxyNameLabel]
}

/** Whether traffic reaches the service from outside (NodePort, LoadBalancer, externalIPs). */
export function externallyAccessible(info: ServicePortInfo): boolean {
  return info.nodePort > 0 || info.externalIPs.length > 0 || info.loadBalancerIPs.length > 0
}

/** The service ports of a proxied Service (IPv4 only, as our cluster is). */
export function servicePorts(svc: Service): ServicePortInfo[] {
  if (!proxiedService(svc)) return []
  const spec = svc.spec!
  const namespace = svc.metadata?.namespace ?? 'default'
  const name = svc.metadata?.name ?? ''
  const external = spec.type === 'NodePort' || spec.type === 'LoadBalancer' || (spec.externalIPs?.length ?? 0) > 0
  const stickySeconds = spec.sessionAffinity === 'ClientIP' ? (spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800) : 0
  const lbIPs = (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip).filter((ip): ip is string => !!ip)
  return (spec.ports ?? []).map((p) => ({
    name: { namespace, name, port: p.name ?? '', protocol: (p.protocol ?? 'TCP') as ServicePortName['protocol'] },
    clusterIP: spec.clusterIP!,
    port: p.port,
    nodePort: p.nodePort ?? 0,
    healthCheckNodePort: spec.healthCheckNodePort ?? 0,
    externalIPs: spec.externalIPs ?? [],
    loadBalancerIPs: lbIPs,
    loadBalancerSourceRanges: (spec.loadBalancerSourceRanges ?? []).map((r) => r.trim()).filter(Boolean),
    externalPolicyLocal: external && spec.externalTrafficPolicy === 'Local',
    internalPolicyLocal: spec.internalTrafficPolicy === 'Local',
    stickySeconds
  }))
}

/** Whether a slice belongs to kube-proxy's view: an IPv4 slice of a Service, not of another proxy. */
function proxiedSlice(slice: EndpointSlice): boolean {
  if (slice.addressType !== 'IPv4') return false
  if (slice.metadata?.labels?.[serviceProxyNameLabel]) return false
  return !!slice.metadata?.labels?.['kubernetes.io/service-name']
}

/**
 * The endpoints of one service port, merged from the Service's slices
 * (matched by port name and protocol), deduplicated by `ip:port` and sorted
 * by it, as the endpoint slice cache returns them.
 */
export function endpointsFor(spn: ServicePortName, slices: readonly EndpointSlice[]): EndpointInfo[] {
  const byEndpoint = new Map<string, EndpointInfo>()
  for (const slice of slices) {
    if (!proxiedSlice(slice)) continue
    for (const port of slice.ports ?? []) {
      if ((port.name ?? '') !== spn.port || (port.protocol ?? 'TCP') !== spn.protocol || port.port === undefined) continue
      for (const ep of slice.endpoints ?? []) {
        const ip = ep.addresses?.[0]
        if (!ip) continue
        const endpoint = `${ip}:${port.port}`
        if (byEndpoint.has(endpoint)) continue
        // EndpointSlice semantics: a missing ready/serving reads as true, a missing terminating as false.
        const ready = ep.conditions?.ready ?? true
        byEndpoint.set(endpoint, {
          ip,
          port: port.port,
          endpoint,
          nodeName: ep.nodeName,
          ready,
          serving: ep.conditions?.serving ?? ready,
          terminating: ep.conditions?.terminating ?? false
        })
      }
    }
  }
  return [...byEndpoint.values()].sort((a, b) => (a.endpoint < b.endpoint ? -1 : a.endpoint > b.endpoint ? 1 : 0))
}

/** UsesClusterEndpoints / UsesLocalEndpoints of pkg/proxy/serviceport.go. */
export function usesClusterEndpoints(info: ServicePortInfo): boolean {
  return !info.internalPolicyLocal || (externallyAccessible(info) && !info.externalPolicyLocal)
}

export function usesLocalEndpoints(info: ServicePortInfo): boolean {
  return info.internalPolicyLocal || (externallyAccessible(info) && info.externalPolicyLocal)
}

/** The endpoints each traffic policy uses on one node (proxy.CategorizeEndpoints, without topology hints). */
export interface CategorizedEndpoints {
  cluster: EndpointInfo[]
  local: EndpointInfo[]
  /** Every endpoint this node may DNAT to: each gets a KUBE-SEP chain. */
  reachable: EndpointInfo[]
  /** Whether the service has usable endpoints anywhere. */
  hasAny: boolean
}

/**
 * Ready endpoints first; when none is ready anywhere, the serving and
 * terminating ones (graceful termination, GA since 1.28). Local traffic
 * policy does the same with this node's endpoints.
 */
export function categorizeEndpoints(info: ServicePortInfo, endpoints: readonly EndpointInfo[], node: string): CategorizedEndpoints {
  const servingTerminating = (ep: EndpointInfo) => ep.serving && ep.terminating
  let cluster: EndpointInfo[] = []
  let hasAny = false
  if (usesClusterEndpoints(info)) {
    cluster = endpoints.filter((ep) => ep.ready)
    if (!cluster.length) cluster = endpoints.filter(servingTerminating)
    hasAny = cluster.length > 0
  }
  if (!usesLocalEndpoints(info)) return { cluster, local: [], reachable: cluster, hasAny }
  let localReady = false
  let localServingTerminating = false
  for (const ep of endpoints) {
    const isLocal = ep.nodeName === node
    if (ep.ready) {
      hasAny = true
      if (isLocal) localReady = true
    } else if (servingTerminating(ep)) {
      hasAny = true
      if (isLocal) localServingTerminating = true
    }
  }
  let local: EndpointInfo[] = []
  if (localReady) local = endpoints.filter((ep) => ep.nodeName === node && ep.ready)
  else if (localServingTerminating) local = endpoints.filter((ep) => ep.nodeName === node && servingTerminating(ep))
  if (!usesClusterEndpoints(info)) return { cluster, local, reachable: local, hasAny }
  if (!localServingTerminating || localReady) return { cluster, local, reachable: cluster, hasAny }
  const merged = new Map(cluster.map((ep) => [ep.endpoint, ep]))
  for (const ep of local) merged.set(ep.endpoint, ep)
  return { cluster, local, reachable: [...merged.values()], hasAny }
}
