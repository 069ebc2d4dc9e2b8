import type { ControllerRevision, StatefulSet } from 'kubernetes-types/apps/v1'
import type { Event, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1'
import { afterEach, describe, expect, it } from 'vitest'
import { Cluster } from '../../../main/cluster/cluster'
import type { WatchEvent } from '../../../main/cluster/client/types'
import { waitFor } from '../../support/wait'

const stsGVR = { group: 'apps', version: 'v1', resource: 'statefulsets' }
const podsGVR = { group: '', version: 'v1', resource: 'pods' }
const pvcGVR = { group: '', version: 'v1', resource: 'persistentvolumeclaims' }
const crGVR = { group: 'apps', version: 'v1', resource: 'controllerrevisions' }
const eventsGVR = { group: '', version: 'v1', resource: 'events' }

/** The tutorial's StatefulSet `web`, with a claim template `www` served by the default StorageClass. */
function web(replicas: number, extra: Partial<StatefulSet['spec']> = {}): StatefulSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      serviceName: 'nginx',
      replicas,
      selector: { matchLabels: { app: 'nginx' } },
      template: {
        metadata: { labels: { app: 'nginx' } },
        spec: { containers: [{ name: 'nginx', image: 'registry.k8s.io/nginx-slim:0.21', volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }] }] }
      },
      volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      ...extra
    } as StatefulSet['spec']
  }
}

const ready = (p: Pod): boolean => p.status?.phase === 'Running' && !!p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') && !p.metadata?.deletionTimestamp

/**
 * Records, for every pod event of the set, what the other pods looked like at
 * that moment, so a test can check the order the controller kept.
 */
class PodLog {
  readonly state = new Map<string, Pod>()
  readonly added: Array<{ name: string; readyBefore: string[] }> = []
  readonly deleted: string[] = []
  private stopWatch?: () => void

  constructor(private readonly cluster: Cluster) {}

  start(): void {
    const w = this.cluster.client.resource<Pod>(podsGVR).watch('default', { labelSelector: 'app=nginx' }, (e: WatchEvent<Pod>) => {
      const name = e.object.metadata?.name ?? ''
      if (e.type === 'ADDED') this.added.push({ name, readyBefore: [...this.state.values()].filter(ready).map((p) => p.metadata!.name!).sort() })
      if (e.type === 'DELETED') {
        this.deleted.push(name)
        this.state.delete(name)
      } else if (e.type === 'ADDED' || e.type === 'MODIFIED') this.state.set(name, e.object)
    })
    this.stopWatch = () => w.stop()
  }

  stop(): void {
    this.stopWatch?.()
  }

  readyNames(): string[] {
    return [...this.state.values()].filter(ready).map((p) => p.metadata!.name!).sort()
  }
}

async function setWhen(c: Cluster, check: (s: StatefulSet) => boolean, what: string): Promise<StatefulSet> {
  return waitFor(async () => {
    const s = await c.client.resource<StatefulSet>(stsGVR).get('default', 'web')
    return check(s) ? s : undefined
  }, what)
}

