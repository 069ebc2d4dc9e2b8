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
 * podToEndpoint and getEndpointPorts, for each of one Service's pods on a known node (or none, for
 * a Service publishing not-ready addresses), deep-frozen and kept per
 * Service and pod version: a sync of a Service of a thousand pods rebuilds
 * only the pods (or zones) that changed. The Service's memo is looked up
 * once per sync (the returned function), not once per pod.
 */
export function desiredEndpoints(svc: Service, addressType: AddressType): (pod: Pod, node: Node | undefined) => DesiredEndpoint {
  const cellOf = memos[addressType].forService(svc)
  return (pod, node) => desiredFor(svc, pod, node, addressType, cellOf(pod, () => ({})))
}

function desiredFor(svc: Service, pod: Pod, node: Node | undefined, addressType: AddressType, cell: Cell): DesiredEndpoint {
  const zone = node?.metadata?.labels?.[zoneLabel]
  if (cell.value && cell.zone === zone) return cell.value
  const ports = endpointPorts(svc, pod)
  const endpoint = podToEndpoint(pod, node, svc, addressType)
  const value = deepFreeze({ ports, portKey: portMapKey(ports), endpoint, key: endpointKey(endpoint) })
  // Cells of objects that are not frozen are fresh each time: storing in them is harmless.
  cell.zone = zone
  cell.value = value
  return value
}
