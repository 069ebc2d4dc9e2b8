import type { EndpointAddress, EndpointPort, EndpointSubset, Endpoints, ObjectReference, Pod, Service } from 'kubernetes-types/core/v1'
import { deepFreeze } from '../../storage/freeze'
import { isAlreadyExists, isConflict, isNotFound } from '../../apimachinery/errors'
import { deepEqual } from '../../apimachinery/validation'
import { splitKey } from '../../client/indexer-keys'
import type { Informer } from '../../client/informer'
import type { ResourceClient } from '../../client/types'
import type { EventRecorder } from '../../client/event-recorder'
import type { KubeObject } from '../../apimachinery/types'
import { findPort, headlessLabel, isIPv6, isPodReady, isServiceIPSet, lastChangeTriggerTimeAnnotation, podIPs, shouldPodBeInEndpoints, shouldSetHostname } from './pod-endpoints'
import { packOneGroup, portKey, repackSubsets } from './repack'
import { ServicePodMemo } from './pod-memo'
import { selectedPods, serviceSelector } from './service-pods'
import { TriggerTimeTracker, formatRFC3339Nano } from './trigger-time'
import type { EndpointsWriteTracker } from './write-tracker'
import type { ReconcileResult } from '../../client/controller'

/** What syncService reads and writes. */
export interface EndpointsSyncContext {
  /** Services, indexed by namespace. */
  services: Informer<Service>
  /** Pods, indexed by label. */
  pods: Informer<Pod>
  /** The Endpoints as last seen, to write only changes. */
  endpointsInformer: Informer<Endpoints>
  /** Writes Endpoints. */
  endpoints: ResourceClient<Endpoints>
  /** What each Service's pods looked like at its last sync. */
  triggerTimes: TriggerTimeTracker
  /** The controller's own writes, to tell a stale cache and to ignore their watch events. */
  writes: EndpointsWriteTracker
  /** Yields to the event loop if this turn's work budget is spent (between computing and writing a large object). */
  pause: () => Promise<void>
  /** Reports failed writes on the Endpoints, as endpoint-controller. */
  events: EventRecorder
}

/** Endpoints hold at most this many addresses; more are truncated and the object annotated. */
const maxCapacity = 1000
const overCapacityAnnotation = 'endpoints.kubernetes.io/over-capacity'

/** podToEndpointAddressForService: the pod's IP of the Service's family, its node and a reference to it. */
function podToEndpointAddress(svc: Service, pod: Pod): EndpointAddress | undefined {
  let ipv6: boolean
  const families = svc.spec?.ipFamilies ?? []
  if (families.length) ipv6 = families[0] === 'IPv6'
  else if (isServiceIPSet(svc)) ipv6 = isIPv6(svc.spec?.clusterIP ?? '')
  else ipv6 = isIPv6(pod.status?.podIP ?? '')
  const ip = podIPs(pod).find((x) => isIPv6(x) === ipv6)
  if (!ip) return undefined
  const targetRef: ObjectReference = { kind: 'Pod' }
  // Only defined fields: the frozen result may be stored as it is, and must be what JSON would make of it.
  if (pod.metadata?.namespace !== undefined) targetRef.namespace = pod.metadata.namespace
  if (pod.metadata?.name !== undefined) targetRef.name = pod.metadata.name
  if (pod.metadata?.uid !== undefined) targetRef.uid = pod.metadata.uid
  const address: EndpointAddress = { ip, targetRef }
  if (pod.spec?.nodeName) address.nodeName = pod.spec.nodeName
  return address
}

/** addEndpointSubset: one subset per (pod, port); ready, or not ready unless the Service publishes those too. */
function endpointSubset(address: EndpointAddress, port: EndpointPort | undefined, ready: boolean): EndpointSubset {
  const subset: EndpointSubset = ready ? { addresses: [address] } : { notReadyAddresses: [address] }
  if (port) subset.ports = [port]
  return subset
}

/** One pod's part of its Service's Endpoints, deep-frozen (the memo shares it between syncs). */
interface PodPart {
  /** The subsets it adds: one per port it serves (none when it is not published). */
  subsets: readonly EndpointSubset[]
  /** The address those subsets share. */
  address?: EndpointAddress
  /** Whether the address is listed as ready (on every port: readiness is the pod's). */
  ready: boolean
  /** The ports it serves, and a key equal for pods serving the same ones. */
  ports: readonly EndpointPort[]
  portsKey: string
}

