import type { Node, PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1'
import type { StorageClass } from 'kubernetes-types/storage/v1'
import type { Component, ComponentFactory } from '../../component'
import { ControllerComponent } from '../../client/controller-component'
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
  const component = new ControllerComponent(ctx, controllerName)
  const claimInformer = component.informer<PersistentVolumeClaim>(claimsGVR)
  const sc: SyncContext = {
    claimInformer,
    volumeInformer: component.informer<PersistentVolume>(volumesGVR),
    classInformer: component.informer<StorageClass>(classesGVR),
    nodeInformer: component.informer<Node>(nodesGVR),
    podInformer: component.informer<Pod>(podsGVR),
    claims: component.resourceClient<PersistentVolumeClaim>(claimsGVR),
    volumes: component.resourceClient<PersistentVolume>(volumesGVR),
    events: component.events
  }
  component.controller({
    watches: [
      { resource: claimsGVR, keys: claimKeys as never },
      { resource: volumesGVR, keys: volumeKeys(claimInformer) as never },
      // A new (default) class may let waiting claims proceed.
      { resource: classesGVR, keys: () => unboundClaimKeys(claimInformer) },
      { resource: nodesGVR, keys: () => [] },
      { resource: podsGVR, keys: podKeys as never }
    ],
    reconcile: (key) => (key.startsWith(claimPrefix) ? syncClaim(sc, key.slice(claimPrefix.length)) : syncVolume(sc, key.slice(volumePrefix.length)))
  })
  return component
}
