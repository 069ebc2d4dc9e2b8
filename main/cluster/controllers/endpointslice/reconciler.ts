import type { Endpoint, EndpointPort, EndpointSlice } from 'kubernetes-types/discovery/v1'
import type { Node, Pod, Service } from 'kubernetes-types/core/v1'
import { semanticEqual } from '../../registry/validation/equality'
import { type AddressType, endpointKey, endpointPorts, endpointsEqualBeyondHash, portMapKey } from './endpoint'
import { desiredEndpoints } from './desired'
import { newEndpointSlice, ownedBy, sliceLabels } from './slice-meta'
import { fillSlices } from './fill'

/**
 * The EndpointSlice reconciler's plan (staging/src/k8s.io/endpointslice
 * reconciler.go), as a pure function: given a Service, its pods and its
 * current slices, which slices to create, update and delete. Pods are
 * grouped by the ports they serve (one group of slices per port set);
 * existing slices keep the endpoints still wanted, and new endpoints fill
 * slices being updated anyway before any new slice is made, so a change
 * touches as few slices as possible.
 */

/** The writes that bring a Service's slices up to date. */
export interface SlicePlan {
  /** New slices, named by the API from their generateName. */
  create: EndpointSlice[]
  /** Changed slices (or new content under the name of a slice that would have been deleted). */
  update: EndpointSlice[]
  /** Slices no longer wanted. */
  delete: EndpointSlice[]
  /** Pods skipped because their node is unknown: reported so the Service is synced again. */
  errors: string[]
}

/** What the plan needs besides the Service, its pods and slices. */
export interface PlanOptions {
  /** The family planned for; pods' addresses of the other family are left out. */
  addressType: AddressType
  /** Slice capacity (100 by default in Kubernetes). */
  maxEndpointsPerSlice: number
  /** The pod's node, if known. */
  node(name: string): Node | undefined
}

/** The desired endpoints for one set of ports, in pod order. */
interface PortGroup {
  ports: EndpointPort[]
  endpoints: Map<string, Endpoint>
}

function desiredGroups(svc: Service, pods: readonly Pod[], options: PlanOptions, errors: string[]): Map<string, PortGroup> {
  const groups = new Map<string, PortGroup>()
  const desired = desiredEndpoints(svc, options.addressType)
  for (const pod of pods) {
    const cell = desired.cell(pod)
    if (!cell.published) continue
    const node = options.node(cell.nodeName)
    // A pod on a vanished node is left out (unless not-ready pods are published anyway), and the sync retried.
    if (!node && !svc.spec?.publishNotReadyAddresses) {
      // Its port set still has a group (its slices are kept, not deleted, while the node is missing).
      const ports = endpointPorts(svc, pod)
      const key = portMapKey(ports)
      if (!groups.has(key)) groups.set(key, { ports, endpoints: new Map() })
      errors.push(`skipping Pod ${pod.metadata?.name} for Service ${svc.metadata?.namespace}/${svc.metadata?.name}: Node ${pod.spec?.nodeName ?? ''} Not Found`)
      continue
    }
    const want = desired.endpoint(pod, cell, node)
    let group = groups.get(want.portKey)
    if (!group) groups.set(want.portKey, (group = { ports: want.ports, endpoints: new Map() }))
    if (want.endpoint.addresses.length > 0) group.endpoints.set(want.key, want.endpoint)
  }
  return groups
}