const noPart: PodPart = Object.freeze({ subsets: Object.freeze([]), ready: false, ports: Object.freeze([]), portsKey: '' })

/** What one pod adds to the Service's Endpoints. */
function podPart(svc: Service, pod: Pod): PodPart {
  const publishNotReady = svc.spec?.publishNotReadyAddresses ?? false
  if (!shouldPodBeInEndpoints(pod, publishNotReady)) return noPart
  const address = podToEndpointAddress(svc, pod)
  if (!address) return noPart
  if (shouldSetHostname(pod, svc) && pod.spec?.hostname) address.hostname = pod.spec.hostname
  const ready = publishNotReady || isPodReady(pod)
  const servicePorts = svc.spec?.ports ?? []
  if (servicePorts.length === 0) {
    // Headless Services may have no ports: their addresses are still published.
    if (svc.spec?.clusterIP !== 'None') return noPart
    return deepFreeze({ subsets: [endpointSubset(address, undefined, ready)], address, ready, ports: [], portsKey: '' })
  }
  const ports: EndpointPort[] = []
  for (const sp of servicePorts) {
    // A pod without the named port is left out of that port only.
    const port = findPort(pod, sp)
    if (port === undefined) continue
    const ep: EndpointPort = { port, protocol: sp.protocol ?? 'TCP' }
    if (sp.name !== undefined) ep.name = sp.name
    if (sp.appProtocol !== undefined) ep.appProtocol = sp.appProtocol
    ports.push(ep)
  }
  if (ports.length === 0) return noPart
  // Ports share the address: it is frozen, and the repack keeps one object per address.
  const subsets = ports.map((port) => endpointSubset(address, port, ready))
  return deepFreeze({ subsets, address, ready, ports, portsKey: ports.map(portKey).join('\n') })
}

const partsMemo = new ServicePodMemo<PodPart>()

/**
 * The subsets for a Service's pods, repacked. When every published pod
 * serves the same ports the packed form is one subset of their addresses,
 * built directly; otherwise (a named port only some pods have) the pods'
 * subsets go through the general RepackSubsets.
 */
export function computeSubsets(svc: Service, pods: readonly Pod[]): EndpointSubset[] {
  const partOf = partsMemo.forService(svc)
  const ready: EndpointAddress[] = []
  const notReady: EndpointAddress[] = []
  let first: PodPart | undefined
  for (const pod of pods) {
    const part = partOf(pod, () => podPart(svc, pod))
    if (!part.address) continue
    first ??= part
    if (part.portsKey !== first.portsKey) return repackSubsets(pods.flatMap((p) => partOf(p, () => podPart(svc, p)).subsets))
    ;(part.ready ? ready : notReady).push(part.address)
  }
  return first ? packOneGroup(ready, notReady, first.ports) : []
}

function withoutHeadless(labels: Record<string, string> | undefined): Record<string, string> {
  const rest = { ...(labels ?? {}) }
  delete rest[headlessLabel]
  return rest
}

/**
 * truncateEndpoints: keeps at most maxCapacity addresses. Not-ready ones go
 * first; if the ready ones alone are too many, they are cut too, each
 * subset keeping its share (rounded up, the last one taking what is left).
 */
function truncate(subsets: EndpointSubset[]): boolean {
  const totalReady = subsets.reduce((n, ss) => n + (ss.addresses?.length ?? 0), 0)
  const totalNotReady = subsets.reduce((n, ss) => n + (ss.notReadyAddresses?.length ?? 0), 0)
  if (totalReady + totalNotReady <= maxCapacity) return false
  const truncateReady = totalReady > maxCapacity
  const max = truncateReady ? maxCapacity : maxCapacity - totalReady
  const total = truncateReady ? totalReady : totalNotReady
  let canBeAdded = max
  for (const ss of subsets) {
    const inSubset = (truncateReady ? ss.addresses : ss.notReadyAddresses)?.length ?? 0
    const toBeAdded = Math.min(Math.ceil((inSubset / total) * max), canBeAdded)
    if (truncateReady) {
      ss.addresses = (ss.addresses ?? []).slice(0, toBeAdded)
      delete ss.notReadyAddresses
      canBeAdded -= ss.addresses.length
    } else {
      ss.notReadyAddresses = (ss.notReadyAddresses ?? []).slice(0, toBeAdded)
      canBeAdded -= ss.notReadyAddresses.length
    }
  }
  return true
}

