import { afterEach, describe, expect, it } from 'vitest'
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1'
import type { Pod } from 'kubernetes-types/core/v1'
import { Cluster } from '../../../main/cluster/cluster'
import type { ComponentFactory } from '../../../main/cluster/component'
import { deploymentComponent } from '../../../main/cluster/controllers/deployment'
import { replicaSetComponent } from '../../../main/cluster/controllers/replica-set'
import { waitFor } from '../../support/wait'
import { deployment, editDeployment, fakeKubelet, podsGVR, reader, revision, rolloutComplete } from './deployment-support'

let cluster: Cluster | undefined

async function start(kubelet: ComponentFactory = fakeKubelet()): Promise<Cluster> {
  cluster = await Cluster.start({ clock: 'instant', components: [deploymentComponent, replicaSetComponent, kubelet] })
  return cluster
}

afterEach(async () => {
  await cluster?.stop()
  cluster = undefined
})

/** Pods of the Deployment that are Ready, recorded on every pod change. */
async function watchReadiness(c: Cluster, app: string) {
  const client = c.client.resource<Pod>(podsGVR)
  const list = await client.list('default', { labelSelector: `app=${app}` })
  const pods = new Map<string, Pod>(list.items.map((p) => [p.metadata?.name ?? '', p]))
  const samples: Array<{ ready: number; total: number }> = []
  const watcher = client.watch('default', { labelSelector: `app=${app}`, resourceVersion: list.metadata.resourceVersion }, (event) => {
    const name = event.object.metadata?.name ?? ''
    if (event.type === 'DELETED') pods.delete(name)
    else pods.set(name, event.object)
    const all = [...pods.values()]
    const ready = all.filter((p) => p.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True')).length
    samples.push({ ready, total: all.length })
  })
  return { samples, stop: () => watcher.stop() }
}

/**
 * The replicas the Deployment's ReplicaSets ask for, summed, on every change:
 * what maxSurge bounds (the deployment controller scales ReplicaSets; their
 * own controllers then create and delete pods, each in its own time, so the
 * pods alive at one instant may briefly differ).
 */
async function watchReplicaSpecs(c: Cluster, app: string) {
  const client = c.client.resource<ReplicaSet>({ group: 'apps', version: 'v1', resource: 'replicasets' })
  const list = await client.list('default', { labelSelector: `app=${app}` })
  const sets = new Map<string, number>(list.items.map((rs) => [rs.metadata?.name ?? '', rs.spec?.replicas ?? 0]))
  const sums: number[] = []
  const watcher = client.watch('default', { labelSelector: `app=${app}`, resourceVersion: list.metadata.resourceVersion }, (event) => {
    const name = event.object.metadata?.name ?? ''
    if (event.type === 'DELETED') sets.delete(name)
    else sets.set(name, (event.object as ReplicaSet).spec?.replicas ?? 0)
    sums.push([...sets.values()].reduce((a, b) => a + b, 0))
  })
  return { sums, stop: () => watcher.stop() }
}

describe('deployment controller', () => {
  it('creates a ReplicaSet named by the pod-template-hash, its pods, and the status rollout status reads', async () => {
    const c = await start()
    const r = reader(c)
    const created = await r.deployments.create(deployment('web', { replicas: 3 }))
    const done = await waitFor(async () => {
      const d = await r.deployment('web')
      return rolloutComplete(d) ? d : undefined
    }, 'the rollout to complete')
    const [rs] = await r.replicaSetsOf(created)
    const hash = rs.metadata?.labels?.['pod-template-hash'] ?? ''
    expect(hash).toMatch(/^[bcdf4-9]+$/)
    expect(rs.metadata?.name).toBe(`web-${hash}`)
    expect(rs.spec?.selector?.matchLabels).toEqual({ app: 'web', 'pod-template-hash': hash })
    expect(rs.spec?.template?.metadata?.labels).toEqual({ app: 'web', 'pod-template-hash': hash })
    expect(rs.metadata?.ownerReferences).toEqual([
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: created.metadata?.uid, controller: true, blockOwnerDeletion: true }
    ])
    expect(rs.metadata?.annotations).toMatchObject({
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4'
    })
    expect(await r.podsOf(rs)).toHaveLength(3)
    expect(done.metadata?.annotations?.['deployment.kubernetes.io/revision']).toBe('1')
    expect(done.status).toMatchObject({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 })
    expect(done.status?.unavailableReplicas).toBeUndefined()
    const conditions = Object.fromEntries((done.status?.conditions ?? []).map((x) => [x.type, x]))
    expect(conditions.Available).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' })
    expect(conditions.Progressing).toMatchObject({
      status: 'True',
      reason: 'NewReplicaSetAvailable',
      message: `ReplicaSet "web-${hash}" has successfully progressed.`
    })
    const events = await waitFor(async () => {
      const list = await r.events('ScalingReplicaSet')
      return list.length > 0 ? list : undefined
    }, 'the scaling event')
    expect(events.map((e) => e.message)).toEqual([`Scaled up replica set web-${hash} from 0 to 3`])
    expect(events[0].source?.component).toBe('deployment-controller')
  })

  it('rolls out a new image within maxSurge and maxUnavailable, and bumps the revision', async () => {
    const c = await start()
    const r = reader(c)
    const strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } }
    const created = await r.deployments.create(deployment('web', { replicas: 4, strategy }))
    await waitFor(async () => rolloutComplete(await r.deployment('web')), 'the first rollout')
    const readiness = await watchReadiness(c, 'web')
    const specs = await watchReplicaSpecs(c, 'web')
    await editDeployment(c, 'web', (d) => {
      d.metadata!.annotations = { 'kubernetes.io/change-cause': 'upgrade to 1.28' }
      d.spec!.template!.spec!.containers[0].image = 'nginx:1.28'
    })
    const done = await waitFor(async () => {
      const d = await r.deployment('web')
      return rolloutComplete(d) && revision(d) === 2 ? d : undefined
    }, 'the second rollout')
    readiness.stop()
    specs.stop()
    // Never fewer than replicas - maxUnavailable Ready pods; never more than replicas + maxSurge asked for.
    expect(Math.min(...readiness.samples.map((s) => s.ready))).toBeGreaterThanOrEqual(3)
    expect(Math.max(...specs.sums)).toBeLessThanOrEqual(5)
    expect(specs.sums).toContain(5)
    const [oldRS, newRS] = await r.replicaSetsOf(created)
    expect(revision(oldRS)).toBe(1)
    expect(revision(newRS)).toBe(2)
    expect(oldRS.spec?.replicas).toBe(0)
    expect(newRS.spec?.replicas).toBe(4)
    expect(newRS.spec?.template?.spec?.containers[0].image).toBe('nginx:1.28')
    expect(newRS.metadata?.annotations?.['kubernetes.io/change-cause']).toBe('upgrade to 1.28')
    expect(done.status).toMatchObject({ replicas: 4, updatedReplicas: 4, availableReplicas: 4 })
    const messages = (await r.events('ScalingReplicaSet')).map((e) => e.message)
    expect(messages).toContain(`Scaled up replica set ${newRS.metadata?.name} from 0 to 1`)
    expect(messages.some((m) => m?.startsWith(`Scaled down replica set ${oldRS.metadata?.name} from 4 to`))).toBe(true)
  })

  it('rolls back by reusing the old ReplicaSet, which takes the next revision', async () => {
    const c = await start()
    const r = reader(c)
    const created = await r.deployments.create(deployment('web', { replicas: 2 }))
    await waitFor(async () => rolloutComplete(await r.deployment('web')), 'the first rollout')
    const [first] = await r.replicaSetsOf(created)
    await editDeployment(c, 'web', (d) => (d.spec!.template!.spec!.containers[0].image = 'nginx:1.28'))
    await waitFor(async () => {
      const d = await r.deployment('web')
      return rolloutComplete(d) && revision(d) === 2
    }, 'the second rollout')
    // kubectl rollout undo patches spec.template back to the previous ReplicaSet's template.
    await editDeployment(c, 'web', (d) => (d.spec!.template!.spec!.containers[0].image = 'nginx:1.27'))
    await waitFor(async () => {
      const d = await r.deployment('web')
      return rolloutComplete(d) && revision(d) === 3
    }, 'the rollback')
    const all = await r.replicaSetsOf(created)
    expect(all).toHaveLength(2)
    const back = all.find((rs) => rs.metadata?.uid === first.metadata?.uid)!
    expect(back.metadata?.name).toBe(first.metadata?.name)
    expect(revision(back)).toBe(3)
    expect(back.metadata?.annotations?.['deployment.kubernetes.io/revision-history']).toBe('1')
    expect(back.spec?.replicas).toBe(2)
  })

  it('Recreate scales the old ReplicaSet to zero before the new one gets pods', async () => {
    const c = await start()
    const r = reader(c)
    const created = await r.deployments.create(deployment('web', { replicas: 3, strategy: { type: 'Recreate' } }))
    await waitFor(async () => rolloutComplete(await r.deployment('web')), 'the first rollout')
    const [oldRS] = await r.replicaSetsOf(created)
    const overlaps: string[] = []
    const live = new Map<string, Pod>()
    const watcher = c.client.resource<Pod>(podsGVR).watch('default', { labelSelector: 'app=web' }, (event) => {
      const name = event.object.metadata?.name ?? ''
      if (event.type === 'DELETED') live.delete(name)
      else live.set(name, event.object)
      const owners = new Set([...live.values()].map((p) => p.metadata?.ownerReferences?.[0]?.uid))
      if (owners.size > 1) overlaps.push(name)
    })
    await editDeployment(c, 'web', (d) => (d.spec!.template!.spec!.containers[0].image = 'nginx:1.28'))
    await waitFor(async () => {
      const d = await r.deployment('web')
      return rolloutComplete(d) && revision(d) === 2
    }, 'the recreate rollout')
    watcher.stop()
    expect(overlaps).toEqual([])
    const messages = (await r.events('ScalingReplicaSet')).map((e) => e.message)
    expect(messages).toContain(`Scaled down replica set ${oldRS.metadata?.name} from 3 to 0`)
  })

  it('keeps revisionHistoryLimit old ReplicaSets', async () => {
    const c = await start()
    const r = reader(c)
    const created = await r.deployments.create(deployment('web', { replicas: 1, revisionHistoryLimit: 1 }))
    for (const [i, image] of ['nginx:1.27', 'nginx:1.28', 'nginx:1.29', 'nginx:1.30'].entries()) {
      if (i > 0) await editDeployment(c, 'web', (d) => (d.spec!.template!.spec!.containers[0].image = image))
      await waitFor(async () => {
        const d = await r.deployment('web')
        return rolloutComplete(d) && revision(d) === i + 1
      }, `revision ${i + 1}`)
    }
    const all = await waitFor(async () => {
      const list = await r.replicaSetsOf(created)
      return list.length === 2 ? list : undefined
    }, 'old ReplicaSets to be pruned')
    expect(all.map(revision)).toEqual([3, 4])
  })

  it('scales proportionally when resized mid-rollout', async () => {
    // The new image never becomes ready, so the rollout stalls half way.
    const c = await start(fakeKubelet((pod) => pod.spec?.containers[0].image !== 'broken'))
    const r = reader(c)
    const strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } }
    const created = await r.deployments.create(deployment('web', { replicas: 10, strategy }))
    await waitFor(async () => rolloutComplete(await r.deployment('web')), 'the first rollout')
    await editDeployment(c, 'web', (d) => (d.spec!.template!.spec!.containers[0].image = 'broken'))
    await waitFor(async () => {
      const [o, n] = await r.replicaSetsOf(created)
      return o?.spec?.replicas === 8 && n?.spec?.replicas === 5
    }, 'the rollout to stall at 8 old and 5 new')
    await editDeployment(c, 'web', (d) => (d.spec!.replicas = 20))
    const [o, n] = await waitFor(async () => {
      const list = await r.replicaSetsOf(created)
      return list[0]?.spec?.replicas === 14 ? list : undefined
    }, 'proportional scaling')
    expect(n.spec?.replicas).toBe(9)
    expect(o.metadata?.annotations).toMatchObject({ 'deployment.kubernetes.io/desired-replicas': '20', 'deployment.kubernetes.io/max-replicas': '23' })
    const d = await r.deployment('web')
    const available = d.status?.conditions?.find((x) => x.type === 'Available')
    expect(available?.status).toBe('True')
  })

  it('reports ProgressDeadlineExceeded when a rollout stalls past its deadline', async () => {
    const c = await start(fakeKubelet((pod) => pod.spec?.containers[0].image !== 'broken'))
    const r = reader(c)
    await r.deployments.create(deployment('web', { replicas: 2, progressDeadlineSeconds: 30 }))
    await waitFor(async () => rolloutComplete(await r.deployment('web')), 'the first rollout')
    await editDeployment(c, 'web', (d) => (d.spec!.template!.spec!.containers[0].image = 'broken'))
    const stalled = await waitFor(async () => {
      const d = await r.deployment('web')
      const p = d.status?.conditions?.find((x) => x.type === 'Progressing')
      return p?.reason === 'ReplicaSetUpdated' && (d.status?.updatedReplicas ?? 0) > 0 ? d : undefined
    }, 'the rollout to start')
    await c.clock.step(31_000)
    const d = await waitFor(async () => {
      const x = await r.deployment('web')
      return x.status?.conditions?.find((y) => y.type === 'Progressing')?.reason === 'ProgressDeadlineExceeded' ? x : undefined
    }, 'the deadline to pass')
    const newName = (await r.replicaSetsOf(stalled)).at(-1)?.metadata?.name
    expect(d.status?.conditions?.find((y) => y.type === 'Progressing')).toMatchObject({
      status: 'False',
      message: `ReplicaSet "${newName}" has timed out progressing.`
    })
  })

  it('holds a paused Deployment, then rolls out on resume', async () => {
    const c = await start()
    const r = reader(c)
    const created = await r.deployments.create(deployment('web', { replicas: 2 }))
    await waitFor(async () => rolloutComplete(await r.deployment('web')), 'the first rollout')
    await editDeployment(c, 'web', (d) => {
      d.spec!.paused = true
      d.spec!.template!.spec!.containers[0].image = 'nginx:1.28'
    })
    const paused = await waitFor(async () => {
      const d = await r.deployment('web')
      return d.status?.conditions?.find((x) => x.type === 'Progressing')?.reason === 'DeploymentPaused' ? d : undefined
    }, 'the paused condition')
    expect(paused.status?.conditions?.find((x) => x.type === 'Progressing')).toMatchObject({ status: 'Unknown', message: 'Deployment is paused' })
    expect(await r.replicaSetsOf(created)).toHaveLength(1)
    await editDeployment(c, 'web', (d) => (d.spec!.paused = false))
    await waitFor(async () => {
      const d = await r.deployment('web')
      return rolloutComplete(d) && revision(d) === 2
    }, 'the rollout after resume')
  })

  it('adopts an orphaned ReplicaSet its selector matches', async () => {
    const c = await start()
    const r = reader(c)
    const template = deployment('web').spec!.template!
    await r.replicaSets.create({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web-orphan', namespace: 'default', labels: { app: 'web' } },
      spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template }
    })
    const created = await r.deployments.create(deployment('web', { replicas: 3 }) as Deployment)
    await waitFor(async () => rolloutComplete(await r.deployment('web')), 'the rollout')
    const all = await r.replicaSetsOf(created)
    expect(all.map((rs) => rs.metadata?.name)).toEqual(['web-orphan'])
  })
})
