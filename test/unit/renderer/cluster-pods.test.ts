/**
 * The Cluster view followed batch by batch: an index of pods brought up to
 * date with the keys a batch changed draws what a build from scratch draws,
 * and boxes whose pods did not change keep their lists and summaries.
 */
import { describe, expect, it } from 'vitest'
import type { KubeObject } from '../../../preload/contract'
import { buildClusterGraph, collapsePods, defaultDetail, objectKey, PodIndex, type ClusterObjects, type TopoGraph } from './modules'

const node = (name: string): KubeObject => ({ metadata: { name }, status: { conditions: [{ type: 'Ready', status: 'True' }] } })
const pod = (name: string, nodeName: string, phase = 'Running'): KubeObject => ({
  kind: 'Pod',
  metadata: { name, namespace: 'default', uid: `uid-${name}`, labels: { app: 'web' } },
  spec: { nodeName, containers: [{ name: 'c' }] },
  status: { phase, containerStatuses: [{ name: 'c', ready: phase === 'Running' }] }
})
const endpoints = (pods: readonly KubeObject[]): KubeObject => ({
  kind: 'Endpoints',
  metadata: { name: 'web', namespace: 'default' },
  subsets: [{ addresses: pods.map((p) => ({ ip: '10.0.0.1', targetRef: { kind: 'Pod', namespace: 'default', name: p.metadata.name } })) }]
})

/** A store stand-in: objects by key, and the keys each version changed. */
class Pods {
  readonly byKey = new Map<string, KubeObject>()
  readonly log: Array<Set<string>> = [new Set()]
  set(...pods: KubeObject[]): void {
    this.log.push(new Set(pods.map(objectKey)))
    for (const p of pods) this.byKey.set(objectKey(p), p)
  }
  delete(...keys: string[]): void {
    this.log.push(new Set(keys))
    for (const k of keys) this.byKey.delete(k)
  }
  objects(nodes: KubeObject[]): ClusterObjects {
    const list = [...this.byKey.values()]
    const version = this.log.length - 1
    const changedSince = (since: number): Set<string> => new Set(this.log.slice(since + 1).flatMap((s) => [...s]))
    return {
      nodes, pods: list, services: [{ kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' } } }], endpoints: [endpoints(list)],
      deployments: [], replicasets: [], replicationcontrollers: [], daemonsets: [], statefulsets: [], jobs: [],
      podSource: { list, version, changedSince, byKey: this.byKey }
    }
  }
}

/** What a graph draws, element by element, in a comparable form. */
const drawn = (g: TopoGraph) => ({
  nodes: g.nodes.map((n) => `${n.id}|${n.parent}|${n.classes.join(' ')}`).sort(),
  edges: g.edges.map((e) => e.id).sort()
})

describe('the Cluster view, batch by batch', () => {
  it('draws after a batch what a build from scratch draws, redoing only the boxes the batch touched', () => {
    const nodes = ['a', 'b', 'c'].map(node)
    const pods = new Pods()
    for (let i = 0; i < 30; i++) pods.set(pod(`web-${i}`, ['a', 'b', 'c'][i % 3]))
    const index = new PodIndex()
    const first = buildClusterGraph(pods.objects(nodes), '', index)
    expect(drawn(first)).toEqual(drawn(buildClusterGraph(pods.objects(nodes), '')))

    // One batch: two pods of a go, one of b fails, one comes on a (and a pending one comes, unscheduled).
    pods.delete('default/web-0', 'default/web-3')
    pods.set(pod('web-1', 'b', 'Failed'), pod('web-30', 'a'), pod('web-31', 'gone'))
    const second = buildClusterGraph(pods.objects(nodes), '', index)
    expect(drawn(second)).toEqual(drawn(buildClusterGraph(pods.objects(nodes), '')))
    expect(second.nodes.find((n) => n.id === 'pod/default/web-1')?.classes).toContain('tone-error')
    expect(second.podBoxes?.get('box/unscheduled')?.map((n) => n.id)).toEqual(['pod/default/web-31'])
    // Box c's pods did not change: the same list, and so the same summary.
    expect(second.podBoxes?.get('node/c')).toBe(first.podBoxes?.get('node/c'))
    expect(second.podBoxes?.get('node/a')).not.toBe(first.podBoxes?.get('node/a'))
    // A changed pod keeps its place in its box.
    expect(second.podBoxes?.get('node/b')?.map((n) => n.id).indexOf('pod/default/web-1')).toBe(0)
    const detail = { ...defaultDetail, maxPods: 5 }
    const summary = (g: TopoGraph, box: string) => collapsePods(g, detail).nodes.find((n) => n.id === `podsum/${box}`)
    expect(summary(second, 'node/c')).toBe(summary(first, 'node/c'))
    expect(summary(second, 'node/a')?.data?.pods).toBe(9)
    expect(summary(second, 'node/b')?.data?.n_error).toBe(1)

    // A node going away is a rebuild: its pods move to the Unscheduled box.
    const third = buildClusterGraph(pods.objects(nodes.slice(0, 2)), '', index)
    expect(drawn(third)).toEqual(drawn(buildClusterGraph(pods.objects(nodes.slice(0, 2)), '')))
    expect(third.podBoxes?.get('box/unscheduled')).toHaveLength(11)
  })

  it('rebuilds in full when it cannot tell what changed, or the namespace changed', () => {
    const nodes = [node('a')]
    const pods = new Pods()
    pods.set(pod('web-0', 'a'), pod('web-1', 'a'))
    const index = new PodIndex()
    buildClusterGraph(pods.objects(nodes), '', index)
    pods.delete('default/web-0')
    const unknown: ClusterObjects = { ...pods.objects(nodes), podSource: { ...pods.objects(nodes).podSource!, changedSince: () => undefined } }
    expect(buildClusterGraph(unknown, '', index).podBoxes?.get('node/a')?.map((n) => n.id)).toEqual(['pod/default/web-1'])
    expect(buildClusterGraph(pods.objects(nodes), 'other', index).podBoxes?.size).toBe(0)
  })
})
