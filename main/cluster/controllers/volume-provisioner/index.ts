import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1'
import type { StorageClass } from 'kubernetes-types/storage/v1'
import { isAlreadyExists, isNotFound } from '../../apimachinery/errors'
import type { KubeObject } from '../../apimachinery/types'
import { Controller } from '../../client/controller'
import type { EventRecorder } from '../../client/event-recorder'
import type { Informer } from '../../client/informer'
import { objectKey } from '../../client/indexer-keys'
import type { ResourceClient } from '../../client/types'
import type { Component, ComponentFactory } from '../../component'
import { localPathProvisioner, localPathVolume, provisionedVolumeName, standardStorageClass } from './local-path'

export { localPathProvisioner, standardStorageClass } from './local-path'

const claimsGVR = { group: '', version: 'v1', resource: 'persistentvolumeclaims' }
const volumesGVR = { group: '', version: 'v1', resource: 'persistentvolumes' }
const classesGVR = { group: 'storage.k8s.io', version: 'v1', resource: 'storageclasses' }

/** The events' source: the real one adds the provisioner pod's name and an id. */
const componentName = `${localPathProvisioner}_local-path-provisioner`

const annStorageProvisioner = 'volume.kubernetes.io/storage-provisioner'
const annBetaStorageProvisioner = 'volume.beta.kubernetes.io/storage-provisioner'
const annSelectedNode = 'volume.kubernetes.io/selected-node'
const annProvisionedBy = 'pv.kubernetes.io/provisioned-by'

const claimPrefix = 'claim:'
const volumePrefix = 'volume:'

interface ProvisionerContext {
  claimInformer: Informer<PersistentVolumeClaim>
  volumeInformer: Informer<PersistentVolume>
  classInformer: Informer<StorageClass>
  volumes: ResourceClient<PersistentVolume>
  events: EventRecorder
}

/** Whether the PV controller has asked this provisioner for the claim's volume. */
function askedOfUs(claim: PersistentVolumeClaim): boolean {
  const a = claim.metadata?.annotations ?? {}
  return (a[annStorageProvisioner] ?? a[annBetaStorageProvisioner]) === localPathProvisioner
}

async function provision(pc: ProvisionerContext, key: string): Promise<void> {
  const claim = pc.claimInformer.get(key)
  if (!claim || claim.metadata?.deletionTimestamp || claim.spec?.volumeName || !askedOfUs(claim)) return
  if (pc.volumeInformer.getByName(undefined, provisionedVolumeName(claim))) return
  const obj = claim as unknown as KubeObject
  const cls = claim.spec?.storageClassName ?? ''
  const sc = pc.classInformer.getByName(undefined, cls)
  if (!sc || sc.provisioner !== localPathProvisioner) return
  const node = claim.metadata?.annotations?.[annSelectedNode]
  if (!node) {
    // local-path volumes live on one node: only WaitForFirstConsumer says which.
    pc.events.event(obj, 'Warning', 'ProvisioningFailed', `failed to provision volume with StorageClass ${JSON.stringify(cls)}: configuration error, no node was specified`)
    return
  }
  pc.events.event(obj, 'Normal', 'Provisioning', `External provisioner is provisioning volume for claim ${JSON.stringify(objectKey(claim))}`)
  try {
    await pc.volumes.create(localPathVolume(claim, sc, node))
  } catch (e) {
    if (!isAlreadyExists(e)) throw e
  }
  pc.events.event(obj, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${provisionedVolumeName(claim)}`)
}

/** A released volume of ours whose policy is Delete goes away (the directory with it). */
async function reclaim(pc: ProvisionerContext, name: string): Promise<void> {
  const pv = pc.volumeInformer.getByName(undefined, name)
  if (!pv || pv.metadata?.deletionTimestamp || pv.status?.phase !== 'Released') return
  if (pv.spec?.persistentVolumeReclaimPolicy !== 'Delete' || pv.metadata?.annotations?.[annProvisionedBy] !== localPathProvisioner) return
  try {
    await pc.volumes.delete(undefined, name)
  } catch (e) {
    if (!isNotFound(e)) throw e
  }
}

/** Creates kind's `standard` default class unless a class of that name exists. */
async function ensureStandardClass(api: ResourceClient<StorageClass>): Promise<void> {
  const sc = standardStorageClass()
  try {
    await api.get(undefined, sc.metadata!.name!)
    return
  } catch (e) {
    if (!isNotFound(e)) throw e
  }
  try {
    await api.create(sc)
  } catch (e) {
    if (!isAlreadyExists(e)) throw e
  }
}

/**
 * A simulated rancher.io/local-path provisioner, kind's default storage: it
 * makes sure the `standard` default StorageClass exists, creates a hostPath
 * volume `pvc-<uid>` on the selected node for every claim the PV controller
 * hands to it, and deletes its released volumes whose policy is Delete.
 */
export const localPathProvisionerComponent: ComponentFactory = (ctx): Component => {
  const pc: ProvisionerContext = {
    claimInformer: ctx.informers.informerFor<PersistentVolumeClaim>(claimsGVR),
    volumeInformer: ctx.informers.informerFor<PersistentVolume>(volumesGVR),
    classInformer: ctx.informers.informerFor<StorageClass>(classesGVR),
    volumes: ctx.client.resource<PersistentVolume>(volumesGVR),
    events: ctx.events({ component: componentName })
  }
  const controller = new Controller(
    {
      name: 'local-path-provisioner',
      watches: [
        { resource: claimsGVR, keys: (c) => [claimPrefix + objectKey(c)] },
        { resource: volumesGVR, keys: (pv) => [volumePrefix + objectKey(pv)] },
        { resource: classesGVR, keys: () => [] }
      ],
      reconcile: (key) => (key.startsWith(claimPrefix) ? provision(pc, key.slice(claimPrefix.length)) : reclaim(pc, key.slice(volumePrefix.length)))
    },
    { factory: ctx.informers, logger: ctx.logger }
  )
  return {
    name: 'local-path-provisioner',
    async start() {
      await ensureStandardClass(ctx.client.resource<StorageClass>(classesGVR))
      await controller.start()
    },
    async stop() {
      await controller.stop()
      await pc.events.flush()
    }
  }
}
