/**
 * The node actions of the UI (nodes/action, nodes/add) and objects/patch,
 * against a whole headless cluster on the instant clock: each does to the
 * cluster what kubectl (or pulling the plug) does, and the components react
 * as they do to kubectl.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Node, Pod } from 'kubernetes-types/core/v1'
import { Cluster } from '../../../main/cluster/cluster'
import { createHandlers, type Handlers } from '../../../main/ipc/handlers'
import { waitFor } from '../../support/wait'

const nodes = { group: '', version: 'v1', resource: 'nodes' }
const pods = { group: '', version: 'v1', resource: 'pods' }
let cluster: Cluster
let h: Handlers

const node = async (name: string): Promise<Node> => (await h['objects/get']({ gvr: nodes, name })) as Node
const ready = (n: Node): string | undefined => n.status?.conditions?.find((c) => c.type === 'Ready')?.status
const podsOn = async (name: string, prefix: string): Promise<Pod[]> =>
  ((await h['objects/list']({ gvr: pods, namespace: 'default' })).items as Pod[]).filter(
    (p) => p.spec?.nodeName === name && p.metadata?.name?.startsWith(prefix) && !p.metadata?.deletionTimestamp
  )

beforeAll(async () => {
  cluster = await Cluster.start({ clock: 'instant' })
  h = createHandlers(cluster)
  await waitFor(async () => (await h['objects/list']({ gvr: nodes })).items.every((n) => ready(n as Node) === 'True'), 'every node Ready', 20_000)
})

afterAll(async () => {
  await cluster?.stop()
})

describe('cordon and uncordon', () => {
  it('set and remove spec.unschedulable, as kubectl does', async () => {
    const { node: cordoned } = await h['nodes/action']({ node: 'kubelab-worker', action: 'cordon' })
    expect((cordoned as Node).spec?.unschedulable).toBe(true)
    const { node: uncordoned } = await h['nodes/action']({ node: 'kubelab-worker', action: 'uncordon' })
    expect((uncordoned as Node).spec).not.toHaveProperty('unschedulable')
  })

  it('answers an unknown node with the API 404', async () => {
    await expect(h['nodes/action']({ node: 'nope', action: 'cordon' })).rejects.toThrow('nodes "nope" not found')
  })
})

describe('drain', () => {
  it('cordons, evicts the pods through pods/eviction, leaves DaemonSet pods, and reports a budget that refuses', async () => {
    const yaml = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 6
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: nginx, image: nginx:1.27 }] }
`
    await h['objects/apply']({ yaml })
    const target = await waitFor(async () => {
      for (const n of ['kubelab-worker', 'kubelab-worker2', 'kubelab-worker3']) if ((await podsOn(n, 'web-')).length >= 2) return n
      return undefined
    }, 'a worker with two web pods', 20_000)
    const before = (await podsOn(target, 'web-')).map((p) => `default/${p.metadata!.name}`)
    const { node: drained, drain } = await h['nodes/action']({ node: target, action: 'drain' })
    expect((drained as Node).spec?.unschedulable).toBe(true)
    expect(drain!.evicted).toEqual(expect.arrayContaining(before))
    expect(drain!.skipped.some((s) => s.pod.startsWith('kube-system/kube-proxy-') && s.reason.includes('DaemonSet'))).toBe(true)
    expect(drain!.failed).toEqual([])
    // The ReplicaSet replaces them elsewhere: nothing new lands on the cordoned node.
    await waitFor(async () => (await podsOn(target, 'web-')).length === 0, 'no web pod left on the drained node', 20_000)
    await h['nodes/action']({ node: target, action: 'uncordon' })

    // A budget that allows no disruption: the eviction is refused with the API's words, the pod stays.
    await h['objects/apply']({ yaml: 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: { name: web }\nspec:\n  maxUnavailable: 0\n  selector: { matchLabels: { app: web } }\n' })
    const other = await waitFor(async () => {
      for (const n of ['kubelab-worker', 'kubelab-worker2', 'kubelab-worker3']) if ((await podsOn(n, 'web-')).length) return n
      return undefined
    }, 'a worker with a web pod', 20_000)
    // Evictions ask the budget only for Running pods, and it counts healthy (ready) ones.
    await waitFor(async () => {
      const pdb = await h['objects/get']({ gvr: { group: 'policy', version: 'v1', resource: 'poddisruptionbudgets' }, namespace: 'default', name: 'web' })
      return (pdb.status as { currentHealthy?: number } | undefined)?.currentHealthy === 6
    }, 'the disruption controller to count six healthy pods', 20_000)
    const refused = (await h['nodes/action']({ node: other, action: 'drain' })).drain!
    expect(refused.failed.length).toBeGreaterThan(0)
    expect(refused.failed[0].message).toBe("Cannot evict pod as it would violate the pod's disruption budget.")
    expect((await podsOn(other, 'web-')).length).toBeGreaterThan(0)
    await h['nodes/action']({ node: other, action: 'uncordon' })
  })
})

describe('power', () => {
  it('off: the node stops reporting and goes NotReady; on: it comes back Ready', async () => {
    const { node: off } = await h['nodes/action']({ node: 'kubelab-worker3', action: 'power-off' })
    expect(off.metadata.annotations?.['sim.kubelab.dev/power']).toBe('off')
    // The node lifecycle controller waits out its 40 s grace period: move cluster time past it.
    await cluster.clock.sleep(60_000)
    await waitFor(async () => ready(await node('kubelab-worker3')) === 'Unknown', 'kubelab-worker3 NotReady (Unknown)', 20_000)
    await h['nodes/action']({ node: 'kubelab-worker3', action: 'power-on' })
    await waitFor(async () => ready(await node('kubelab-worker3')) === 'True', 'kubelab-worker3 Ready again', 20_000)
  })
})

describe('add node', () => {
  it('creates the next worker as kind names them, and its kubelet makes it Ready', async () => {
    const added = await h['nodes/add']({})
    expect(added.metadata.name).toBe('kubelab-worker4')
    await waitFor(async () => ready(await node('kubelab-worker4')) === 'True', 'kubelab-worker4 Ready', 20_000)
    const named = await h['nodes/add']({ name: 'extra' })
    expect(named.metadata.name).toBe('extra')
    await expect(h['nodes/add']({ name: 'extra' })).rejects.toThrow('nodes "extra" already exists')
  })
})

describe('objects/patch', () => {
  it('adds, changes and removes a label with a merge patch', async () => {
    const patch = (labels: Record<string, string | null>) => h['objects/patch']({ gvr: nodes, name: 'kubelab-worker2', type: 'merge', patch: { metadata: { labels } } })
    expect((await patch({ disk: 'ssd' })).metadata.labels?.disk).toBe('ssd')
    expect((await patch({ disk: 'hdd' })).metadata.labels?.disk).toBe('hdd')
    expect((await patch({ disk: null })).metadata.labels).not.toHaveProperty('disk')
  })
})
