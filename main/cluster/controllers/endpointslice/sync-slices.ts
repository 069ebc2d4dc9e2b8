import type { EndpointSlice } from 'kubernetes-types/discovery/v1'
import type { Node, Pod, Service } from 'kubernetes-types/core/v1'
import { isConflict, isNotFound } from '../../apimachinery/errors'
import { IndexNames, labelIndexValue } from '../../client/indexer-builtins'
import { splitKey } from '../../client/indexer-keys'
import type { Informer } from '../../client/informer'
import type { ResourceClient } from '../../client/types'
import type { EventRecorder } from '../../client/event-recorder'
import type { KubeObject } from '../../apimachinery/types'
import { lastChangeTriggerTimeAnnotation } from '../endpoints/pod-endpoints'
import { selectedPods, serviceSelector } from '../endpoints/service-pods'
import { type TriggerTimeTracker, formatRFC3339Nano } from '../endpoints/trigger-time'
import type { AddressType } from './endpoint'
import { type SlicePlan, planSlices } from './reconciler'
import { controllerManagedBy, managedByLabel, serviceNameLabel } from './slice-meta'
import type { EndpointSliceTracker } from './tracker'

/** What syncService reads and writes. */
export interface SliceSyncContext {
  /** Services, indexed by namespace. */
  services: Informer<Service>
  /** Pods, indexed by label. */
  pods: Informer<Pod>
  /** Nodes, for endpoint zones and to tell a pod on a vanished node. */
  nodes: Informer<Node>
  /** EndpointSlices, indexed by label (kubernetes.io/service-name). */
  slicesInformer: Informer<EndpointSlice>
  /** Writes EndpointSlices. */
  slices: ResourceClient<EndpointSlice>
  /** The slices last written, to tell a stale cache. */
  tracker: EndpointSliceTracker
  /** What each Service's pods looked like at its last sync. */
  triggerTimes: TriggerTimeTracker
  /** Endpoints per slice (kube-controller-manager's --max-endpoints-per-slice, 100). */
  maxEndpointsPerSlice: number
  /** Reports failed syncs on the Service, as endpointslice-controller. */
  events: EventRecorder
  /** Yields to the event loop if this turn's work budget is spent (between one slice write and the next). */
  pause: () => Promise<void>
}

/** The Service's address types: its ipFamilies (IPv4 when unset). */
function addressTypes(svc: Service): AddressType[] {
  const families = svc.spec?.ipFamilies?.filter((f): f is AddressType => f === 'IPv4' || f === 'IPv6')
  return families?.length ? families : ['IPv4']
}

/** The slices this controller manages for the Service, not being deleted. */
function managedSlices(sc: SliceSyncContext, namespace: string, name: string): EndpointSlice[] {
  return sc.slicesInformer
    .byIndex(IndexNames.label, labelIndexValue(serviceNameLabel, name))
    .filter((s) => s.metadata?.namespace === namespace && s.metadata?.labels?.[managedByLabel] === controllerManagedBy && !s.metadata?.deletionTimestamp)
}

function withTriggerTime(slice: EndpointSlice, triggerTime: number | undefined): EndpointSlice {
  const annotations = { ...(slice.metadata?.annotations ?? {}) }
  if (triggerTime !== undefined) annotations[lastChangeTriggerTimeAnnotation] = formatRFC3339Nano(triggerTime)
  else delete annotations[lastChangeTriggerTimeAnnotation]
  return { ...slice, metadata: { ...slice.metadata, annotations } }
}

/** finalize: creates (unless the Service is going), updates, deletes; the tracker learns each write. */
async function apply(sc: SliceSyncContext, svc: Service, plan: SlicePlan, triggerTime: number | undefined): Promise<void> {
  if (!svc.metadata?.deletionTimestamp) {
    for (const slice of plan.create) {
      await sc.pause()
      sc.tracker.update(await sc.slices.create(withTriggerTime(slice, triggerTime)))
    }
  }
  for (const slice of plan.update) {
    await sc.pause()
    sc.tracker.update(await sc.slices.update(withTriggerTime(slice, triggerTime)))
  }
  for (const slice of plan.delete) {
    await sc.pause()
    try {
      await sc.slices.delete(slice.metadata?.namespace, slice.metadata?.name ?? '')
    } catch (e) {
      if (!isNotFound(e)) throw e
    }
    sc.tracker.expectDeletion(slice)
  }
}

/**
 * syncService (pkg/controller/endpointslice): the EndpointSlices of one
 * Service with a selector. A deleted Service's slices are left to the
 * garbage collector (they are owned by it); ExternalName Services get none.
 */
export async function syncService(sc: SliceSyncContext, key: string): Promise<void> {
  const { namespace, name } = splitKey(key)
  const svc = sc.services.getByName(namespace, name)
  if (!svc) {
    sc.triggerTimes.delete(namespace, name)
    sc.tracker.settle(namespace, name)
    return
  }
  if (svc.spec?.type === 'ExternalName' || !serviceSelector(svc)) return
  const existing = managedSlices(sc, namespace, name)
  // Our last writes are not in the cache yet; their watch events will bring this Service back.
  if (sc.tracker.stale(namespace, name, existing)) return sc.tracker.awaitEvent(namespace, name)
  sc.tracker.settle(namespace, name)
  try {
    await reconcile(sc, svc, existing)
  } catch (e) {
    // A stale cache: the watch event that updates it brings this Service back.
    if (isConflict(e)) return sc.tracker.awaitEvent(namespace, name)
    const message = (e as Error).message ?? String(e)
    sc.events.event(svc as KubeObject, 'Warning', 'FailedToUpdateEndpointSlices', `Error updating Endpoint Slices for Service ${namespace}/${name}: ${message}`)
    throw e
  }
}

/** Reconcile: one plan per address type; slices of types the Service no longer has go. */
async function reconcile(sc: SliceSyncContext, svc: Service, existing: EndpointSlice[]): Promise<void> {
  const pods = selectedPods(sc.pods, svc)
  const triggerTime = sc.triggerTimes.compute(svc, pods)
  const types = addressTypes(svc)
  const errors: string[] = []
  const unsupported = existing.filter((s) => !types.includes(s.addressType as AddressType))
  for (const addressType of types) {
    const plan = planSlices(
      svc,
      pods,
      existing.filter((s) => s.addressType === addressType),
      { addressType, maxEndpointsPerSlice: sc.maxEndpointsPerSlice, node: (n) => (n ? sc.nodes.getByName(undefined, n) : undefined) }
    )
    if (addressType === types[0]) plan.delete.push(...unsupported)
    errors.push(...plan.errors)
    await apply(sc, svc, plan, triggerTime)
  }
  if (errors.length) throw new Error(errors.join('; '))
}