describe('StatefulSet controller', () => {
  let cluster: Cluster | undefined
  let log: PodLog | undefined
  afterEach(async () => {
    log?.stop()
    await cluster?.stop()
    cluster = undefined
  })

  async function start(): Promise<Cluster> {
    cluster = await Cluster.start({ clock: 'instant' })
    log = new PodLog(cluster)
    log.start()
    return cluster
  }

  it('creates web-0, web-1, web-2 in order, each after the ones before are Running and Ready, with identity and claims', async () => {
    const c = await start()
    await c.client.resource<StatefulSet>(stsGVR).create(web(3))
    await waitFor(() => log!.readyNames().length === 3, 'three ready pods')
    expect(log!.added).toEqual([
      { name: 'web-0', readyBefore: [] },
      { name: 'web-1', readyBefore: ['web-0'] },
      { name: 'web-2', readyBefore: ['web-0', 'web-1'] }
    ])
    const pod = await c.client.resource<Pod>(podsGVR).get('default', 'web-1')
    expect(pod.spec).toMatchObject({ hostname: 'web-1', subdomain: 'nginx' })
    expect(pod.spec?.volumes?.[0]).toEqual({ name: 'www', persistentVolumeClaim: { claimName: 'www-web-1' } })
    expect(pod.metadata?.labels).toMatchObject({ app: 'nginx', 'statefulset.kubernetes.io/pod-name': 'web-1', 'apps.kubernetes.io/pod-index': '1' })
    expect(pod.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'StatefulSet', name: 'web', controller: true, blockOwnerDeletion: true })
    const claims = await c.client.resource<PersistentVolumeClaim>(pvcGVR).list('default')
    expect(claims.items.map((p) => [p.metadata?.name, p.status?.phase, p.metadata?.labels?.app])).toEqual([
      ['www-web-0', 'Bound', 'nginx'],
      ['www-web-1', 'Bound', 'nginx'],
      ['www-web-2', 'Bound', 'nginx']
    ])
    const sts = await setWhen(c, (s) => s.status?.availableReplicas === 3, 'status with three available')
    const revs = await c.client.resource<ControllerRevision>(crGVR).list('default')
    expect(revs.items.map((r) => [r.metadata?.name, r.revision])).toEqual([[sts.status?.updateRevision, 1]])
    expect(pod.metadata?.labels?.['controller-revision-hash']).toBe(sts.status?.updateRevision)
    expect(sts.status).toMatchObject({ observedGeneration: 1, replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 3, collisionCount: 0 })
    expect(sts.status?.currentRevision).toBe(sts.status?.updateRevision)
    const events = (await c.client.resource<Event>(eventsGVR).list('default')).items.filter((e) => e.involvedObject.name === 'web').map((e) => e.message)
    expect(events).toContain('create Claim www-web-0 Pod web-0 in StatefulSet web success')
    expect(events).toContain('create Pod web-0 in StatefulSet web successful')
  })

  it('scales down from the highest ordinal, one at a time, and keeps the claims', async () => {
    const c = await start()
    const sets = c.client.resource<StatefulSet>(stsGVR)
    await sets.create(web(4))
    await waitFor(() => log!.readyNames().length === 4, 'four ready pods')
    await setWhen(c, (s) => s.status?.readyReplicas === 4, 'four ready in status')
    const seen: string[][] = []
    const cur = await sets.get('default', 'web')
    await sets.update({ ...cur, spec: { ...cur.spec!, replicas: 1 } })
    await waitFor(() => {
      const names = [...log!.state.keys()].sort()
      if (seen.at(-1)?.join() !== names.join()) seen.push(names)
      return names.length === 1
    }, 'one pod left')
    expect(log!.deleted).toEqual(['web-3', 'web-2', 'web-1'])
    // Never two pods gone at once: the pod list shrank one name at a time.
    expect(seen.map((s) => s.length)).toEqual([...new Set(seen.map((s) => s.length))])
    const claims = await c.client.resource<PersistentVolumeClaim>(pvcGVR).list('default')
    expect(claims.items.map((p) => p.metadata?.name)).toEqual(['www-web-0', 'www-web-1', 'www-web-2', 'www-web-3'])
  })

  it('rolls a template change from the highest ordinal down to the partition, and records the revisions', async () => {
    const c = await start()
    const sets = c.client.resource<StatefulSet>(stsGVR)
    await sets.create(web(3, { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } }))
    await waitFor(() => log!.readyNames().length === 3, 'three ready pods')
    const before = await setWhen(c, (s) => s.status?.readyReplicas === 3, 'three ready in status')
    const cur = structuredClone(await sets.get('default', 'web'))
    cur.spec!.template.spec!.containers[0].image = 'registry.k8s.io/nginx-slim:0.24'
    await sets.update(cur)
    const after = await setWhen(c, (s) => s.status?.updatedReplicas === 2 && s.status.readyReplicas === 3, 'two updated')
    expect(log!.deleted).toEqual(['web-2', 'web-1'])
    const pods = (await c.client.resource<Pod>(podsGVR).list('default')).items
    const image = (n: string): string | undefined => pods.find((p) => p.metadata?.name === n)?.spec?.containers[0].image
    expect([image('web-0'), image('web-1'), image('web-2')]).toEqual(['registry.k8s.io/nginx-slim:0.21', 'registry.k8s.io/nginx-slim:0.24', 'registry.k8s.io/nginx-slim:0.24'])
    expect(after.status).toMatchObject({ currentRevision: before.status?.updateRevision, currentReplicas: 1, updatedReplicas: 2 })
    expect(after.status?.updateRevision).not.toBe(before.status?.updateRevision)
    const revs = (await c.client.resource<ControllerRevision>(crGVR).list('default')).items
    expect(revs.map((r) => [r.metadata?.name, r.revision]).sort()).toEqual(
      [
        [before.status?.updateRevision, 1],
        [after.status?.updateRevision, 2]
      ].sort()
    )
    // Dropping the partition finishes the rollout; current catches up with update.
    const again = structuredClone(await sets.get('default', 'web'))
    again.spec!.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { partition: 0 } }
    await sets.update(again)
    const done = await setWhen(c, (s) => s.status?.currentRevision === after.status?.updateRevision && s.status?.readyReplicas === 3, 'rollout complete')
    expect(done.status).toMatchObject({ currentReplicas: 3, updatedReplicas: 3 })
    expect(log!.deleted).toEqual(['web-2', 'web-1', 'web-0'])
  })

  it('delete --cascade=orphan leaves the pods; a new StatefulSet adopts them; a cascading delete removes pods, not claims', async () => {
    const c = await start()
    const sets = c.client.resource<StatefulSet>(stsGVR)
    await sets.create(web(2))
    await waitFor(() => log!.readyNames().length === 2, 'two ready pods')
    const first = await sets.get('default', 'web')
    await sets.delete('default', 'web', { propagationPolicy: 'Orphan' })
    const orphans = await waitFor(async () => {
      const pods = (await c.client.resource<Pod>(podsGVR).list('default', { labelSelector: 'app=nginx' })).items
      return pods.length === 2 && pods.every((p) => !p.metadata?.ownerReferences?.length) ? pods : undefined
    }, 'two orphaned pods')
    const uids = orphans.map((p) => p.metadata?.uid).sort()
    await waitFor(async () => !(await sets.list('default')).items.length, 'the orphaning delete finished')
    await sets.create(web(2))
    const second = await setWhen(c, (s) => s.status?.readyReplicas === 2, 'the new set counts both pods ready')
    expect(second.metadata?.uid).not.toBe(first.metadata?.uid)
    const adopted = (await c.client.resource<Pod>(podsGVR).list('default', { labelSelector: 'app=nginx' })).items
    expect(adopted.map((p) => p.metadata?.uid).sort()).toEqual(uids)
    expect(adopted.every((p) => p.metadata?.ownerReferences?.[0]?.uid === second.metadata?.uid)).toBe(true)
    await sets.delete('default', 'web')
    await waitFor(async () => (await c.client.resource<Pod>(podsGVR).list('default', { labelSelector: 'app=nginx' })).items.length === 0, 'pods garbage-collected')
    const claims = await c.client.resource<PersistentVolumeClaim>(pvcGVR).list('default')
    expect(claims.items.map((p) => p.metadata?.name)).toEqual(['www-web-0', 'www-web-1'])
  })

  it('with the Delete retention policies, scaling down deletes the condemned claims and deleting the set deletes the rest', async () => {
    const c = await start()
    const sets = c.client.resource<StatefulSet>(stsGVR)
    const claimNames = async (): Promise<string[]> => (await c.client.resource<PersistentVolumeClaim>(pvcGVR).list('default')).items.map((p) => p.metadata!.name!)
    await sets.create(web(3, { persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Delete' } }))
    await waitFor(() => log!.readyNames().length === 3, 'three ready pods')
    const set = await sets.get('default', 'web')
    const claim = await waitFor(async () => {
      const got = await c.client.resource<PersistentVolumeClaim>(pvcGVR).get('default', 'www-web-0')
      return got.metadata?.ownerReferences?.length ? got : undefined
    }, 'www-web-0 owned by the set')
    expect(claim.metadata?.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: set.metadata?.uid }])
    await sets.update({ ...set, spec: { ...set.spec!, replicas: 1 } })
    await waitFor(async () => (await claimNames()).join() === 'www-web-0', 'condemned claims deleted')
    await sets.delete('default', 'web')
    await waitFor(async () => (await claimNames()).length === 0, 'every claim deleted with the set')
  })

  it('gives a pod back the identity label someone removed', async () => {
    const c = await start()
    await c.client.resource<StatefulSet>(stsGVR).create(web(1))
    await waitFor(() => log!.readyNames().length === 1, 'one ready pod')
    const pods = c.client.resource<Pod>(podsGVR)
    const pod = structuredClone(await pods.get('default', 'web-0'))
    delete pod.metadata!.labels!['statefulset.kubernetes.io/pod-name']
    await pods.update(pod)
    const repaired = await waitFor(async () => {
      const got = await pods.get('default', 'web-0')
      return got.metadata?.labels?.['statefulset.kubernetes.io/pod-name'] === 'web-0' ? got : undefined
    }, 'the pod-name label restored')
    expect(repaired.metadata?.uid).toBe(pod.metadata?.uid)
    await waitFor(
      async () => (await c.client.resource<Event>(eventsGVR).list('default')).items.some((e) => e.message === 'update Pod web-0 in StatefulSet web successful'),
      'the SuccessfulUpdate event'
    )
  })

  it('creates every pod at once with Parallel', async () => {
    const c = await start()
    await c.client.resource<StatefulSet>(stsGVR).create(web(3, { podManagementPolicy: 'Parallel' }))
    await waitFor(() => log!.readyNames().length === 3, 'three ready pods')
    expect(log!.added.map((a) => a.readyBefore)).toEqual([[], [], []])
  })
})
