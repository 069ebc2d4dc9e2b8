import type { Endpoints, Service } from 'kubernetes-types/core/v1'
import { isConflict, isNotFound } from '../apimachinery/errors'
import { ControllerComponent } from '../client/controller-component'
import type { Informer } from '../client/informer'
import type { ResourceClient } from '../client/types'
import type { Component, ComponentFactory } from '../component'
import type { Clock } from '../clock/types'
import type { APIServiceCondition, APIServiceObject } from '../registry/kinds/apiservice'

/**
 * kube-aggregator's APIService availability controller (run by
 * kube-apiserver): writes each APIService's Available condition. A Local one
 * is always available; one backed by a Service needs the Service, a port of
 * it the APIService names, and ready endpoints, and then answers discovery.
 * Kubelab does not proxy requests to aggregated API servers, so a backed
 * APIService that passes the Service checks fails the discovery check, with
 * that said in its message.
 */

const apiServicesGVR = { group: 'apiregistration.k8s.io', version: 'v1', resource: 'apiservices' }
const servicesGVR = { group: '', version: 'v1', resource: 'services' }
const endpointsGVR = { group: '', version: 'v1', resource: 'endpoints' }
const controllerName = 'apiservice-availability'

type Verdict = Pick<APIServiceCondition, 'status' | 'reason' | 'message'>

/** The Available verdict for an APIService, as the available controller's sync reaches it. */
export function availability(a: APIServiceObject, services: Informer<Service>, endpoints: Informer<Endpoints>): Verdict {
  const ref = a.spec?.service
  if (!ref) return { status: 'True', reason: 'Local', message: 'Local APIServices are always available' }
  const where = `service/${ref.name ?? ''} in ${JSON.stringify(ref.namespace ?? '')}`
  const svc = services.getByName(ref.namespace ?? '', ref.name ?? '')
  if (!svc) return { status: 'False', reason: 'ServiceNotFound', message: `${where} is not present` }
  const port = ref.port ?? 443
  const servicePort = svc.spec?.ports?.find((p) => p.port === port)
  if (svc.spec?.type !== 'ExternalName') {
    if (!servicePort) return { status: 'False', reason: 'ServicePortError', message: `${where} is not listening on port ${port}` }
    const ep = endpoints.getByName(ref.namespace ?? '', ref.name ?? '')
    if (!ep) return { status: 'False', reason: 'EndpointsNotFound', message: `cannot find endpoints for ${where}` }
    const ready = (ep.subsets ?? []).some((s) => (s.addresses ?? []).length > 0 && (s.ports ?? []).some((p) => (p.name ?? '') === (servicePort.name ?? '')))
    if (!ready) return { status: 'False', reason: 'MissingEndpoints', message: `endpoints for ${where} have no addresses with port name ${JSON.stringify(servicePort.name ?? '')}` }
  }
  const host = svc.spec?.type === 'ExternalName' ? svc.spec.externalName : svc.spec?.clusterIP
  return {
    status: 'False',
    reason: 'FailedDiscoveryCheck',
    message: `failing or missing response from https://${host ?? ''}:${port}/apis/${a.spec?.group ?? ''}/${a.spec?.version ?? ''}: Kubelab does not proxy to aggregated API servers`
  }
}

async function sync(name: string, apiServices: Informer<APIServiceObject>, client: ResourceClient<APIServiceObject>, services: Informer<Service>, endpoints: Informer<Endpoints>, clock: Clock): Promise<void> {
  const a = apiServices.getByName(undefined, name)
  if (!a) return
  const verdict = availability(a, services, endpoints)
  const current = a.status?.conditions?.find((c) => c.type === 'Available')
  if (current && current.status === verdict.status && current.reason === verdict.reason && current.message === verdict.message) return
  // The transition time moves only when the status flips.
  const lastTransitionTime = current?.status === verdict.status && current.lastTransitionTime ? current.lastTransitionTime : clock.rfc3339()
  const conditions = [...(a.status?.conditions ?? []).filter((c) => c.type !== 'Available'), { type: 'Available', ...verdict, lastTransitionTime }]
  try {
    await client.updateStatus({ ...a, status: { conditions } })
  } catch (e) {
    // Gone, or changed meanwhile: the watch brings the next version back here.
    if (!isNotFound(e) && !isConflict(e)) throw e
  }
}

export const apiServiceAvailabilityComponent: ComponentFactory = (ctx): Component => {
  const component = new ControllerComponent(ctx, controllerName)
  const apiServices = component.informer<APIServiceObject>(apiServicesGVR)
  const services = component.informer<Service>(servicesGVR)
  const endpoints = component.informer<Endpoints>(endpointsGVR)
  const client = component.resourceClient<APIServiceObject>(apiServicesGVR)
  /** The APIServices backed by a Service in that namespace with that name. */
  const backedBy = (namespace: string | undefined, name: string | undefined): string[] =>
    apiServices
      .list()
      .filter((a) => a.spec?.service?.namespace === namespace && a.spec?.service?.name === name)
      .map((a) => a.metadata.name ?? '')
  component.controller({
    watches: [
      { resource: apiServicesGVR, keys: (a: APIServiceObject) => [a.metadata.name ?? ''] },
      { resource: servicesGVR, keys: (s: Service) => backedBy(s.metadata?.namespace, s.metadata?.name) },
      { resource: endpointsGVR, keys: (e: Endpoints) => backedBy(e.metadata?.namespace, e.metadata?.name) }
    ],
    reconcile: (name) => sync(name, apiServices, client, services, endpoints, ctx.clock)
  })
  return component
}
