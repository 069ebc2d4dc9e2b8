import type { DaemonSet } from 'kubernetes-types/apps/v1'
import type { Event, Pod } from 'kubernetes-types/core/v1'
import { afterEach, describe, expect, it } from 'vitest'
import { Cluster } from '../../../main/cluster/cluster'
import { defaultComponents } from '../../../main/cluster/components'
import { daemonSetComponent } from '../../../main/cluster/controllers/daemonset'
import { waitFor } from '../../support/wait'

/** The default components plus this controller, once (whether or not it is registered by default yet). */
const components = defaultComponents.includes(daemonSetComponent) ? defaultComponents : [...defaultComponents, daemonSetComponent]
const dsGVR = { group: 'apps', version: 'v1', resource: 'daemonsets' }
const podsGVR = { group: '', version: 'v1', resource: 'pods' }
const eventsGVR = { group: '', version: 'v1', resource: 'events' }
const workers = ['kubelab-worker', 'kubelab-worker2', 'kubelab-worker3']

function daemonSet(name: string, extra: Partial<NonNullable<DaemonSet['spec']>['template']['spec']> = {}): DaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'agent', image: 'busybox:1.36' }], ...extra } }
    }
  }
}

async function runningPods(cluster: Cluster, app: string): Promise<Pod[]> {
  const list = await cluster.client.resource<Pod>(podsGVR).list('default', { labelSelector: `app=${app}` })
  return list.items.filter((p) => p.status?.phase === 'Running' && !p.metadata?.deletionTimestamp)
}

describe('DaemonSet controller', () => {
  let cluster: Cluster | undefined
  afterEach(async () => {
    await cluster?.stop()
    cluster = undefined
  })

  it('runs one pod per schedulable node, pinned by node affinity, and skips the tainted control plane', async () => {
    cluster = await Cluster.start({ clock: 'instant', components })
    const c = cluster
    await c.client.resource<DaemonSet>(dsGVR).create(daemonSet('agent'))
    const pods = await waitFor(async () => {
      const running = await runningPods(c, 'agent')
      return running.length === 3 ? running : undefined
    }, 'three running agent pods')
    expect(pods.map((p) => p.spec?.nodeName).sort()).toEqual(workers)
    for (const pod of pods) {
      expect(pod.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'DaemonSet', name: 'agent', controller: true })
      expect(pod.metadata?.labels?.['controller-revision-hash']).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]+$/)
      expect(pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms).toEqual([
        { matchFields: [{ key: 'metadata.name', operator: 'In', values: [pod.spec?.nodeName] }] }
      ])
      expect(pod.spec?.tolerations).toContainEqual({ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' })
      expect(pod.spec?.tolerations).toContainEqual({ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' })
    }
    const ds = await waitFor(async () => {
      const got = await c.client.resource<DaemonSet>(dsGVR).get('default', 'agent')
      return got.status?.numberAvailable === 3 ? got : undefined
    }, 'status numberAvailable 3')
    expect(ds.status).toMatchObject({
      desiredNumberScheduled: 3,
      currentNumberScheduled: 3,
      numberReady: 3,
      updatedNumberScheduled: 3,
      numberMisscheduled: 0,
      observedGeneration: 1
    })
    const events = await c.client.resource<Event>(eventsGVR).list('default')
    const created = events.items.filter((e) => e.involvedObject.name === 'agent' && e.reason === 'SuccessfulCreate')
    expect(created.length).toBe(3)
  })

  it('runs on the control plane too when the template tolerates its taint, and rolls a template change out', async () => {
    cluster = await Cluster.start({ clock: 'instant', components })
    const c = cluster
    const dsClient = c.client.resource<DaemonSet>(dsGVR)
    await dsClient.create(daemonSet('everywhere', { tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }] }))
    const pods = await waitFor(async () => {
      const running = await runningPods(c, 'everywhere')
      return running.length === 4 ? running : undefined
    }, 'four running pods')
    expect(pods.map((p) => p.spec?.nodeName).sort()).toEqual(['kubelab-control-plane', ...workers])
    const oldHash = pods[0].metadata?.labels?.['controller-revision-hash']

    const current = structuredClone(await dsClient.get('default', 'everywhere'))
    current.spec!.template.spec!.containers[0].image = 'busybox:1.37'
    await dsClient.update(current)
    const rolled = await waitFor(async () => {
      const running = await runningPods(c, 'everywhere')
      return running.length === 4 && running.every((p) => p.spec?.containers[0].image === 'busybox:1.37') ? running : undefined
    }, 'every pod on the new template', 20_000)
    expect(new Set(rolled.map((p) => p.metadata?.labels?.['controller-revision-hash'])).has(oldHash)).toBe(false)
    await waitFor(async () => (await dsClient.get('default', 'everywhere')).status?.updatedNumberScheduled === 4, 'updatedNumberScheduled 4')
  })

  it('leaves nodes its nodeSelector does not match', async () => {
    cluster = await Cluster.start({ clock: 'instant', components })
    const c = cluster
    await c.client.resource<DaemonSet>(dsGVR).create(daemonSet('picky', { nodeSelector: { 'kubernetes.io/hostname': 'kubelab-worker2' } }))
    const pods = await waitFor(async () => {
      const running = await runningPods(c, 'picky')
      return running.length === 1 ? running : undefined
    }, 'one running pod')
    expect(pods[0].spec?.nodeName).toBe('kubelab-worker2')
    await waitFor(async () => (await c.client.resource<DaemonSet>(dsGVR).get('default', 'picky')).status?.desiredNumberScheduled === 1, 'desired 1')
  })
})
