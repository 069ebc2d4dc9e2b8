import type { EndpointSlice } from 'kubernetes-types/discovery/v1'
import type { Node, Pod, Service } from 'kubernetes-types/core/v1'
import type { Component, ComponentFactory } from '../../component'
import { Controller } from '../../client/controller'
import { reconcileTurns } from '../../client/turn-budget'
import { keyOf } from '../../client/indexer-keys'
import { servicesForPod } from '../endpoints/service-pods'
import { podEndpointsChanged } from '../endpoints/pod-endpoints'
import { TriggerTimeTracker } from '../endpoints/trigger-time'
import { controllerManagedBy, managedByLabel, serviceNameLabel } from './slice-meta'
import { type SliceSyncContext, syncService } from './sync-slices'
import { EndpointSliceTracker } from './tracker'

const servicesGVR = { group: '', version: 'v1', resource: 'services' }
const podsGVR = { group: '', version: 'v1', resource: 'pods' }
const nodesGVR = { group: '', version: 'v1', resource: 'nodes' }
const slicesGVR = { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' }

const controllerName = 'endpointslice-controller'

/** kube-controller-manager's --concurrent-service-endpoint-syncs and --max-endpoints-per-slice defaults. */
const workers = 5
const maxEndpointsPerSlice = 100

/** A slice change concerns its Service when this controller manages the slice. */
function sliceKeys(slice: EndpointSlice): string[] {
  const labels = slice.metadata?.labels
  const service = labels?.[serviceNameLabel]
  return service && labels?.[managedByLabel] === controllerManagedBy ? [keyOf(slice.metadata?.namespace, service)] : []
}

/**
 * The EndpointSlice controller: for every Service with a selector, slices
 * named `<service>-<random>` (labelled with the Service's name and this
 * controller) of up to 100 endpoints each, one per selected pod with an IP,
 * with its ready, serving and terminating conditions, node, zone and ports.
 */
export const endpointSliceComponent: ComponentFactory = (ctx): Component => {
  const services = ctx.informers.informerFor<Service>(servicesGVR)
  const sc: SliceSyncContext = {
    services,
    pods: ctx.informers.informerFor<Pod>(podsGVR),
    nodes: ctx.informers.informerFor<Node>(nodesGVR),
    slicesInformer: ctx.informers.informerFor<EndpointSlice>(slicesGVR),
    slices: ctx.client.resource<EndpointSlice>(slicesGVR),
    tracker: new EndpointSliceTracker(),
    triggerTimes: new TriggerTimeTracker(),
    maxEndpointsPerSlice,
    events: ctx.events({ component: controllerName }),
    pause: () => reconcileTurns.pauseIfSpent(ctx.clock)
  }
  // Before the controller subscribes, so a deletion is known to the tracker when its Service is synced.
  const unsubscribe = sc.slicesInformer.addEventHandler({ onDelete: (slice) => sc.tracker.handleDeletion(slice) })
  const controller = new Controller(
    {
      name: controllerName,
      workers,
      watches: [
        { resource: servicesGVR },
        { resource: podsGVR, keys: ((pod: Pod) => servicesForPod(services, pod)) as never, ignoreUpdate: ((old: Pod, cur: Pod) => !podEndpointsChanged(old, cur)) as never },
        // Our own writes coming back need no sync (ShouldSync); anyone else's change to a managed slice does.
        {
          resource: slicesGVR,
          keys: sliceKeys as never,
          ignoreAdd: ((slice: EndpointSlice) => sc.tracker.isOwnWrite(slice)) as never,
          // A label edit leaves the generation alone: a slice moved between Services or managers is synced anyway.
          ignoreUpdate: ((old: EndpointSlice, slice: EndpointSlice) =>
            old.metadata?.labels?.[serviceNameLabel] === slice.metadata?.labels?.[serviceNameLabel] &&
            old.metadata?.labels?.[managedByLabel] === slice.metadata?.labels?.[managedByLabel] &&
            sc.tracker.isOwnWrite(slice)) as never
        },
        // Nodes are read for zones; a pod's node appearing is noticed through the retry of the skipped pod.
        { resource: nodesGVR, keys: () => [] }
      ],
      reconcile: (key) => syncService(sc, key)
    },
    { factory: ctx.informers, logger: ctx.logger }
  )
  return {
    name: controllerName,
    start: () => controller.start(),
    async stop() {
      unsubscribe()
      await controller.stop()
      await sc.events.flush()
    }
  }
}
