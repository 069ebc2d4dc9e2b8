import type { Service } from 'kubernetes-types/core/v1'
import type { EndpointSlice } from 'kubernetes-types/discovery/v1'
import { IndexNames } from '../client/indexer-builtins'
import type { Informer } from '../client/informer'
import type { SharedInformerFactory } from '../client/informer-factory'

/**
 * What kube-proxy and CoreDNS both follow: each Service with its
 * EndpointSlices, keyed `namespace/name`. A slice names its Service in the
 * `kubernetes.io/service-name` label.
 */
export const servicesGVR = { group: '', version: 'v1', resource: 'services' }
export const slicesGVR = { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' }
const serviceNameLabel = 'kubernetes.io/service-name'

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

/**
 * Hands `changed` each Service's current state (the Service, undefined once
 * deleted, and its slices) whenever the Service or one of its slices changes,
 * in the informers' event handlers, as kube-proxy's change trackers take
 * them: whoever reads the result after the informers see a change sees it
 * too. `changed` must be cheap (record the state; build from it later).
 * Returns the function that stops following.
 */
export function followServicesAndSlices(
  informers: SharedInformerFactory,
  changed: (key: string, service: Service | undefined, slices: EndpointSlice[]) => void
): () => void {
  const services = informers.informerFor<Service>(servicesGVR)
  const slices = informers.informerFor<EndpointSlice>(slicesGVR)
  const sync = (key: string): void => {
    const state = serviceAndSlices(services, slices, key)
    changed(key, state.service, state.slices)
  }
  const serviceKey = (svc: Service): string => `${svc.metadata?.namespace}/${svc.metadata?.name}`
  const sliceKey = (slice: EndpointSlice): string | undefined => {
    const name = slice.metadata?.labels?.[serviceNameLabel]
    return name ? `${slice.metadata?.namespace}/${name}` : undefined
  }
  const onSlice = (...versions: EndpointSlice[]): void => {
    for (const key of new Set(versions.map(sliceKey))) if (key) sync(key)
  }
  const offServices = services.addEventHandler({
    onAdd: (svc) => sync(serviceKey(svc)),
    onUpdate: (_old, svc) => sync(serviceKey(svc)),
    onDelete: (svc) => sync(serviceKey(svc))
  })
  // A relabelled slice leaves one Service and joins another: both are synced.
  const offSlices = slices.addEventHandler({ onAdd: (s) => onSlice(s), onUpdate: (old, s) => onSlice(old, s), onDelete: (s) => onSlice(s) })
  return () => {
    offServices()
    offSlices()
  }
}
