/**
 * The topology's data: which elements the Cluster and Networks views draw
 * for a set of objects, and placement that keeps every pod where it is when
 * another one comes or goes.
 */
import { describe, expect, it } from 'vitest'
import type { KubeObject } from '../../../preload/contract'
import { buildClusterGraph, ClusterPlacer, type ClusterObjects } from './modules'
import { buildNetworkGraph, NetworkPlacer } from './modules'
import { placeBand, SlotAllocator } from './modules'

const node = (name: string, ip: string, cidr: string): KubeObject => ({
  metadata: { name, labels: name.endsWith('control-plane') ? { 'node-role.kubernetes.io/control-plane': '' } : {} },
  spec: { podCIDR: cidr },
  status: { addresses: [{ type: 'InternalIP', address: ip }], conditions: [{ type: 'Ready', status: 'True' }] }
})
const pod = (name: string, nodeName?: string, labels: Record<string, string> = { app: 'web' }, owner?: { kind: string; name: string; uid: string }): KubeObject => ({
  kind: 'Pod',
  metadata: { name, namespace: 'default', uid: `uid-${name}`, labels, ownerReferences: owner ? [{ apiVersion: 'apps/v1', ...owner, controller: true }] : undefined },
  spec: { nodeName, containers: [{ name: 'c' }] },
  status: { phase: nodeName ? 'Running' : 'Pending', podIP: nodeName ? `10.244.1.${name.length}` : undefined, containerStatuses: nodeName ? [{ name: 'c', ready: true }] : [] }
})
const empty = (): ClusterObjects => ({ nodes: [], pods: [], services: [], endpoints: [], deployments: [], replicasets: [], replicationcontrollers: [], daemonsets: [], statefulsets: [], jobs: [] })

