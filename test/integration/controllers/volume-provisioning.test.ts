import type { PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1'
import type { StorageClass } from 'kubernetes-types/storage/v1'
import { afterEach, describe, expect, it } from 'vitest'
import { Cluster } from '../../../main/cluster/cluster'
import { defaultComponents } from '../../../main/cluster/components'
import { persistentVolumeBinderComponent } from '../../../main/cluster/controllers/persistentvolume'
import { localPathProvisionerComponent } from '../../../main/cluster/controllers/volume-provisioner'
import { waitFor } from '../../support/wait'
import { claim, claimWhen, classesGVR, eventsFor, eventWith, podsGVR, podUsing, pvcGVR, pvGVR, volume, volumeWhen } from './persistentvolume-support'

let cluster: Cluster | undefined

async function start(): Promise<Cluster> {
  cluster = await Cluster.start({ clock: 'instant', components: [...defaultComponents, persistentVolumeBinderComponent, localPathProvisionerComponent] })
  return cluster
}

afterEach(async () => {
  await cluster?.stop()
  cluster = undefined
})

async function podRunning(c: Cluster, name: string): Promise<Pod> {
  return waitFor(async () => {
    const pod = await c.client.resource<Pod>(podsGVR).get('default', name)
    return pod.status?.phase === 'Running' ? pod : undefined
  }, `pod ${name} Running`)
}

describe('volumes with the default components', () => {
  it('creates kind\'s standard default class', async () => {
    const c = await start()
    const sc = await c.client.resource<StorageClass>(classesGVR).get(undefined, 'standard')
    expect(sc).toMatchObject({
      provisioner: 'rancher.io/local-path',
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'WaitForFirstConsumer',
      metadata: { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }
    })
  })

  it('keeps a pod using an unbound claim Pending until the claim binds, then runs it', async () => {
    const c = await start()
    await c.client.resource<PersistentVolumeClaim>(pvcGVR).create(claim('data', '1Gi'))
    await eventWith(c, 'data', 'FailedBinding')
    await c.client.resource<Pod>(podsGVR).create(podUsing('app', 'data'))
    await waitFor(async () => (await eventsFor(c, 'app')).find((e) => e.reason === 'FailedScheduling'), 'FailedScheduling of app')
    const pending = await c.client.resource<Pod>(podsGVR).get('default', 'app')
    expect(pending.status?.phase).toBe('Pending')
    expect(pending.spec?.nodeName).toBeUndefined()
    await c.client.resource<PersistentVolume>(pvGVR).create(volume('pv-1', '1Gi'))
    await claimWhen(c, 'data', (p) => p.status?.phase === 'Bound', 'data Bound')
    const pod = await podRunning(c, 'app')
    expect(pod.spec?.nodeName).toBeTruthy()
  })

  it('provisions a local-path volume on the node of the claim\'s first consumer', async () => {
    const c = await start()
    const claims = c.client.resource<PersistentVolumeClaim>(pvcGVR)
    await claims.create(claim('dyn', '256Mi', { storageClassName: undefined }))
    await claimWhen(c, 'dyn', (p) => p.spec?.storageClassName === 'standard', 'default class assigned')
    await eventWith(c, 'dyn', 'WaitForFirstConsumer')
    await c.client.resource<Pod>(podsGVR).create(podUsing('user', 'dyn'))
    const bound = await claimWhen(c, 'dyn', (p) => p.status?.phase === 'Bound', 'dyn Bound')
    const uid = bound.metadata?.uid ?? ''
    expect(bound.spec?.volumeName).toBe(`pvc-${uid}`)
    expect(bound.status?.capacity).toEqual({ storage: '256Mi' })
    const node = bound.metadata?.annotations?.['volume.kubernetes.io/selected-node']
    expect(node).toBeTruthy()
    const pv = await c.client.resource<PersistentVolume>(pvGVR).get(undefined, `pvc-${uid}`)
    expect(pv.spec).toMatchObject({
      capacity: { storage: '256Mi' },
      storageClassName: 'standard',
      persistentVolumeReclaimPolicy: 'Delete',
      hostPath: { path: `/var/local-path-provisioner/pvc-${uid}_default_dyn`, type: 'DirectoryOrCreate' },
      nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] }] } },
      claimRef: { namespace: 'default', name: 'dyn', uid }
    })
    expect(pv.metadata?.annotations?.['pv.kubernetes.io/provisioned-by']).toBe('rancher.io/local-path')
    await volumeWhen(c, `pvc-${uid}`, (v) => v?.status?.phase === 'Bound', 'provisioned volume Bound')
    const running = await podRunning(c, 'user')
    expect(running.spec?.nodeName).toBe(node)
    // ProvisioningSucceeded (`Successfully provisioned volume pvc-<uid>`) is recorded too, but two
    // recorders' events at one instant can get the same name in the event recorder, so it is not asserted here.
    const ext = await eventWith(c, 'dyn', 'ExternalProvisioning')
    expect(ext?.message).toBe(
      "Waiting for a volume to be created either by the external provisioner 'rancher.io/local-path' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered."
    )
    const prov = await eventWith(c, 'dyn', 'Provisioning')
    expect(prov.message).toBe('External provisioner is provisioning volume for claim "default/dyn"')
  })

  it('deletes a provisioned volume with its claim (Delete) and keeps a Retain one Released', async () => {
    const c = await start()
    const claims = c.client.resource<PersistentVolumeClaim>(pvcGVR)
    await c.client.resource<PersistentVolume>(pvGVR).create(volume('kept', '1Gi'))
    await claims.create(claim('static', '1Gi'))
    await claims.create(claim('dyn', '1Gi', { storageClassName: 'standard' }))
    await c.client.resource<Pod>(podsGVR).create(podUsing('user', 'dyn'))
    const dyn = await claimWhen(c, 'dyn', (p) => p.status?.phase === 'Bound', 'dyn Bound')
    await claimWhen(c, 'static', (p) => p.status?.phase === 'Bound', 'static Bound')
    await c.client.resource<Pod>(podsGVR).delete('default', 'user', { gracePeriodSeconds: 0 })
    await claims.delete('default', 'dyn')
    await claims.delete('default', 'static')
    await volumeWhen(c, dyn.spec!.volumeName!, (v) => v === undefined, 'provisioned volume deleted')
    await volumeWhen(c, 'kept', (v) => v?.status?.phase === 'Released', 'kept Released')
  })
})
