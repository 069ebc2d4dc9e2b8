import type { Endpoint, EndpointPort } from 'kubernetes-types/discovery/v1'
import type { Node, ObjectReference, Pod, Service } from 'kubernetes-types/core/v1'
import { deepEqual } from '../../apimachinery/validation'
import { memoizeFrozen } from '../../apimachinery/frozen-memo'
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
  const targetRef: ObjectReference = { kind: 'Pod' }
  // Only defined fields: a frozen endpoint may be stored as it is, and must be what JSON would make of it.
  if (pod.metadata?.namespace !== undefined) targetRef.namespace = pod.metadata.namespace
  if (pod.metadata?.name !== undefined) targetRef.name = pod.metadata.name
  if (pod.metadata?.uid !== undefined) targetRef.uid = pod.metadata.uid
  const ep: Endpoint = { addresses: addressesOf(pod, addressType), conditions: { ready, serving, terminating }, targetRef }
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

// Map keys join fields with NUL, which no name, protocol or address the API accepts contains.

/** One port as a map-key part: every field. */
function portKey(p: EndpointPort): string {
  return `${p.name ?? ''}\u0000${p.port}\u0000${p.protocol ?? 'TCP'}\u0000${p.appProtocol === undefined ? '' : `=${p.appProtocol}`}`
}

/** NewPortMapKey: the same set of ports, in any order, gives the same key. */
export function portMapKey(ports: readonly EndpointPort[]): string {
  if (ports.length === 1) return portKey(ports[0])
  return ports.map(portKey).sort().join('\n')
}

/** hashEndpoint: an endpoint's identity (addresses, hostname, target), not its state; computed once for a frozen endpoint (those of cached slices, and the desired ones). */
export const endpointKey = memoizeFrozen(computeEndpointKey)

function computeEndpointKey(ep: Endpoint): string {
  const addresses = ep.addresses.length === 1 ? ep.addresses[0] : [...ep.addresses].sort().join('\n')
  return `${addresses}\u0000${ep.hostname ?? ''}\u0000${ep.targetRef?.namespace ?? ''}\u0000${ep.targetRef?.name ?? ''}`
}

/** EndpointsEqualBeyondHash: the same node, zone, conditions, hints and target. */
export function endpointsEqualBeyondHash(a: Endpoint, b: Endpoint): boolean {
  return (
    a === b ||
    ((a.nodeName ?? '') === (b.nodeName ?? '') &&
    (a.zone ?? '') === (b.zone ?? '') &&
    a.conditions?.ready === b.conditions?.ready &&
    a.conditions?.serving === b.conditions?.serving &&
    a.conditions?.terminating === b.conditions?.terminating &&
    (a.hints === b.hints || deepEqual(a.hints ?? {}, b.hints ?? {})) &&
    deepEqual(a.targetRef, b.targetRef))
  )
}
