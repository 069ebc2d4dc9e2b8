import type { Node, PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1'
import type { StorageClass } from 'kubernetes-types/storage/v1'
import { isNotFound } from '../../apimachinery/errors'
import type { KubeObject } from '../../apimachinery/types'
import type { EventRecorder } from '../../client/event-recorder'
import type { Informer } from '../../client/informer'
import { keyOf } from '../../client/indexer-keys'
import { IndexNames } from '../../client/indexer-builtins'
import { annBoundByController, bindClaim, bindVolume, setClaimPhase, setVolumePhase, type BindingClients } from './binding'
import { claimClass, claimClassUnset, defaultClass, findBestMatch, isPreBoundTo, volumeMismatch } from './match'

/**
 * syncClaim and syncVolume of pv_controller.go, level-triggered: each reads
 * the informers' view, makes one step of progress and lets the resulting
 * watch events bring it (or the other side) back.
 */

/** Written by the scheduler's VolumeBinding PreBind on WaitForFirstConsumer claims. */
export const annSelectedNode = 'volume.kubernetes.io/selected-node'
/** Which provisioner is asked to create the claim's volume. */
export const annStorageProvisioner = 'volume.kubernetes.io/storage-provisioner'
export const annBetaStorageProvisioner = 'volume.beta.kubernetes.io/storage-provisioner'
/** Set by a provisioner on the volumes it created. */
export const annDynamicallyProvisioned = 'pv.kubernetes.io/provisioned-by'

export const msgNoClass = 'no persistent volumes available for this claim and no storage class is set'
export const msgWaitForFirstConsumer = 'waiting for first consumer to be created before binding'

/** The external provisioning hint (pv_controller.go provisionClaimOperationExternal). */
export function msgExternalProvisioning(provisioner: string): string {
  return (
    `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. ` +
    'If volume creation is delayed, please verify that the provisioner is running and correctly registered.'
  )
}

export interface SyncContext extends BindingClients {
  claimInformer: Informer<PersistentVolumeClaim>
  volumeInformer: Informer<PersistentVolume>
  classInformer: Informer<StorageClass>
  nodeInformer: Informer<Node>
  podInformer: Informer<Pod>
  events: EventRecorder
}

/** The claims a pod mounts, ephemeral ones included (they are named <pod>-<volume>). */
export function podClaimNames(pod: Pod): string[] {
  return (pod.spec?.volumes ?? []).flatMap((v) => {
    if (v.persistentVolumeClaim) return [v.persistentVolumeClaim.claimName]
    if (v.ephemeral) return [`${pod.metadata?.name ?? ''}-${v.name}`]
    return []
  })
}

/** findNonScheduledPodsByPVC: live pods mounting the claim that have no node yet, by name. */
function unscheduledPodsUsing(ctx: SyncContext, claim: PersistentVolumeClaim): string[] {
  const name = claim.metadata?.name ?? ''
  return ctx.podInformer
    .byIndex(IndexNames.namespace, claim.metadata?.namespace ?? '')
    .filter((p) => !p.spec?.nodeName && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed' && podClaimNames(p).includes(name))
    .map((p) => p.metadata?.name ?? '')
    .sort()
}

const asObject = (o: PersistentVolume | PersistentVolumeClaim): KubeObject => o as unknown as KubeObject

/** Reconciles one claim. */
export async function syncClaim(ctx: SyncContext, key: string): Promise<void> {
  const claim = ctx.claimInformer.get(key)
  if (!claim || claim.metadata?.deletionTimestamp) return
  if (claim.spec?.volumeName) return syncBoundClaim(ctx, claim, claim.spec.volumeName)
  return syncUnboundClaim(ctx, claim)
}

async function syncUnboundClaim(ctx: SyncContext, claim: PersistentVolumeClaim): Promise<void> {
  // Nobody runs the DefaultStorageClass admission plugin here, so a claim
  // without a class gets the default one now, as the controller's retroactive
  // default class assignment (GA in 1.28) does for claims created earlier.
  if (claimClassUnset(claim)) {
    const sc = defaultClass(ctx.classInformer.list())
    if (sc) {
      const next = structuredClone(claim)
      next.spec!.storageClassName = sc.metadata?.name
      await ctx.claims.update(next)
      return
    }
  }
  const cls = claimClass(claim)
  const sc = cls ? ctx.classInformer.getByName(undefined, cls) : undefined
  const delayed = sc?.volumeBindingMode === 'WaitForFirstConsumer'
  const selectedNode = claim.metadata?.annotations?.[annSelectedNode]
  const nodeLabels = selectedNode ? (ctx.nodeInformer.getByName(undefined, selectedNode)?.metadata?.labels ?? { 'kubernetes.io/hostname': selectedNode }) : undefined
  const pv = findBestMatch(claim, ctx.volumeInformer.list(), { delayBinding: delayed && !selectedNode, nodeLabels })
  if (pv) {
    const bound = await bindVolume(ctx, pv, claim)
    await bindClaim(ctx, claim, bound)
    return
  }
  if (delayed && !selectedNode) {
    // emitEventForUnboundDelayBindingClaim: once a consumer exists, say which pod it waits for.
    const pods = unscheduledPodsUsing(ctx, claim)
    if (pods.length === 0) ctx.events.event(asObject(claim), 'Normal', 'WaitForFirstConsumer', msgWaitForFirstConsumer)
    else ctx.events.event(asObject(claim), 'Normal', 'WaitForPodScheduled', `waiting for ${pods.length > 1 ? 'pods' : 'pod'} ${pods.join(',')} to be scheduled`)
    return
  }
  if (!cls) {
    ctx.events.event(asObject(claim), 'Normal', 'FailedBinding', msgNoClass)
    return
  }
  if (!sc) {
    ctx.events.event(asObject(claim), 'Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io ${JSON.stringify(cls)} not found`)
    return
  }
  const provisioner = sc.provisioner ?? ''
  // Every provisioner is external here (kubernetes.io/no-provisioner too, as in
  // Kubernetes: the message then tells the administrator to create the volume).
  const annotations = claim.metadata?.annotations ?? {}
  if (annotations[annStorageProvisioner] !== provisioner || annotations[annBetaStorageProvisioner] !== provisioner) {
    const next = structuredClone(claim)
    next.metadata!.annotations = { ...annotations, [annStorageProvisioner]: provisioner, [annBetaStorageProvisioner]: provisioner }
    await ctx.claims.update(next)
  }
  ctx.events.event(asObject(claim), 'Normal', 'ExternalProvisioning', msgExternalProvisioning(provisioner))
}

async function syncBoundClaim(ctx: SyncContext, claim: PersistentVolumeClaim, volumeName: string): Promise<void> {
  const pv = ctx.volumeInformer.getByName(undefined, volumeName)
  if (!pv) {
    if (claim.status?.phase === 'Bound') {
      await setClaimPhase(ctx, claim, 'Lost')
      ctx.events.event(asObject(claim), 'Warning', 'ClaimLost', 'Bound claim has lost its PersistentVolume. Data on the volume is lost!')
    }
    // A claim pre-bound by its author to a volume that does not exist yet waits for it.
    return
  }
  const ref = pv.spec?.claimRef
  if (!ref || isPreBoundTo(pv, claim)) {
    const mismatch = ref ? undefined : volumeMismatch(pv, claim)
    if (mismatch) {
      ctx.events.event(asObject(claim), 'Warning', 'VolumeMismatch', `Cannot bind to requested volume ${JSON.stringify(volumeName)}: ${mismatch}`)
      return
    }
    const bound = await bindVolume(ctx, pv, claim)
    await bindClaim(ctx, claim, bound)
    return
  }
  ctx.events.event(asObject(claim), 'Warning', 'ClaimMisbound', 'Two claims are bound to the same volume, this one is bound incorrectly')
  await setClaimPhase(ctx, claim, 'Lost')
}

/** Reconciles one volume. */
export async function syncVolume(ctx: SyncContext, name: string): Promise<void> {
  const pv = ctx.volumeInformer.getByName(undefined, name)
  if (!pv || pv.metadata?.deletionTimestamp) return
  const ref = pv.spec?.claimRef
  if (!ref) {
    await setVolumePhase(ctx, pv, 'Available')
    return
  }
  if (!ref.uid) {
    // Pre-bound by its author: available to that one claim, whose sync binds it.
    await setVolumePhase(ctx, pv, 'Available')
    return
  }
  const claimKey = keyOf(ref.namespace, ref.name ?? '')
  let claim = ctx.claimInformer.get(claimKey)
  const settled = pv.status?.phase === 'Released' || pv.status?.phase === 'Failed'
  if (!settled && (!claim || claim.metadata?.uid !== ref.uid)) {
    // The cache may lag behind a new claim: ask the API before releasing anything.
    try {
      claim = await ctx.claims.get(ref.namespace, ref.name ?? '')
    } catch (e) {
      if (!isNotFound(e)) throw e
      claim = undefined
    }
  }
  if (!claim || claim.metadata?.uid !== ref.uid) return releaseVolume(ctx, pv)
  const volumeName = claim.spec?.volumeName
  if (!volumeName) return // half-bound: the claim's sync finishes it
  if (volumeName === name) {
    await setVolumePhase(ctx, pv, 'Bound')
    return
  }
  // The claim went to another volume: give this one back.
  const next = structuredClone(pv)
  if (pv.metadata?.annotations?.[annBoundByController]) {
    delete next.spec!.claimRef
    delete next.metadata!.annotations![annBoundByController]
  } else {
    next.spec!.claimRef = { ...ref, uid: undefined }
  }
  const stored = await ctx.volumes.update(next)
  await setVolumePhase(ctx, stored, 'Available')
}

/** The claim is gone: the volume is Released, then reclaimed by its policy. */
async function releaseVolume(ctx: SyncContext, pv: PersistentVolume): Promise<void> {
  const phase = pv.status?.phase
  if (phase === 'Failed') return
  const policy = pv.spec?.persistentVolumeReclaimPolicy ?? 'Retain'
  const released = phase === 'Released' ? pv : await setVolumePhase(ctx, pv, 'Released')
  if (phase === 'Released') return
  const obj = released as unknown as KubeObject
  switch (policy) {
    case 'Retain':
      // Kept, data and all, until an administrator deletes it or clears its claimRef.
      return
    case 'Delete': {
      if (pv.metadata?.annotations?.[annDynamicallyProvisioned]) return // its provisioner deletes it
      const failure = deleteFailure(pv)
      if (failure === undefined) {
        await deleteVolume(ctx, pv.metadata?.name ?? '')
        return
      }
      ctx.events.event(obj, 'Warning', 'VolumeFailedDelete', failure)
      await setVolumePhase(ctx, released, 'Failed', failure)
      return
    }
    default:
      ctx.events.event(obj, 'Warning', 'VolumeFailedRecycle', 'No recycler plugin found for the volume!')
      await setVolumePhase(ctx, released, 'Failed', 'No recycler plugin found for the volume!')
  }
}

/**
 * Why the in-tree deleter cannot delete the volume, or undefined if it can:
 * of the sources Kubelab knows only hostPath has one, and it only deletes
 * under /tmp (volume/hostpath's deleter).
 */
export function deleteFailure(pv: PersistentVolume): string | undefined {
  const hostPath = pv.spec?.hostPath?.path
  if (hostPath === undefined) return `error getting deleter volume plugin for volume ${JSON.stringify(pv.metadata?.name ?? '')}: no deletable volume plugin matched`
  if (!/\/tmp\/.+/.test(hostPath)) return `host_path deleter only supports /tmp/.+ but received provided ${hostPath}`
  return undefined
}

async function deleteVolume(ctx: SyncContext, name: string): Promise<void> {
  try {
    await ctx.volumes.delete(undefined, name)
  } catch (e) {
    if (!isNotFound(e)) throw e
  }
}
