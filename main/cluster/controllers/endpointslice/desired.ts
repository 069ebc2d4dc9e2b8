import type { Endpoint, EndpointPort } from 'kubernetes-types/discovery/v1'
import type { Node, Pod, Service } from 'kubernetes-types/core/v1'
import { deepFreeze } from '../../storage/freeze'
import { ServicePodMemo } from '../endpoints/pod-memo'
import { shouldPodBeInEndpoints } from '../endpoints/pod-endpoints'
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

/** What the plan reads of one pod version, kept with it: whether it is published, its node, and its endpoint as built for that node's zone (a zone label may change under a pod). */
export interface Cell {
  /** shouldPodBeInEndpoints, terminating pods included (they are published as not ready). */
  published: boolean
  nodeName: string
  zone?: string
  value?: DesiredEndpoint
}

const memos: Record<AddressType, ServicePodMemo<Cell>> = { IPv4: new ServicePodMemo(), IPv6: new ServicePodMemo() }

/** One Service's pods as the plan reads them, for one sync. */
export interface DesiredEndpoints {
  /** The pod's cell (what the plan reads of this pod version): a sync reads an unchanged pod's from the memo, not from the pod. */
  cell(pod: Pod): Cell
  /** podToEndpoint and getEndpointPorts for a published pod on `node` (or none, for a Service publishing not-ready addresses). */
  endpoint(pod: Pod, cell: Cell, node: Node | undefined): DesiredEndpoint
}

/**
 * The desired endpoints of one Service's pods, deep-frozen and kept per
 * Service and pod version: a sync of a Service of a thousand pods rebuilds
 * only the pods (or zones) that changed, and reads nothing else of the
 * others (their objects are cold in a big cluster's heap). The Service's
 * memo is looked up once per sync.
 */
export function desiredEndpoints(svc: Service, addressType: AddressType): DesiredEndpoints {
  const cellOf = memos[addressType].forService(svc)
  return {
    cell: (pod) => cellOf(pod, () => ({ published: shouldPodBeInEndpoints(pod, true), nodeName: pod.spec?.nodeName ?? '' })),
    endpoint(pod, cell, node) {
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
  }
}
