import type { Endpoint, EndpointPort } from 'kubernetes-types/discovery/v1'
import type { Node, Pod, Service } from 'kubernetes-types/core/v1'
import { deepEqual } from '../../apimachinery/validation'
import { findPort, isIPv6, isPodReady, podIPs, shouldSetHostname } from '../endpoints/pod-endpoints'

/**
 * One pod as an EndpointSlice endpoint (endpointslice/utils.go): its
 * addresses of the slice's family, the ready/serving/terminating
 * conditions, node, zone and a reference to it; and the ports it serves.
 */

/** The address families of EndpointSlices. */
export type AddressType = 'IPv4' | 'IPv6'

const zoneLabel = 'topology.kubernetes.io/zone'

/** getEndpointAddresses: the pod's IPs of that family. */
function addressesOf(pod: Pod, addressType: AddressType): string[] {
  return podIPs(pod).filter((ip) => isIPv6(ip) === (addressType === 'IPv6'))
}

/**
 * podToEndpoint. Serving is the pod's readiness; ready is serving and not
 * terminating (or anything, for a Service publishing not-ready addresses),
 * so consumers that predate `serving` never route to a terminating pod.
 */
export function podToEndpoint(pod: Pod, node: Node | undefined, svc: Service, addressType: AddressType): Endpoint {
  const serving = isPodReady(pod)
  const terminating = !!pod.metadata?.deletionTimestamp
  const ready = (svc.spec?.publishNotReadyAddresses ?? false) || (serving && !terminating)
  const ep: Endpoint = {
    addresses: addressesOf(pod, addressType),
    conditions: { ready, serving, terminating },
    targetRef: { kind: 'Pod', namespace: pod.metadata?.namespace, name: pod.metadata?.name, uid: pod.metadata?.uid }
  }
  if (pod.spec?.nodeName) ep.nodeName = pod.spec.nodeName
  const zone = node?.metadata?.labels?.[zoneLabel]
  if (zone) ep.zone = zone
  if (shouldSetHostname(pod, svc)) ep.hostname = pod.spec?.hostname
  return ep
}

/** getEndpointPorts: the Service's ports as this pod serves them; none for a port-less headless Service. */
export function endpointPorts(svc: Service, pod: Pod): EndpointPort[] {
  const ports: EndpointPort[] = []
  for (const sp of svc.spec?.ports ?? []) {
    const port = findPort(pod, sp)
    if (port === undefined) continue
    const ep: EndpointPort = { name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP' }
    if (sp.appProtocol !== undefined) ep.appProtocol = sp.appProtocol
    ports.push(ep)
  }
  return ports
}

/** JSON with sorted keys, for keys of maps. */
function stable(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v
  )
}

/** NewPortMapKey: the same set of ports, in any order, gives the same key. */
export function portMapKey(ports: readonly EndpointPort[]): string {
  return stable(ports.map((p) => stable({ name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP', appProtocol: p.appProtocol })).sort())
}

/** hashEndpoint: an endpoint's identity (addresses, hostname, target), not its state. */
export function endpointKey(ep: Endpoint): string {
  return stable({ addresses: [...ep.addresses].sort(), hostname: ep.hostname ?? '', namespace: ep.targetRef?.namespace ?? '', name: ep.targetRef?.name ?? '' })
}

/** EndpointsEqualBeyondHash: the same node, zone, conditions, hints and target. */
export function endpointsEqualBeyondHash(a: Endpoint, b: Endpoint): boolean {
  return (
    (a.nodeName ?? '') === (b.nodeName ?? '') &&
    (a.zone ?? '') === (b.zone ?? '') &&
    a.conditions?.ready === b.conditions?.ready &&
    a.conditions?.serving === b.conditions?.serving &&
    a.conditions?.terminating === b.conditions?.terminating &&
    deepEqual(a.hints ?? {}, b.hints ?? {}) &&
    deepEqual(a.targetRef, b.targetRef)
  )
}
