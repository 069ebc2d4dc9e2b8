import type { Node, PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1'
import type { StorageClass } from 'kubernetes-types/storage/v1'
import type { Component, ComponentFactory } from '../../component'
import { Controller } from '../../client/controller'
import type { Informer } from '../../client/informer'
import { keyOf, objectKey } from '../../client/indexer-keys'
import { podClaimNames, syncClaim, syncVolume, type SyncContext } from './sync'

export { annSelectedNode, annStorageProvisioner, annDynamicallyProvisioned } from './sync'
export { annBindCompleted, annBoundByController } from './binding'

const claimsGVR = { group: '', version: 'v1', resource: 'persistentvolumeclaims' }
const volumesGVR = { group: '', version: 'v1', resource: 'persistentvolumes' }
const classesGVR = { group: 'storage.k8s.io', version: 'v1', resource: 'storageclasses' }
const nodesGVR = { group: '', version: 'v1', resource: 'nodes' }
const podsGVR = { group: '', version: 'v1', resource: 'pods' }

const controllerName = 'persistentvolume-controller'

/** Claims and volumes share one queue, told apart by prefix, as the two queues of pv_controller.go. */
const claimPrefix = 'claim:'
const volumePrefix = 'volume:'

function unboundClaimKeys(claims: Informer<PersistentVolumeClaim>): string[] {
  return claims.list().filter((c) => !c.spec?.volumeName && !c.metadata?.deletionTimestamp).map((c) => claimPrefix + objectKey(c))
}

/**
 * A volume change concerns the volume, the claim it names and, when it is
 * free, every claim still waiting (it may be the one they need).
 */
function volumeKeys(claims: Informer<PersistentVolumeClaim>): (pv: PersistentVolume) => string[] {
  return (pv) => {
    const keys = [volumePrefix + (pv.metadata?.name ?? '')]
    const ref = pv.spec?.claimRef
    if (ref) keys.push(claimPrefix + keyOf(ref.namespace, ref.name ?? ''))
    else keys.push(...unboundClaimKeys(claims))
    return keys
  }
}

/** A claim change concerns the claim and the volume it names. */
function claimKeys(pvc: PersistentVolumeClaim): string[] {
  const keys = [claimPrefix + objectKey(pvc)]
  if (pvc.spec?.volumeName) keys.push(volumePrefix + pvc.spec.volumeName)
  return keys
}

/** A pod still waiting for a node concerns the claims it mounts (they tell which pod they wait for). */
function podKeys(pod: Pod): string[] {
  if (pod.spec?.nodeName) return []
  return podClaimNames(pod).map((name) => claimPrefix + keyOf(pod.metadata?.namespace, name))
}

/**
 * kube-controller-manager's persistentvolume-binder: binds claims to the
 * smallest fitting volume (or the one either side pre-binds), asks external
 * provisioners for volumes when none fits, waits for the first consumer's
 * node on WaitForFirstConsumer classes, gives the default class to claims
 * without one, and releases a volume whose claim is deleted.
 */
export const persistentVolumeBinderComponent: ComponentFactory = (ctx): Component => {
  const claimInformer = ctx.informers.informerFor<PersistentVolumeClaim>(claimsGVR)
  const sc: SyncContext = {
    claimInformer,
    volumeInformer: ctx.informers.informerFor<PersistentVolume>(volumesGVR),
    classInformer: ctx.informers.informerFor<StorageClass>(classesGVR),
    nodeInformer: ctx.informers.informerFor<Node>(nodesGVR),
    podInformer: ctx.informers.informerFor<Pod>(podsGVR),
    claims: ctx.client.resource<PersistentVolumeClaim>(claimsGVR),
    volumes: ctx.client.resource<PersistentVolume>(volumesGVR),
    events: ctx.events({ component: controllerName })
  }
  const controller = new Controller(
    {
      name: controllerName,
      watches: [
        { resource: claimsGVR, keys: claimKeys as never },
        { resource: volumesGVR, keys: volumeKeys(claimInformer) as never },
        // A new (default) class may let waiting claims proceed.
        { resource: classesGVR, keys: () => unboundClaimKeys(claimInformer) },
        { resource: nodesGVR, keys: () => [] },
        { resource: podsGVR, keys: podKeys as never }
      ],
      reconcile: (key) =>
        key.startsWith(claimPrefix) ? syncClaim(sc, key.slice(claimPrefix.length)) : syncVolume(sc, key.slice(volumePrefix.length))
    },
    { factory: ctx.informers, logger: ctx.logger }
  )
  return {
    name: controllerName,
    start: () => controller.start(),
    async stop() {
      await controller.stop()
      await sc.events.flush()
    }
  }
}
