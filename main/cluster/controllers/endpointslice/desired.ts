import type { Endpoint, EndpointPort } from 'kubernetes-types/discovery/v1'
import type { Node, Pod, Service } from 'kubernetes-types/core/v1'
import { deepFreeze } from '../../storage/freeze'
import { ServicePodMemo } from '../endpoints/pod-memo'
import { type AddressType, endpointKey, endpointPorts, podToEndpoint, portMapKey } from './endpoint'

/** One pod as its Service wants it in a slice: the ports it serves and its endpoint, with their map keys. */
export interface DesiredEndpoint {
  ports: EndpointPort[]
  /** portMapKey(ports). */
  portKey: string
  endpoint: Endpoint
  /** endpointKey(endpoint). */
  key: string
}

const zoneLabel = 'topology.kubernetes.io/zone'

/** A memo cell: the endpoint as built for the node's zone then (a zone label may change under a pod). */
interface Cell {
  zone?: string
  value?: DesiredEndpoint
}

const memos: Record<AddressType, ServicePodMemo<Cell>> = { IPv4: new ServicePodMemo(), IPv6: new ServicePodMemo() }

/**
 * podToEndpoint and getEndpointPorts for a pod on a known node (or none, for
 * a Service publishing not-ready addresses), deep-frozen and kept per
 * Service and pod version: a sync of a Service of a thousand pods rebuilds
 * only the pods (or zones) that changed.
 */
export function desiredEndpoint(svc: Service, pod: Pod, node: Node | undefined, addressType: AddressType): DesiredEndpoint {
  const zone = node?.metadata?.labels?.[zoneLabel]
  const cell = memos[addressType].get(svc, pod, () => ({}))
  if (cell.value && cell.zone === zone) return cell.value
  const ports = endpointPorts(svc, pod)
  const endpoint = podToEndpoint(pod, node, svc, addressType)
  const value = deepFreeze({ ports, portKey: portMapKey(ports), endpoint, key: endpointKey(endpoint) })
  // Cells of objects that are not frozen are fresh each time: storing in them is harmless.
  cell.zone = zone
  cell.value = value
  return value
}