/** reconcileByPortMapping for one port group: keeps, updates, drops and fills its slices. */
function reconcilePortGroup(svc: Service, existing: EndpointSlice[], group: PortGroup, options: PlanOptions) {
  // The group is this plan's own: placed endpoints are taken out of it as they find a slice.
  const desired = group.endpoints
  const unchanged: EndpointSlice[] = []
  const update: EndpointSlice[] = []
  const remove: EndpointSlice[] = []
  for (const slice of existing) {
    const kept: Endpoint[] = []
    let endpointChanged = false
    for (const ep of slice.endpoints ?? []) {
      const key = endpointKey(ep)
      const want = desired.get(key)
      if (!want) continue
      kept.push(want)
      if (!endpointsEqualBeyondHash(want, ep)) endpointChanged = true
      // An endpoint placed in a slice needs no other home.
      desired.delete(key)
    }
    const { labels, changed: labelsChanged } = sliceLabels(slice, svc)
    // Copies that share the cached slice's unchanged parts: only endpoints (filled below) and labels are set anew.
    if (endpointChanged || kept.length !== (slice.endpoints ?? []).length) {
      if (kept.length === 0) remove.push(slice)
      else update.push({ ...slice, endpoints: kept, metadata: { ...slice.metadata, labels } })
    } else if (labelsChanged) {
      update.push({ ...slice, endpoints: [...(slice.endpoints ?? [])], metadata: { ...slice.metadata, labels } })
    } else {
      unchanged.push(slice)
    }
  }
  const filled = fillSlices([...desired.values()], update, unchanged, options.maxEndpointsPerSlice, () => newEndpointSlice(svc, group.ports, options.addressType))
  return { create: filled.create, update: [...update, ...filled.update], remove }
}

/** The slice a Service with no endpoints keeps, so consumers can tell "no endpoints" from "not processed". */
function isPlaceholder(slice: EndpointSlice, placeholder: EndpointSlice): boolean {
  return (
    slice.metadata?.namespace === placeholder.metadata?.namespace &&
    semanticEqual(slice.metadata?.labels, placeholder.metadata?.labels) &&
    slice.addressType === placeholder.addressType &&
    semanticEqual(slice.endpoints, []) &&
    semanticEqual(slice.ports, []) &&
    semanticEqual(slice.metadata?.ownerReferences, placeholder.metadata?.ownerReferences)
  )
}

/** reconcileByAddressType: the plan for one address type, given the Service's slices of that type. */
export function planSlices(svc: Service, pods: readonly Pod[], existing: readonly EndpointSlice[], options: PlanOptions): SlicePlan {
  const plan: SlicePlan = { create: [], update: [], delete: [], errors: [] }
  const byPorts = new Map<string, EndpointSlice[]>()
  for (const slice of existing) {
    if (!ownedBy(slice, svc)) {
      plan.delete.push(slice)
      continue
    }
    const key = portMapKey(slice.ports ?? [])
    byPorts.set(key, [...(byPorts.get(key) ?? []), slice])
  }
  const groups = desiredGroups(svc, pods, options, plan.errors)
  for (const [key, group] of groups) {
    const result = reconcilePortGroup(svc, byPorts.get(key) ?? [], group, options)
    plan.create.push(...result.create)
    plan.update.push(...result.update)
    plan.delete.push(...result.remove)
  }
  // Port sets no pod serves any more.
  for (const [key, slices] of byPorts) if (!groups.has(key)) plan.delete.push(...slices)
  if (existing.length === plan.delete.length && plan.create.length === 0) {
    const placeholder = newEndpointSlice(svc, [], options.addressType)
    if (plan.delete.length === 1 && isPlaceholder(plan.delete[0], placeholder)) plan.delete = []
    else plan.create.push(placeholder)
  }
  return reuseDeletedNames(plan, svc)
}

/**
 * finalize's first step: rather than create one slice and delete another,
 * update the one that would go (same address type, owned by this Service).
 */
function reuseDeletedNames(plan: SlicePlan, svc: Service): SlicePlan {
  const toDelete: EndpointSlice[] = []
  for (const old of plan.delete) {
    const fresh = plan.create.at(-1)
    if (fresh && old.addressType === fresh.addressType && ownedBy(old, svc)) {
      plan.create.pop()
      fresh.metadata = { ...fresh.metadata, name: old.metadata?.name }
      delete fresh.metadata.generateName
      plan.update.push(fresh)
    } else {
      toDelete.push(old)
    }
  }
  plan.delete = toDelete
  return plan
}
