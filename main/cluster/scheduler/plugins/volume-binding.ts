import type { Node, PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1'
import type { NodeInfo } from '../cache/node-info'
import type { PodInfo } from '../cache/pod-info'
import type { FilterPlugin, Listers, PluginFactory, PreBindAction, PreBindPlugin, PreFilterPlugin } from '../framework/interface'
import { ClusterEvents } from '../framework/events'
import { newStateKey } from '../framework/cycle-state'
import { skipStatus, unresolvable } from '../framework/status'
import { NodeSelectorMatcher } from './helpers/node-affinity'
import { tryParseQuantity } from '../../apimachinery/quantity'

/** Plugin name, as kube-scheduler's names.VolumeBinding. */
export const name = 'VolumeBinding'

/** An Immediate-mode claim is not bound yet: the PV controller must bind it first. */
export const errReasonUnboundImmediate = 'pod has unbound immediate PersistentVolumeClaims'
/** ErrReasonNodeConflict: a bound volume's node affinity excludes the node. */
export const errReasonNodeConflict = 'node(s) had volume node affinity conflict'
/** ErrReasonBindConflict: no available volume fits the node, and none can be provisioned. */
export const errReasonBindConflict = "node(s) didn't find available persistent volumes to bind"
/** ErrReasonPVNotExist. */
export const errReasonPVNotExist = 'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)'

/** The annotation telling a provisioner which node a WaitForFirstConsumer claim's volume is for. */
export const selectedNodeAnnotation = 'volume.kubernetes.io/selected-node'

const noProvisioner = 'kubernetes.io/no-provisioner'

interface ClaimsState {
  /** Bound claims with their volumes (undefined when the volume is missing). */
  bound: Array<{ claim: PersistentVolumeClaim; pv: PersistentVolume | undefined }>
  /** Unbound WaitForFirstConsumer claims, bound or provisioned once the pod has a node. */
  delayed: PersistentVolumeClaim[]
}

const stateKey = newStateKey<ClaimsState>()

function claimClass(c: PersistentVolumeClaim): string {
  return c.spec?.storageClassName ?? c.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? ''
}

/** Bound: it names its volume and the PV controller has finished (phase Bound, or bind-completed). */
function isBound(c: PersistentVolumeClaim): boolean {
  return !!c.spec?.volumeName && (c.status?.phase === 'Bound' || c.metadata?.annotations?.['pv.kubernetes.io/bind-completed'] !== undefined)
}

/** IsDelayBindingMode: the claim's class exists and binds WaitForFirstConsumer. */
function isDelayBinding(c: PersistentVolumeClaim, listers: Listers): boolean {
  const cls = claimClass(c)
  return cls !== '' && listers.storageClass(cls)?.volumeBindingMode === 'WaitForFirstConsumer'
}

/** volumeutil.CheckNodeAffinity: a volume's required node affinity, against the node's labels only. */
export function volumeFitsNode(pv: PersistentVolume, node: Node): boolean {
  const required = pv.spec?.nodeAffinity?.required
  if (!required) return true
  return new NodeSelectorMatcher(required).matches({ metadata: { labels: node.metadata?.labels ?? {} } })
}

/** Whether an available PV could be bound to the claim on this node (a simplified FindMatchingVolume). */
function findMatchingVolume(claim: PersistentVolumeClaim, node: Node, candidates: readonly PersistentVolume[]): PersistentVolume | undefined {
  const cls = claimClass(claim)
  const want = quantityBytes((claim.spec?.resources?.requests as Record<string, string> | undefined)?.storage)
  for (const pv of candidates) {
    if (pv.status?.phase && pv.status.phase !== 'Available') continue
    const ref = pv.spec?.claimRef
    if (ref && (ref.namespace !== claim.metadata?.namespace || ref.name !== claim.metadata?.name)) continue
    if ((pv.spec?.storageClassName ?? '') !== cls) continue
    if (quantityBytes((pv.spec?.capacity as Record<string, string> | undefined)?.storage) < want) continue
    const modes = pv.spec?.accessModes ?? []
    if (!(claim.spec?.accessModes ?? []).every((m) => modes.includes(m))) continue
    if ((pv.spec?.volumeMode ?? 'Filesystem') !== (claim.spec?.volumeMode ?? 'Filesystem')) continue
    if (!volumeFitsNode(pv, node)) continue
    return pv
  }
  return undefined
}

function quantityBytes(v: string | undefined): number {
  return v ? (tryParseQuantity(v)?.value() ?? 0) : 0
}

/**
 * VolumeBinding, basic: every claim the pod mounts must exist and not be
 * going away; an Immediate claim must already be bound; a bound claim's
 * volume must allow the node (PV node affinity). A WaitForFirstConsumer
 * claim fits a node when an available volume matches there or its class can
 * provision; PreBind then asks for the provisioning (selected-node
 * annotation) or names the claim on the chosen volume.
 */
export function createVolumeBinding(listers: Listers): PreFilterPlugin & FilterPlugin & PreBindPlugin {
  return {
    name,
    events: [ClusterEvents.PvcChange, ClusterEvents.PvChange, ClusterEvents.StorageClassChange, ClusterEvents.NodeAdd, ClusterEvents.NodeLabel],
    preFilter(state, pod) {
      if (pod.pvcKeys.length === 0) return skipStatus
      const s: ClaimsState = { bound: [], delayed: [] }
      let unboundImmediate = false
      const ephemeral = new Set((pod.pod.spec?.volumes ?? []).filter((v) => v.ephemeral).map((v) => `${pod.namespace}/${pod.name}-${v.name}`))
      for (const key of pod.pvcKeys) {
        const claimName = key.slice(key.indexOf('/') + 1)
        const claim = listers.persistentVolumeClaim(pod.namespace, claimName)
        if (!claim) {
          if (ephemeral.has(key)) return unresolvable(`waiting for ephemeral volume controller to create the persistentvolumeclaim ${JSON.stringify(claimName)}`)
          return unresolvable(`persistentvolumeclaim ${JSON.stringify(claimName)} not found`)
        }
        if (claim.status?.phase === 'Lost') {
          return unresolvable(`persistentvolumeclaim ${JSON.stringify(claimName)} bound to non-existent persistentvolume ${JSON.stringify(claim.spec?.volumeName ?? '')}`)
        }
        if (claim.metadata?.deletionTimestamp) return unresolvable(`persistentvolumeclaim ${JSON.stringify(claimName)} is being deleted`)
        if (isBound(claim)) s.bound.push({ claim, pv: listers.persistentVolume(claim.spec!.volumeName!) })
        else if (isDelayBinding(claim, listers)) s.delayed.push(claim)
        else unboundImmediate = true
      }
      if (unboundImmediate) return unresolvable(errReasonUnboundImmediate)
      state.write(stateKey, s)
      return null
    },
    filter(state, _pod, node: NodeInfo) {
      const s = state.read(stateKey)
      if (!s) return null
      const reasons: string[] = []
      for (const { pv } of s.bound) {
        if (!pv) return unresolvable(errReasonPVNotExist)
        if (!volumeFitsNode(pv, node.node)) {
          reasons.push(errReasonNodeConflict)
          break
        }
      }
      if (s.delayed.length) {
        const pvs = listers.persistentVolumes()
        for (const claim of s.delayed) {
          if (findMatchingVolume(claim, node.node, pvs)) continue
          const provisioner = listers.storageClass(claimClass(claim))?.provisioner
          if (provisioner && provisioner !== noProvisioner) continue
          reasons.push(errReasonBindConflict)
          break
        }
      }
      return reasons.length ? unresolvable(...reasons) : null
    },
    preBind(state, pod: PodInfo, nodeName) {
      const s = state.read(stateKey)
      const actions: PreBindAction[] = []
      if (!s?.delayed.length) return actions
      for (const claim of s.delayed) {
        actions.push({ kind: 'annotatePVC', namespace: pod.namespace, name: claim.metadata?.name ?? '', annotations: { [selectedNodeAnnotation]: nodeName } })
      }
      return actions
    }
  }
}

/** Builds the plugin on the handle's listers. */
export const factory: PluginFactory = (handle) => createVolumeBinding(handle.listers)
