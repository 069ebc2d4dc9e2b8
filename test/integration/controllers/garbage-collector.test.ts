import { afterEach, describe, expect, it } from 'vitest'
import type { ConfigMap, Pod } from 'kubernetes-types/core/v1'
import type { ReplicaSet } from 'kubernetes-types/apps/v1'
import type { OwnerReference } from 'kubernetes-types/meta/v1'
import { Cluster } from '../../../main/cluster/cluster'
import type { WatchEvent } from '../../../main/cluster/client/types'
import { garbageCollectorComponent } from '../../../main/cluster/controllers/garbage-collector'
import { replicaSetComponent } from '../../../main/cluster/controllers/replica-set'
import { waitFor } from '../../support/wait'
import { activePods, gvr, replicaSet, waitForPods } from './replica-helpers'

describe('garbage collector', () => {
  let cluster: Cluster
  afterEach(async () => {
    await cluster?.stop()
  })

  async function start(): Promise<Cluster> {
    cluster = await Cluster.start({ clock: 'instant', components: [replicaSetComponent, garbageCollectorComponent] })
    return cluster
  }

  const rss = () => cluster.client.resource<ReplicaSet>(gvr.rss)
  const pods = () => cluster.client.resource<Pod>(gvr.pods)
  const configMaps = () => cluster.client.resource<ConfigMap>(gvr.configmaps)

  async function gone(resource: { get(ns: string, name: string): Promise<unknown> }, name: string): Promise<boolean> {
    return resource.get('default', name).then(
      () => false,
      (e: { reason?: string }) => e.reason === 'NotFound'
    )
  }

  function ref(owner: { metadata?: { name?: string; uid?: string } }, kind = 'ConfigMap', extra: Partial<OwnerReference> = {}): OwnerReference {
    return { apiVersion: 'v1', kind, name: owner.metadata!.name!, uid: owner.metadata!.uid!, ...extra }
  }

  it('background: deleting a ReplicaSet removes its pods afterwards', async () => {
    await start()
    await rss().create(replicaSet('web', 3))
    await waitForPods(cluster, 'web', 3)
    await rss().delete('default', 'web', { propagationPolicy: 'Background' })
    expect(await gone(rss(), 'web')).toBe(true)
    await waitFor(async () => (await pods().list('default')).items.length === 0, 'the pods collected')
  })

  it('orphan: the pods stay, without owner references, and the ReplicaSet goes', async () => {
    await start()
    await rss().create(replicaSet('web', 2))
    await waitForPods(cluster, 'web', 2)
    const marked = await rss().delete('default', 'web', { propagationPolicy: 'Orphan' })
    expect(marked.metadata?.finalizers).toEqual(['orphan'])
    await waitFor(() => gone(rss(), 'web'), 'the ReplicaSet removed')
    const left = await activePods(cluster, 'web')
    expect(left).toHaveLength(2)
    for (const p of left) expect(p.metadata?.ownerReferences).toBeUndefined()
  })

  it('foreground: the pods go first, then the ReplicaSet', async () => {
    await start()
    await rss().create(replicaSet('web', 3))
    await waitForPods(cluster, 'web', 3)
    const order: string[] = []
    const record = (e: WatchEvent<{ kind?: string; metadata: { name?: string } }>) => {
      if (e.type === 'DELETED') order.push(`${e.object.kind}/${e.object.metadata.name}`)
    }
    const from = { resourceVersion: (await pods().list('default')).metadata.resourceVersion }
    const watchers = [pods().watch('default', from, record as never), rss().watch('default', from, record as never)]
    const marked = await rss().delete('default', 'web', { propagationPolicy: 'Foreground' })
    expect(marked.metadata?.finalizers).toEqual(['foregroundDeletion'])
    expect(marked.metadata?.deletionTimestamp).toBeDefined()
    await waitFor(() => order.length === 4, 'four deletions')
    for (const w of watchers) w.stop()
    expect(order.at(-1)).toBe('ReplicaSet/web')
    expect(order.slice(0, 3).every((o) => o.startsWith('Pod/web-'))).toBe(true)
  })

  it('a dependent with another live owner stays, and loses the reference to the owner that went', async () => {
    await start()
    const a = await configMaps().create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owner-a' } })
    const b = await configMaps().create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owner-b' } })
    await configMaps().create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'shared', ownerReferences: [ref(a), ref(b)] } })
    await configMaps().delete('default', 'owner-a')
    const shared = await waitFor(async () => {
      const cm = await configMaps().get('default', 'shared')
      return cm.metadata?.ownerReferences?.length === 1 ? cm : undefined
    }, 'the dangling reference removed')
    expect(shared.metadata?.ownerReferences).toEqual([ref(b)])
    await configMaps().delete('default', 'owner-b')
    await waitFor(() => gone(configMaps(), 'shared'), 'the dependent collected with its last owner')
  })

  it('collects a dependent whose owner never existed, or was replaced by a namesake', async () => {
    await start()
    await configMaps().create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'ghost-child', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'ghost', uid: 'no-such-uid' }] }
    })
    const original = await configMaps().create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'parent' } })
    await configMaps().create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'child', ownerReferences: [ref(original)] } })
    await configMaps().delete('default', 'parent')
    await configMaps().create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'parent' } })
    await waitFor(() => gone(configMaps(), 'ghost-child'), 'the child of a missing owner collected')
    await waitFor(() => gone(configMaps(), 'child'), 'the child of a replaced owner collected')
    expect(await gone(configMaps(), 'parent')).toBe(false)
  })

  it('foreground deletion waits for blocking dependents and cascades through a chain', async () => {
    await start()
    const root = await configMaps().create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'root' } })
    const mid = await configMaps().create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'mid', ownerReferences: [ref(root, 'ConfigMap', { blockOwnerDeletion: true })] } })
    // A leaf holding a finalizer of its own keeps the whole chain in place until it is released.
    await configMaps().create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'leaf', finalizers: ['example.com/hold'], ownerReferences: [ref(mid, 'ConfigMap', { blockOwnerDeletion: true })] }
    })
    await configMaps().delete('default', 'root', { propagationPolicy: 'Foreground' })
    const leaf = await waitFor(async () => {
      const cm = await configMaps().get('default', 'leaf')
      return cm.metadata?.deletionTimestamp ? cm : undefined
    }, 'the leaf marked for deletion')
    expect((await configMaps().get('default', 'mid')).metadata?.finalizers).toEqual(['foregroundDeletion'])
    expect((await configMaps().get('default', 'root')).metadata?.finalizers).toEqual(['foregroundDeletion'])
    await configMaps().update({ ...structuredClone(leaf), metadata: { ...structuredClone(leaf.metadata), finalizers: undefined } })
    await waitFor(async () => (await gone(configMaps(), 'leaf')) && (await gone(configMaps(), 'mid')) && gone(configMaps(), 'root'), 'the chain removed')
  })

  it('a dependent without blockOwnerDeletion does not hold its owner back', async () => {
    await start()
    const owner = await configMaps().create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owner' } })
    await configMaps().create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'held', finalizers: ['example.com/hold'], ownerReferences: [ref(owner)] } })
    await configMaps().delete('default', 'owner', { propagationPolicy: 'Foreground' })
    await waitFor(() => gone(configMaps(), 'owner'), 'the owner removed')
    const held = await waitFor(async () => {
      const cm = await configMaps().get('default', 'held')
      return cm.metadata?.deletionTimestamp ? cm : undefined
    }, 'the dependent marked for deletion')
    expect(held.metadata?.finalizers).toEqual(['example.com/hold'])
  })

  it('pods created by a ReplicaSet are never collected while it lives', async () => {
    await start()
    await rss().create(replicaSet('web', 5))
    const created = await waitForPods(cluster, 'web', 5)
    await waitFor(async () => (await rss().get('default', 'web')).status?.replicas === 5, 'status')
    const now = await activePods(cluster, 'web')
    expect(now.map((p) => p.metadata?.uid).sort()).toEqual(created.map((p) => p.metadata?.uid).sort())
  })
})
