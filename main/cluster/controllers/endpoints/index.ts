import type { Endpoints, Pod, Service } from 'kubernetes-types/core/v1'
import type { Component, ComponentFactory } from '../../component'
import { Controller } from '../../client/controller'
import { reconcileTurns } from '../../client/turn-budget'
import { objectKey } from '../../client/indexer-keys'
import type { Informer } from '../../client/informer'
import { serviceSelector, servicesForPod } from './service-pods'
import { podEndpointsChanged } from './pod-endpoints'
import { type EndpointsSyncContext, syncService } from './sync-endpoints'
import { TriggerTimeTracker } from './trigger-time'
import { EndpointsWriteTracker } from './write-tracker'

const servicesGVR = { group: '', version: 'v1', resource: 'services' }
const podsGVR = { group: '', version: 'v1', resource: 'pods' }
const endpointsGVR = { group: '', version: 'v1', resource: 'endpoints' }

const controllerName = 'endpoint-controller'

/** kube-controller-manager's --concurrent-endpoint-syncs default. */
const workers = 5

/**
 * An Endpoints change concerns its Service only when the controller writes
 * that Service's Endpoints (it has a selector), so hand-made Endpoints of
 * selector-less Services are never touched.
 */
function endpointsKeys(services: Informer<Service>): (ep: Endpoints) => string[] {
  return (ep) => {
    const svc = services.getByName(ep.metadata?.namespace, ep.metadata?.name ?? '')
    return svc && serviceSelector(svc) ? [objectKey(ep)] : []
  }
}

/**
 * The Endpoints controller: for every Service with a selector, an Endpoints
 * object of the same name listing the selected pods' IPs, ready ones in
 * addresses and the others in notReadyAddresses, per resolved port. A pod
 * change enqueues only the Services of its namespace that select it.
 */
export const endpointsComponent: ComponentFactory = (ctx): Component => {
  const services = ctx.informers.informerFor<Service>(servicesGVR)
  const pods = ctx.informers.informerFor<Pod>(podsGVR)
  const endpointsInformer = ctx.informers.informerFor<Endpoints>(endpointsGVR)
  const ec: EndpointsSyncContext = {
    services,
    pods,
    endpointsInformer,
    endpoints: ctx.client.resource<Endpoints>(endpointsGVR),
    triggerTimes: new TriggerTimeTracker(),
    writes: new EndpointsWriteTracker(),
    pause: () => reconcileTurns.pauseIfSpent(ctx.clock),
    events: ctx.events({ component: controllerName })
  }
  const controller = new Controller(
    {
      name: controllerName,
      workers,
      watches: [
        { resource: servicesGVR },
        { resource: podsGVR, keys: ((pod: Pod) => servicesForPod(services, pod)) as never, ignoreUpdate: ((old: Pod, cur: Pod) => !podEndpointsChanged(old, cur)) as never },
        // Our own writes coming back need no sync; anyone else's change (or a deletion) is undone by one.
        {
          resource: endpointsGVR,
          keys: endpointsKeys(services) as never,
          ignoreAdd: ((ep: Endpoints) => ec.writes.isOwnWrite(ep)) as never,
          ignoreUpdate: ((_: Endpoints, ep: Endpoints) => ec.writes.isOwnWrite(ep)) as never
        }
      ],
      reconcile: (key) => syncService(ec, key)
    },
    { factory: ctx.informers, logger: ctx.logger }
  )
  return {
    name: controllerName,
    start: () => controller.start(),
    async stop() {
      await controller.stop()
      await ec.events.flush()
    }
  }
}
