import type { EndpointPort, EndpointSlice } from 'kubernetes-types/discovery/v1'
import type { Service } from 'kubernetes-types/core/v1'
import { headlessLabel, isServiceIPSet } from '../endpoints/pod-endpoints'
import type { AddressType } from './endpoint'

/** The label naming a slice's Service. */
export const serviceNameLabel = 'kubernetes.io/service-name'
/** The label naming a slice's writer. */
export const managedByLabel = 'endpointslice.kubernetes.io/managed-by'
/** This controller's managed-by value. */
export const controllerManagedBy = 'endpointslice-controller.k8s.io'

const reservedLabels = new Set([serviceNameLabel, managedByLabel, headlessLabel])

/** ownedBy: the slice's owner references include the Service (by uid). */
export function ownedBy(slice: EndpointSlice, svc: Service): boolean {
  return (slice.metadata?.ownerReferences ?? []).some((r) => r.uid === svc.metadata?.uid && r.kind === 'Service' && r.apiVersion === 'v1')
}

/**
 * setEndpointSliceLabels: the Service's labels (reserved keys aside), the
 * headless label for headless Services, and the service-name and
 * managed-by labels; plus whether the slice's own labels differ.
 */
export function sliceLabels(slice: EndpointSlice, svc: Service): { labels: Record<string, string>; changed: boolean } {
  const labels: Record<string, string> = {}
  for (const [k, v] of Object.entries(svc.metadata?.labels ?? {})) if (!reservedLabels.has(k)) labels[k] = v
  const own = Object.entries(slice.metadata?.labels ?? {}).filter(([k]) => !reservedLabels.has(k))
  const changed = own.length !== Object.keys(labels).length || own.some(([k, v]) => labels[k] !== v)
  if (!isServiceIPSet(svc)) labels[headlessLabel] = ''
  labels[serviceNameLabel] = svc.metadata?.name ?? ''
  labels[managedByLabel] = controllerManagedBy
  return { labels, changed: changed || slice.metadata?.labels?.[headlessLabel] !== labels[headlessLabel] }
}

/** getEndpointSlicePrefix: `<service>-`, so the API appends five random characters. */
function slicePrefix(serviceName: string): string {
  // A name at the length limit gets no dash, as Kubernetes falls back to the bare name then.
  return serviceName.length < 253 ? `${serviceName}-` : serviceName
}

/** newEndpointSlice: an empty slice owned by the Service, for these ports and address type. */
export function newEndpointSlice(svc: Service, ports: EndpointPort[], addressType: AddressType): EndpointSlice {
  const slice: EndpointSlice = {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      generateName: slicePrefix(svc.metadata?.name ?? ''),
      namespace: svc.metadata?.namespace,
      ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: svc.metadata?.name ?? '', uid: svc.metadata?.uid ?? '', controller: true, blockOwnerDeletion: true }]
    },
    addressType,
    endpoints: [],
    ports
  }
  slice.metadata!.labels = sliceLabels(slice, svc).labels
  return slice
}