/**
 * After a write refused for a stale cache: sync again at once if the cache
 * has moved on since it was read, else when the watch event that moves it
 * arrives.
 */
function awaitCache(ec: EndpointsSyncContext, key: string, read: Endpoints | undefined): void | ReconcileResult {
  const { namespace, name } = splitKey(key)
  const now = ec.endpointsInformer.getByName(namespace, name)
  if (now?.metadata?.resourceVersion !== read?.metadata?.resourceVersion) return { requeueAfter: 0 }
  ec.writes.awaitEvent(key)
}

/**
 * syncService (pkg/controller/endpoint): the Endpoints of one Service, named
 * after it. A deleted Service's Endpoints go; an ExternalName Service or one
 * without selector is left alone (its Endpoints are the user's).
 */
export async function syncService(ec: EndpointsSyncContext, key: string): Promise<void | ReconcileResult> {
  const { namespace, name } = splitKey(key)
  const svc = ec.services.getByName(namespace, name)
  if (!svc) {
    ec.triggerTimes.delete(namespace, name)
    ec.writes.delete(key)
    try {
      await ec.endpoints.delete(namespace, name)
    } catch (e) {
      if (!isNotFound(e)) throw e
    }
    return
  }
  if (svc.spec?.type === 'ExternalName' || !serviceSelector(svc)) return
  const current = ec.endpointsInformer.getByName(namespace, name)
  // Our last write is not in the cache yet: its watch event brings this Service back.
  if (ec.writes.isStale(key, current)) return ec.writes.awaitEvent(key)
  const pods = selectedPods(ec.pods, svc)
  const triggerTime = ec.triggerTimes.compute(svc, pods)
  const subsets = computeSubsets(svc, pods)
  const labelsUnchanged = deepEqual(withoutHeadless(current?.metadata?.labels), svc.metadata?.labels ?? {})
  const overCapacity = current?.metadata?.annotations?.[overCapacityAnnotation] !== undefined
  if (current && deepEqual(current.subsets ?? [], subsets) && labelsUnchanged && !overCapacity) return

  // The cached object's subsets are replaced, not edited: copying them (a thousand addresses) would be wasted.
  const next: Endpoints = current ? { ...current, metadata: { ...current.metadata } } : { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace } }
  const meta = next.metadata!
  const annotations = { ...(meta.annotations ?? {}) }
  if (triggerTime !== undefined) annotations[lastChangeTriggerTimeAnnotation] = formatRFC3339Nano(triggerTime)
  else delete annotations[lastChangeTriggerTimeAnnotation]
  if (truncate(subsets)) annotations[overCapacityAnnotation] = 'truncated'
  else delete annotations[overCapacityAnnotation]
  meta.annotations = annotations
  const labels = { ...(svc.metadata?.labels ?? {}) }
  if (isServiceIPSet(svc)) delete labels[headlessLabel]
  else labels[headlessLabel] = ''
  if (Object.keys(labels).length) meta.labels = labels
  else delete meta.labels
  // Truncation may empty a subset, which the API refuses; omitempty drops empty lists.
  const kept = subsets.filter((ss) => {
    if (!ss.addresses?.length) delete ss.addresses
    if (!ss.notReadyAddresses?.length) delete ss.notReadyAddresses
    return ss.addresses || ss.notReadyAddresses
  })
  if (kept.length) next.subsets = kept
  else delete next.subsets
  // Writing a thousand addresses takes a while of its own: in a turn of its own if this one is spent.
  await ec.pause()
  try {
    ec.writes.wrote(key, current, current ? await ec.endpoints.update(next) : await ec.endpoints.create(next))
  } catch (e) {
    // Our cache is behind the store: once it catches up, this Service is synced again.
    if (isConflict(e) || isAlreadyExists(e) || isNotFound(e)) return awaitCache(ec, key, current)
    const message = (e as Error).message ?? String(e)
    if (current) ec.events.event(next as KubeObject, 'Warning', 'FailedToUpdateEndpoint', `Failed to update endpoint ${namespace}/${name}: ${message}`)
    else ec.events.event(next as KubeObject, 'Warning', 'FailedToCreateEndpoint', `Failed to create endpoint for service ${namespace}/${name}: ${message}`)
    throw e
  }
}
