import type { Service } from 'kubernetes-types/core/v1'
import type { EndpointSlice } from 'kubernetes-types/discovery/v1'
import type { ControllerWatch } from '../client/controller'
import { IndexNames } from '../client/indexer-builtins'
import type { Informer } from '../client/informer'

/**
 * What kube-proxy and CoreDNS both follow: each Service with its
 * EndpointSlices, as one work item keyed `namespace/name`. A slice names its
 * Service in the `kubernetes.io/service-name` label.
 */
export const servicesGVR = { group: '', version: 'v1', resource: 'services' }
export const slicesGVR = { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' }
const serviceNameLabel = 'kubernetes.io/service-name'

/** The controller watches: a Service by its own key, a slice by its Service's. */
export const serviceAndSliceWatches: ControllerWatch[] = [
  { resource: servicesGVR },
  {
    resource: slicesGVR,
    keys: (obj) => {
      const name = obj.metadata?.labels?.[serviceNameLabel]
      return name ? [`${obj.metadata?.namespace}/${name}`] : []
    }
  }
]

/** The Service of a key (undefined once deleted) and the slices that name it, from the informers' caches. */
export function serviceAndSlices(
  services: Informer<Service> | undefined,
  slices: Informer<EndpointSlice> | undefined,
  key: string
): { service: Service | undefined; slices: EndpointSlice[] } {
  const [namespace, name] = key.split('/')
  return {
    service: services?.getByName(namespace, name),
    slices: (slices?.byIndex(IndexNames.label, `${serviceNameLabel}=${name}`) ?? []).filter((s) => s.metadata?.namespace === namespace)
  }
}
