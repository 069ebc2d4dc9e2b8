import { afterEach, describe, expect, it } from 'vitest'
import type { Pod, ReplicationController } from 'kubernetes-types/core/v1'
import type { ReplicaSet } from 'kubernetes-types/apps/v1'
import { Cluster } from '../../../main/cluster/cluster'
import type { Mutable } from '../../../main/cluster/apimachinery/types'
import { replicaSetComponent } from '../../../main/cluster/controllers/replica-set'
import { replicationControllerComponent } from '../../../main/cluster/controllers/replication'
import { waitFor } from '../../support/wait'
import { activePods, eventsFor, gvr, makeReady, pod, replicaSet, replicationController, waitForPods } from './replica-helpers'

describe('ReplicaSet and ReplicationController controllers', () => {
  let cluster: Cluster
  afterEach(async () => {
    await cluster?.stop()
  })

  async function start(): Promise<Cluster> {
    cluster = await Cluster.start({ clock: 'instant', components: [replicaSetComponent, replicationControllerComponent] })
    return cluster
  }

  it('an RC creates its pods from the template and replaces a deleted one', async () => {
    await start()
    const rcs = cluster.client.resource<ReplicationController>(gvr.rcs)
    const rc = await rcs.create(replicationController('web', 3))
    const pods = await waitForPods(cluster, 'web', 3)
    for (const p of pods) {
      expect(p.metadata?.name).toMatch(/^web-[a-z0-9]{5}$/)
      expect(p.metadata?.ownerReferences).toEqual([
        { apiVersion: 'v1', kind: 'ReplicationController', name: 'web', uid: rc.metadata?.uid, controller: true, blockOwnerDeletion: true }
      ])
      expect(p.spec?.containers?.[0].image).toBe('nginx:1.27')
    }
    const victim = pods[0].metadata!.name!
    await cluster.client.resource<Pod>(gvr.pods).delete('default', victim)
    await waitFor(async () => {
      const now = await activePods(cluster, 'web')
      return now.length === 3 && !now.some((p) => p.metadata?.name === victim)
    }, 'a replacement pod')
    const status = await waitFor(async () => {
      const s = (await rcs.get('default', 'web')).status
      return s?.replicas === 3 && s.fullyLabeledReplicas === 3 && s.observedGeneration === 1 ? s : undefined
    }, 'RC status')
    expect(status.readyReplicas).toBe(0)
    const events = await waitFor(async () => {
      const evs = await eventsFor(cluster, 'web')
      return evs.filter((e) => e.reason === 'SuccessfulCreate').length === 4 ? evs : undefined
    }, 'four SuccessfulCreate events')
    const create = events.find((e) => e.reason === 'SuccessfulCreate')!
    expect(create.type).toBe('Normal')
    expect(create.message).toMatch(/^Created pod: web-[a-z0-9]{5}$/)
    expect(create.source?.component).toBe('replication-controller')
    expect(create.involvedObject.kind).toBe('ReplicationController')
  })

  it('creates exactly the missing pods, once each', async () => {
    await start()
    await cluster.client.resource<ReplicaSet>(gvr.rss).create(replicaSet('burst', 20))
    await waitForPods(cluster, 'burst', 20)
    await waitFor(async () => (await cluster.client.resource<ReplicaSet>(gvr.rss).get('default', 'burst')).status?.replicas === 20, 'status 20')
    // After ten, client-go's event correlator combines them ("(combined from similar events): Created pod: ..."), counting the rest.
    const creates = async () => (await eventsFor(cluster, 'burst')).filter((e) => e.reason === 'SuccessfulCreate')
    const total = async () => (await creates()).reduce((n, e) => n + (e.count ?? 1), 0)
    await waitFor(async () => (await total()) >= 20, '20 SuccessfulCreate events')
    // Every pod and event has settled: a double-create would have shown up by now.
    expect(await activePods(cluster, 'burst')).toHaveLength(20)
    expect(await total()).toBe(20)
    expect((await creates()).filter((e) => e.message?.startsWith('(combined from similar events): Created pod: burst-'))).toHaveLength(1)
  })

  it('scaling 3 to 1 deletes the not-ready pods and keeps the ready one', async () => {
    await start()
    const rss = cluster.client.resource<ReplicaSet>(gvr.rss)
    await rss.create(replicaSet('web', 3))
    const pods = await waitForPods(cluster, 'web', 3)
    const keeper = await makeReady(cluster, pods[1])
    await waitFor(async () => (await rss.get('default', 'web')).status?.readyReplicas === 1, 'readyReplicas 1')
    const rs = structuredClone(await rss.get('default', 'web'))
    rs.spec!.replicas = 1
    await rss.update(rs)
    const left = await waitForPods(cluster, 'web', 1)
    expect(left[0].metadata?.name).toBe(keeper.metadata?.name)
    const deletes = await waitFor(async () => {
      const evs = (await eventsFor(cluster, 'web')).filter((e) => e.reason === 'SuccessfulDelete')
      return evs.length === 2 ? evs : undefined
    }, 'two SuccessfulDelete events')
    expect(deletes.map((e) => e.message).sort()).toEqual(
      pods
        .filter((p) => p.metadata?.name !== keeper.metadata?.name)
        .map((p) => `Deleted pod: ${p.metadata?.name}`)
        .sort()
    )
    expect(deletes[0].source?.component).toBe('replicaset-controller')
    await waitFor(async () => {
      const s = (await rss.get('default', 'web')).status
      return s?.replicas === 1 && s.readyReplicas === 1 && s.availableReplicas === 1 && s.observedGeneration === 2
    }, 'status after scale-down')
  })

  it('adopts a matching orphan and releases a pod whose labels no longer match', async () => {
    await start()
    const pods = cluster.client.resource<Pod>(gvr.pods)
    const orphan = await pods.create(pod('stray', { app: 'web' }))
    const rs = await cluster.client.resource<ReplicaSet>(gvr.rss).create(replicaSet('web', 2))
    const owned = await waitForPods(cluster, 'web', 2)
    expect(owned.map((p) => p.metadata?.name)).toContain('stray')
    const adopted = await waitFor(async () => {
      const p = await pods.get('default', 'stray')
      return p.metadata?.ownerReferences?.length ? p : undefined
    }, 'the orphan adopted')
    expect(adopted.metadata?.uid).toBe(orphan.metadata?.uid)
    expect(adopted.metadata?.ownerReferences).toEqual([
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata?.uid, controller: true, blockOwnerDeletion: true }
    ])

    const relabelled = structuredClone(adopted)
    relabelled.metadata!.labels = { app: 'debug' }
    await pods.update(relabelled)
    const released = await waitFor(async () => {
      const p = await pods.get('default', 'stray')
      return p.metadata?.ownerReferences === undefined ? p : undefined
    }, 'the relabelled pod released')
    expect(released.metadata?.labels).toEqual({ app: 'debug' })
    const now = await waitForPods(cluster, 'web', 2)
    expect(now.map((p) => p.metadata?.name)).not.toContain('stray')
  })

  it('leaves pods controlled by another owner alone', async () => {
    await start()
    await cluster.client.resource<ReplicationController>(gvr.rcs).create(replicationController('web', 2))
    await waitForPods(cluster, 'web', 2)
    // Same selector, other kind: the RC's pods are not orphans, so the RS creates its own.
    await cluster.client.resource<ReplicaSet>(gvr.rss).create(replicaSet('web', 1))
    const pods = await waitForPods(cluster, 'web', 3)
    const kinds = pods.map((p) => p.metadata?.ownerReferences?.[0].kind).sort()
    expect(kinds).toEqual(['ReplicaSet', 'ReplicationController', 'ReplicationController'])
  })

  it('reports replicas, fully labelled, ready and available (after minReadySeconds) replicas', async () => {
    await start()
    const rss = cluster.client.resource<ReplicaSet>(gvr.rss)
    const pods = cluster.client.resource<Pod>(gvr.pods)
    // An orphan with the selector's label but not the template's tier label: adopted, not fully labelled.
    await pods.create(pod('partial', { app: 'web' }))
    await rss.create(replicaSet('web', 3, { templateLabels: { tier: 'fe' }, minReadySeconds: 30 }))
    const all = await waitForPods(cluster, 'web', 3)
    let status = await waitFor(async () => {
      const s = (await rss.get('default', 'web')).status
      return s?.replicas === 3 ? s : undefined
    }, 'three replicas')
    expect(status).toMatchObject({ replicas: 3, fullyLabeledReplicas: 2, readyReplicas: 0, availableReplicas: 0, observedGeneration: 1 })
    const readyPods = []
    for (const p of all) readyPods.push(await makeReady(cluster, p))
    status = await waitFor(async () => {
      const s = (await rss.get('default', 'web')).status
      return s?.availableReplicas === 3 ? s : undefined
    }, 'three available replicas')
    expect(status).toMatchObject({ replicas: 3, fullyLabeledReplicas: 2, readyReplicas: 3, availableReplicas: 3 })
    // Availability waited for minReadySeconds of cluster time after the Ready condition's
    // lastTransitionTime (the instant clock jumped there); that stamp has whole seconds, as in Kubernetes.
    const readyAt = Math.max(...readyPods.map((p) => Date.parse(p.status!.conditions!.find((c) => c.type === 'Ready')!.lastTransitionTime!)))
    expect(cluster.clock.now()).toBeGreaterThanOrEqual(readyAt + 30_000)
  })

  it('does not count pods being deleted or finished', async () => {
    await start()
    const pods = cluster.client.resource<Pod>(gvr.pods)
    await cluster.client.resource<ReplicaSet>(gvr.rss).create(replicaSet('web', 2))
    const [first] = await waitForPods(cluster, 'web', 2)
    const done: Mutable<Pod> = structuredClone(first)
    done.status = { ...done.status, phase: 'Succeeded' }
    await pods.updateStatus(done)
    // The finished pod is replaced, though it still exists.
    await waitFor(async () => {
      const list = await activePods(cluster, 'web')
      return list.length === 3 && list.filter((p) => p.status?.phase !== 'Succeeded').length === 2
    }, 'a replacement for the finished pod')
  })
})
