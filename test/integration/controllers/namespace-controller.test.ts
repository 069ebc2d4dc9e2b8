import { afterEach, describe, expect, it } from 'vitest'
import type { ConfigMap, Namespace, Pod } from 'kubernetes-types/core/v1'
import type { ReplicaSet } from 'kubernetes-types/apps/v1'
import { Cluster } from '../../../main/cluster/cluster'
import { garbageCollectorComponent } from '../../../main/cluster/controllers/garbage-collector'
import { namespaceControllerComponent } from '../../../main/cluster/controllers/namespace'
import { replicaSetComponent } from '../../../main/cluster/controllers/replica-set'
import { waitFor } from '../../support/wait'
import { gvr, pod, replicaSet, waitForPods } from './replica-helpers'

describe('namespace controller', () => {
  let cluster: Cluster
  afterEach(async () => {
    await cluster?.stop()
  })

  const namespaces = () => cluster.client.resource<Namespace>(gvr.namespaces)
  const configMaps = () => cluster.client.resource<ConfigMap>(gvr.configmaps)

  async function namespaceGone(name: string): Promise<boolean> {
    return namespaces()
      .get(undefined, name)
      .then(
        () => false,
        (e: { reason?: string }) => e.reason === 'NotFound'
      )
  }

  it('deleting a namespace removes its pods, configmaps and workloads, then the namespace', async () => {
    cluster = await Cluster.start({ clock: 'instant', components: [replicaSetComponent, garbageCollectorComponent, namespaceControllerComponent] })
    await namespaces().create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } })
    await cluster.client.resource<Pod>(gvr.pods).create(pod('solo', { app: 'solo' }, 'team'))
    await configMaps().create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'team' }, data: { a: '1' } })
    await cluster.client.resource<ReplicaSet>(gvr.rss).create(replicaSet('web', 2, { namespace: 'team' }))
    await waitForPods(cluster, 'web', 2, 'team')
    // Something in another namespace must survive.
    await configMaps().create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'default' } })

    const terminating = await namespaces().delete(undefined, 'team')
    expect(terminating.status?.phase).toBe('Terminating')
    await expect(configMaps().create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'late', namespace: 'team' } })).rejects.toMatchObject({
      reason: 'Forbidden'
    })
    await waitFor(() => namespaceGone('team'), 'the namespace removed')
    for (const resource of [gvr.pods, gvr.configmaps, gvr.rss]) {
      expect((await cluster.client.resource(resource).list('team')).items).toEqual([])
    }
    expect((await configMaps().get('default', 'settings')).metadata?.name).toBe('settings')
  })

  // Fails until ResourceStore.update stops removing a Terminating namespace whose spec.finalizers remain
  // (Kubernetes' ShouldDeleteNamespaceDuringUpdate): today the first condition write removes the namespace,
  // stranding the content. Drop `.fails` once that is fixed.
  it('waits for content held by a finalizer, saying so in its conditions, then finishes', async () => {
    cluster = await Cluster.start({ clock: 'instant', components: [namespaceControllerComponent] })
    await namespaces().create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } })
    await configMaps().create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'held', namespace: 'team', finalizers: ['example.com/hold'] } })
    await namespaces().delete(undefined, 'team')
    const found = await waitFor(async () => {
      const n = await namespaces().get(undefined, 'team').catch(() => 'gone' as const)
      return n === 'gone' || n.status?.conditions?.length ? n : undefined
    }, 'conditions on the namespace')
    expect(found, 'the namespace must stay while content remains').not.toBe('gone')
    const ns = found as Namespace
    expect(ns.status?.phase).toBe('Terminating')
    const byType = Object.fromEntries((ns.status?.conditions ?? []).map((c) => [c.type, c]))
    expect(Object.keys(byType)).toEqual([
      'NamespaceDeletionDiscoveryFailure',
      'NamespaceDeletionGroupVersionParsingFailure',
      'NamespaceDeletionContentFailure',
      'NamespaceContentRemaining',
      'NamespaceFinalizersRemaining'
    ])
    expect(byType.NamespaceDeletionDiscoveryFailure).toMatchObject({ status: 'False', reason: 'ResourcesDiscovered', message: 'All resources successfully discovered' })
    expect(byType.NamespaceDeletionContentFailure).toMatchObject({ status: 'False', reason: 'ContentDeleted' })
    expect(byType.NamespaceContentRemaining).toMatchObject({
      status: 'True',
      reason: 'SomeResourcesRemain',
      message: 'Some resources are remaining: configmaps. has 1 resource instances'
    })
    expect(byType.NamespaceFinalizersRemaining).toMatchObject({
      status: 'True',
      reason: 'SomeFinalizersRemain',
      message: 'Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances'
    })
    expect(ns.spec?.finalizers).toEqual(['kubernetes'])

    const held = structuredClone(await configMaps().get('team', 'held'))
    delete held.metadata!.finalizers
    await configMaps().update(held)
    await waitFor(() => namespaceGone('team'), 'the namespace removed once the content went')
  })
})