describe('the Cluster view', () => {
  const objects = (): ClusterObjects => ({
    ...empty(),
    nodes: [node('k-worker', '172.18.0.3', '10.244.1.0/24'), node('k-control-plane', '172.18.0.2', '10.244.0.0/24')],
    pods: [pod('web-1', 'k-worker', { app: 'web' }, { kind: 'ReplicaSet', name: 'web-rs', uid: 'rs1' }), pod('web-2', undefined, { app: 'web' }, { kind: 'ReplicaSet', name: 'web-rs', uid: 'rs1' })],
    deployments: [{ kind: 'Deployment', metadata: { name: 'web', namespace: 'default', uid: 'd1' }, spec: { replicas: 2 } }],
    replicasets: [{ kind: 'ReplicaSet', metadata: { name: 'web-rs', namespace: 'default', uid: 'rs1', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd1', controller: true }] }, spec: { replicas: 2 } }],
    services: [{ kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, clusterIP: '10.96.0.20' } }]
  })

  it('draws nodes as boxes (control plane first) holding their pods, unscheduled pods apart, controllers and Services linked', () => {
    const g = buildClusterGraph(objects(), '')
    expect(g.nodes.filter((n) => n.classes.includes('k8s-node')).map((n) => n.id)).toEqual(['node/k-control-plane', 'node/k-worker'])
    expect(g.nodes.find((n) => n.id === 'pod/default/web-1')?.parent).toBe('node/k-worker')
    expect(g.nodes.find((n) => n.id === 'pod/default/web-2')?.parent).toBe('box/unscheduled')
    expect(g.edges.map((e) => e.id).sort()).toEqual([
      'owns:deploy/default/web->rs/default/web-rs',
      'owns:rs/default/web-rs->pod/default/web-1',
      'owns:rs/default/web-rs->pod/default/web-2',
      'serves:svc/default/web->pod/default/web-1',
      'serves:svc/default/web->pod/default/web-2'
    ])
  })

  it('prefers the Endpoints object to the selector when there is one', () => {
    const o = objects()
    o.endpoints = [{ kind: 'Endpoints', metadata: { name: 'web', namespace: 'default' }, subsets: [{ addresses: [{ ip: '10.244.1.5', targetRef: { kind: 'Pod', name: 'web-1', namespace: 'default' } }] }] }]
    const served = buildClusterGraph(o, '').edges.filter((e) => e.classes.includes('serves'))
    expect(served.map((e) => e.target)).toEqual(['pod/default/web-1'])
  })

  it('describes a pod afresh only when its object changed or it moved box', () => {
    const o = objects()
    o.endpoints = [{ kind: 'Endpoints', metadata: { name: 'web', namespace: 'default' }, subsets: [{ addresses: [{ ip: '10.244.1.5', targetRef: { kind: 'Pod', name: 'web-1', namespace: 'default' } }] }] }]
    const first = buildClusterGraph(o, '')
    const second = buildClusterGraph({ ...o }, '')
    const element = (g: typeof first, id: string) => g.nodes.find((n) => n.id === id)
    expect(element(second, 'pod/default/web-1')).toBe(element(first, 'pod/default/web-1'))
    expect(second.edges.find((e) => e.id.startsWith('serves:'))).toBe(first.edges.find((e) => e.id.startsWith('serves:')))
    // A new object for web-1 (the store replaces a changed object): a new element, with the change.
    const failing = { ...o.pods[0], status: { phase: 'Failed', containerStatuses: [] } }
    const third = buildClusterGraph({ ...o, pods: [failing, o.pods[1]] }, '')
    expect(element(third, 'pod/default/web-1')).not.toBe(element(first, 'pod/default/web-1'))
    expect(element(third, 'pod/default/web-1')?.classes).toContain('tone-error')
    expect(element(third, 'pod/default/web-2')).toBe(element(first, 'pod/default/web-2'))
    // The same object whose node went away moves to the Unscheduled box.
    const fourth = buildClusterGraph({ ...o, nodes: o.nodes.filter((n) => n.metadata.name !== 'k-worker') }, '')
    expect(element(fourth, 'pod/default/web-1')?.parent).toBe('box/unscheduled')
  })

  it('filters by namespace but always shows the nodes', () => {
    const g = buildClusterGraph(objects(), 'kube-system')
    expect(g.nodes.map((n) => n.id)).toEqual(['node/k-control-plane', 'node/k-worker'])
  })

  it('keeps every pod in its slot when another pod comes or goes', () => {
    const placer = new ClusterPlacer()
    const o = objects()
    o.pods = [...o.pods, pod('web-3', 'k-worker'), pod('web-4', 'k-worker')]
    const first = placer.place(buildClusterGraph(o, '')).positions
    o.pods = o.pods.filter((p) => p.metadata.name !== 'web-3')
    o.pods = [...o.pods, pod('web-5', 'k-worker'), pod('web-6', 'k-worker')]
    const second = placer.place(buildClusterGraph(o, '')).positions
    for (const id of ['pod/default/web-1', 'pod/default/web-4', 'pod/default/web-2']) expect(second.get(id)).toEqual(first.get(id))
    // The newcomer takes the slot web-3 left.
    expect(second.get('pod/default/web-5')).toEqual(first.get('pod/default/web-3'))
  })

  it('places controllers above the boxes and Services below, near their pods', () => {
    const { positions } = new ClusterPlacer().place(buildClusterGraph(objects(), ''))
    const y = (id: string): number => positions.get(id)!.y
    expect(y('deploy/default/web')).toBeLessThan(y('rs/default/web-rs'))
    expect(y('rs/default/web-rs')).toBeLessThan(y('pod/default/web-1'))
    expect(y('svc/default/web')).toBeGreaterThan(y('pod/default/web-1'))
  })
})

describe('the Networks view', () => {
  it('draws the three networks: nodes on their IPs, pods on their node bridge, Services on their ClusterIPs', () => {
    const objects: ClusterObjects = {
      ...empty(),
      nodes: [node('k-worker', '172.18.0.3', '10.244.1.0/24')],
      pods: [pod('web-1', 'k-worker'), pod('lost')],
      services: [{ kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { type: 'NodePort', clusterIP: '10.96.0.20', ports: [{ port: 80, nodePort: 30001 }] } }],
      endpoints: [{ kind: 'Endpoints', metadata: { name: 'web', namespace: 'default' }, subsets: [{ addresses: [{ ip: '10.244.1.5', targetRef: { kind: 'Pod', name: 'web-1', namespace: 'default' } }] }] }]
    }
    const g = buildNetworkGraph(objects, { nodeCIDR: '172.18.0.0/16', podCIDR: '10.244.0.0/16', serviceCIDR: '10.96.0.0/12' }, '')
    const byId = new Map(g.nodes.map((n) => [n.id, n]))
    expect(byId.get('layer/pod')?.label).toBe('Pod network  ·  10.244.0.0/16')
    expect(byId.get('nic/k-worker')).toMatchObject({ parent: 'layer/node', label: 'k-worker\n172.18.0.3' })
    expect(byId.get('bridge/k-worker')).toMatchObject({ parent: 'layer/pod', label: 'podCIDR 10.244.1.0/24' })
    expect(byId.get('pod/default/web-1')).toMatchObject({ parent: 'bridge/k-worker', label: 'web-1\n10.244.1.5' })
    expect(byId.get('pod/default/lost')?.parent).toBe('bridge/~unscheduled')
    expect(byId.get('svc/default/web')?.label).toBe('web\n10.96.0.20:80\nNodePort 30001')
    expect(g.edges.map((e) => e.id).sort()).toEqual(['attach:k-worker', 'dnat:svc/default/web->pod/default/web-1', 'nodeport:k-worker->svc/default/web'])
    const { positions } = new NetworkPlacer().place(g)
    expect(positions.get('nic/k-worker')!.y).toBeLessThan(positions.get('pod/default/web-1')!.y)
    expect(positions.get('pod/default/web-1')!.y).toBeLessThan(positions.get('svc/default/web')!.y)
  })
})

describe('placement helpers', () => {
  it('SlotAllocator reuses the lowest free slot and counts rows by the highest slot in use', () => {
    const a = new SlotAllocator()
    a.assign('b', ['x', 'y', 'z'])
    const slots = a.assign('b', ['x', 'z', 'w'])
    expect(Object.fromEntries(slots)).toEqual({ x: 0, z: 2, w: 1 })
    expect(SlotAllocator.rows(slots, 2)).toBe(2)
  })

  it('placeBand keeps items apart, ordered by where they want to be', () => {
    const placed = placeBand([{ id: 'a', want: 100 }, { id: 'b', want: 90 }, { id: 'c' }], 0, 50, 0)
    expect(Object.fromEntries([...placed].map(([k, p]) => [k, p.x]))).toEqual({ b: 90, a: 140, c: 190 })
  })
})
