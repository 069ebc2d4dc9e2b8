import type { PersistentVolume, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1'
import type { StorageClass } from 'kubernetes-types/storage/v1'
import { afterEach, describe, expect, it } from 'vitest'
import { Cluster } from '../../../main/cluster/cluster'
import { persistentVolumeBinderComponent } from '../../../main/cluster/controllers/persistentvolume'
import { claim, claimWhen, classesGVR, eventWith, podsGVR, podUsing, pvcGVR, pvGVR, volume, volumeWhen } from './persistentvolume-support'

let cluster: Cluster | undefined

async function start(): Promise<Cluster> {
  cluster = await Cluster.start({ clock: 'instant', components: [persistentVolumeBinderComponent] })
  return cluster
}

afterEach(async () => {
  await cluster?.stop()
  cluster = undefined
})

const isBound = (c: PersistentVolumeClaim) => c.status?.phase === 'Bound'

describe('persistentvolume-binder', () => {
  it('binds a claim to the smallest volume that fits, ties by name, writing both sides', async () => {
    const c = await start()
    const pvs = c.client.resource<PersistentVolume>(pvGVR)
    await pvs.create(volume('big', '10Gi'))
    await pvs.create(volume('small', '1Gi'))
    await pvs.create(volume('mid-b', '2Gi'))
    await pvs.create(volume('mid-a', '2Gi'))
    await pvs.create(volume('rwx-only', '2Gi', { accessModes: ['ReadWriteMany'] }))
    await c.client.resource<PersistentVolumeClaim>(pvcGVR).create(claim('data', '1500Mi'))
    const bound = await claimWhen(c, 'data', isBound, 'claim data Bound')
    expect(bound.spec?.volumeName).toBe('mid-a')
    expect(bound.status).toMatchObject({ phase: 'Bound', capacity: { storage: '2Gi' }, accessModes: ['ReadWriteOnce'] })
    expect(bound.metadata?.annotations).toMatchObject({ 'pv.kubernetes.io/bind-completed': 'yes', 'pv.kubernetes.io/bound-by-controller': 'yes' })
    await volumeWhen(c, 'mid-a', (pv) => pv?.status?.phase === 'Bound', 'volume mid-a Bound')
    const pv = await pvs.get(undefined, 'mid-a')
    expect(pv.spec?.claimRef).toMatchObject({ kind: 'PersistentVolumeClaim', namespace: 'default', name: 'data', uid: bound.metadata?.uid })
    expect(pv.metadata?.annotations?.['pv.kubernetes.io/bound-by-controller']).toBe('yes')
    await volumeWhen(c, 'small', (v) => v?.status?.phase === 'Available', 'volume small Available')
  })

  it('honours the selector, volumeMode and class, and leaves a claim without a match Pending with FailedBinding', async () => {
    const c = await start()
    const pvs = c.client.resource<PersistentVolume>(pvGVR)
    await pvs.create(volume('fast', '5Gi', {}, { tier: 'fast' }))
    await pvs.create(volume('slow', '1Gi', {}, { tier: 'slow' }))
    await pvs.create(volume('block', '1Gi', { volumeMode: 'Block' }, { tier: 'fast' }))
    await pvs.create(volume('gold', '1Gi', { storageClassName: 'gold' }, { tier: 'fast' }))
    const claims = c.client.resource<PersistentVolumeClaim>(pvcGVR)
    await claims.create(claim('picky', '1Gi', { selector: { matchLabels: { tier: 'fast' } } }))
    expect((await claimWhen(c, 'picky', isBound, 'picky Bound')).spec?.volumeName).toBe('fast')
    await claims.create(claim('huge', '100Gi'))
    const ev = await eventWith(c, 'huge', 'FailedBinding')
    expect(ev).toMatchObject({ type: 'Normal', message: 'no persistent volumes available for this claim and no storage class is set', source: { component: 'persistentvolume-controller' } })
    expect((await claims.get('default', 'huge')).status?.phase).toBe('Pending')
  })

  it('follows pre-binding from either side', async () => {
    const c = await start()
    const pvs = c.client.resource<PersistentVolume>(pvGVR)
    const claims = c.client.resource<PersistentVolumeClaim>(pvcGVR)
    await pvs.create(volume('tiny', '1Gi'))
    await pvs.create(volume('reserved', '5Gi', { claimRef: { namespace: 'default', name: 'mine' } }))
    await claims.create(claim('mine', '1Gi'))
    expect((await claimWhen(c, 'mine', isBound, 'mine Bound')).spec?.volumeName).toBe('reserved')
    await pvs.create(volume('chosen', '3Gi'))
    await claims.create(claim('named', '1Gi', { volumeName: 'chosen' }))
    const named = await claimWhen(c, 'named', isBound, 'named Bound')
    expect(named.spec?.volumeName).toBe('chosen')
    // The claim's author chose the volume: the controller did not bind the claim side.
    expect(named.metadata?.annotations?.['pv.kubernetes.io/bound-by-controller']).toBeUndefined()
    expect((await pvs.get(undefined, 'chosen')).spec?.claimRef?.uid).toBe(named.metadata?.uid)
  })

  it('gives a claim without a class the default class, and waits for a consumer on WaitForFirstConsumer', async () => {
    const c = await start()
    await c.client.resource<StorageClass>(classesGVR).create({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'local', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      provisioner: 'kubernetes.io/no-provisioner',
      volumeBindingMode: 'WaitForFirstConsumer'
    } as StorageClass)
    await c.client.resource<PersistentVolume>(pvGVR).create(volume('local-1', '1Gi', { storageClassName: 'local' }))
    await c.client.resource<PersistentVolumeClaim>(pvcGVR).create(claim('later', '1Gi', { storageClassName: undefined }))
    await claimWhen(c, 'later', (p) => p.spec?.storageClassName === 'local', 'default class assigned')
    const ev = await eventWith(c, 'later', 'WaitForFirstConsumer')
    expect(ev.message).toBe('waiting for first consumer to be created before binding')
    expect((await c.client.resource<PersistentVolumeClaim>(pvcGVR).get('default', 'later')).status?.phase).toBe('Pending')
    // No scheduler runs here: the consumer stays unscheduled, and the claim says so.
    await c.client.resource<Pod>(podsGVR).create(podUsing('consumer', 'later'))
    const waiting = await eventWith(c, 'later', 'WaitForPodScheduled')
    expect(waiting.message).toBe('waiting for pod consumer to be scheduled')
  })

  it('releases a volume whose claim is deleted: Retain keeps it Released', async () => {
    const c = await start()
    await c.client.resource<PersistentVolume>(pvGVR).create(volume('keep', '1Gi'))
    await c.client.resource<PersistentVolumeClaim>(pvcGVR).create(claim('gone', '1Gi'))
    await claimWhen(c, 'gone', isBound, 'gone Bound')
    await c.client.resource<PersistentVolumeClaim>(pvcGVR).delete('default', 'gone')
    await volumeWhen(c, 'keep', (pv) => pv?.status?.phase === 'Released', 'keep Released')
    const pv = await c.client.resource<PersistentVolume>(pvGVR).get(undefined, 'keep')
    expect(pv.spec?.claimRef?.name).toBe('gone')
    // A new claim of the same name is another claim: the released volume stays out of reach.
    await c.client.resource<PersistentVolumeClaim>(pvcGVR).create(claim('gone', '1Gi'))
    await eventWith(c, 'gone', 'FailedBinding')
    expect((await c.client.resource<PersistentVolume>(pvGVR).get(undefined, 'keep')).status?.phase).toBe('Released')
  })

  it('reclaims Delete volumes with the in-tree hostPath deleter: /tmp paths go, others fail', async () => {
    const c = await start()
    const pvs = c.client.resource<PersistentVolume>(pvGVR)
    const claims = c.client.resource<PersistentVolumeClaim>(pvcGVR)
    await pvs.create(volume('scratch', '1Gi', { persistentVolumeReclaimPolicy: 'Delete', hostPath: { path: '/tmp/scratch' } }))
    await claims.create(claim('a', '1Gi'))
    await claimWhen(c, 'a', isBound, 'a Bound')
    await pvs.create(volume('data', '1Gi', { persistentVolumeReclaimPolicy: 'Delete', hostPath: { path: '/data/x' } }))
    await claims.create(claim('b', '1Gi'))
    await claimWhen(c, 'b', isBound, 'b Bound')
    await claims.delete('default', 'a')
    await claims.delete('default', 'b')
    await volumeWhen(c, 'scratch', (pv) => pv === undefined, 'scratch deleted')
    await volumeWhen(c, 'data', (pv) => pv?.status?.phase === 'Failed', 'data Failed')
    const ev = await eventWith(c, 'data', 'VolumeFailedDelete')
    expect(ev).toMatchObject({ type: 'Warning', message: 'host_path deleter only supports /tmp/.+ but received provided /data/x' })
    expect((await pvs.get(undefined, 'data')).status?.message).toBe('host_path deleter only supports /tmp/.+ but received provided /data/x')
  })

  it('marks a bound claim Lost when its volume disappears', async () => {
    const c = await start()
    await c.client.resource<PersistentVolume>(pvGVR).create(volume('fragile', '1Gi'))
    await c.client.resource<PersistentVolumeClaim>(pvcGVR).create(claim('orphan', '1Gi'))
    await claimWhen(c, 'orphan', isBound, 'orphan Bound')
    await c.client.resource<PersistentVolume>(pvGVR).delete(undefined, 'fragile')
    await claimWhen(c, 'orphan', (p) => p.status?.phase === 'Lost', 'orphan Lost')
    const ev = await eventWith(c, 'orphan', 'ClaimLost')
    expect(ev).toMatchObject({ type: 'Warning', message: 'Bound claim has lost its PersistentVolume. Data on the volume is lost!' })
  })
})
