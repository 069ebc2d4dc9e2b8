/**
 * The Cluster view: nodes as boxes holding their pods, unscheduled pods in a
 * box of their own, controllers above (Deployment → ReplicaSet → Pod,
 * ReplicationController and DaemonSet → Pod) and Services below, linked to
 * the pods they send traffic to. Objects in (and the pods' index kept from the
 * last build, cluster-pods.ts), graph and positions out.
 */
import type { KubeObject } from '../../../../preload/contract'
import { get, isControlPlane, nodeAddress, nodeReady, objectKey, selectorMatches } from '../../lib/kube'
import { SlotAllocator, namespaceColor, placeBand, type Placement, type Point, type TopoEdge, type TopoGraph, type TopoNode } from './graph'
import { ownerEdgeOf, PodIndex, toneOfPod, unscheduledBox, type PodSource } from './cluster-pods'

export interface ClusterObjects {
  nodes: readonly KubeObject[]
  pods: readonly KubeObject[]
  services: readonly KubeObject[]
  endpoints: readonly KubeObject[]
  deployments: readonly KubeObject[]
  replicasets: readonly KubeObject[]
  replicationcontrollers: readonly KubeObject[]
  daemonsets: readonly KubeObject[]
  statefulsets: readonly KubeObject[]
  jobs: readonly KubeObject[]
  /** The pods again, with how to follow their changes batch by batch (cluster-pods.ts); without it, `pods` is read in full. */
  podSource?: PodSource
}

/** Geometry, in model pixels. */
export const clusterGeometry = { cellW: 86, cellH: 72, cols: 3, boxGapX: 48, boxGapY: 64, bandGap: 110, bandY: 100 }

export { unscheduledBox }

const id = {
  node: (name: string) => `node/${name}`,
  of: (prefix: string, o: KubeObject) => `${prefix}/${objectKey(o)}`
}

/**
 * Builds the Cluster view's graph for the objects in `namespace` ('' for all). `pods` keeps the pods'
 * elements box by box from one build to the next (pass the same index, with `objects.podSource` saying
 * which pods changed since, and only those are redone); the graph's `podBoxes` lists each box's pods.
 */
export function buildClusterGraph(objects: ClusterObjects, namespace: string, pods: PodIndex = new PodIndex()): TopoGraph {
  const inNs = (o: KubeObject): boolean => !namespace || o.metadata.namespace === namespace
  const edges: TopoEdge[] = []
  const boxes = nodeBoxes(objects.nodes)
  const nodes: TopoNode[] = [...boxes.nodes]

  pods.update(objects.podSource ?? { list: objects.pods }, boxes.names, namespace)
  const podsInBoxes = pods.boxes()
  if (podsInBoxes.has(unscheduledBox)) nodes.push({ id: unscheduledBox, label: 'Unscheduled', classes: ['unscheduled-box'] })
  const podBoxes = new Map<string, readonly TopoNode[]>()
  for (const [box, inBox] of podsInBoxes) {
    podBoxes.set(box, inBox.nodes)
    for (const n of inBox.nodes) nodes.push(n)
  }

  // Controllers; a ReplicaSet scaled to zero with no pods is a Deployment's old revision: hidden, as clutter.
  const controllerSets: Array<[string, string, readonly KubeObject[]]> = [
    ['deploy', 'deployments.apps', objects.deployments],
    ['ds', 'daemonsets.apps', objects.daemonsets],
    ['sts', 'statefulsets.apps', objects.statefulsets],
    ['job', 'jobs.batch', objects.jobs],
    ['rc', 'replicationcontrollers', objects.replicationcontrollers],
    ['rs', 'replicasets.apps', objects.replicasets.filter((rs) => (get<number>(rs, 'spec', 'replicas') ?? 1) > 0 || pods.owns(rs.metadata.uid ?? ''))]
  ]
  const controllerIds = new Set<string>()
  for (const [prefix, resource, list] of controllerSets) {
    for (const c of list.filter(inNs)) {
      const cid = id.of(prefix, c)
      controllerIds.add(cid)
      const desired = get<number>(c, 'spec', 'replicas')
      const ready = get<number>(c, 'status', 'readyReplicas') ?? get<number>(c, 'status', 'numberReady') ?? 0
      nodes.push({
        id: cid,
        label: c.metadata.name ?? '',
        classes: ['controller', prefix],
        ref: { resource, namespace: c.metadata.namespace, name: c.metadata.name ?? '' },
        data: { nsColor: namespaceColor(c.metadata.namespace), kindTag: prefix, replicas: desired === undefined ? undefined : `${ready}/${desired}` }
      })
    }
  }
  for (const inBox of podsInBoxes.values()) {
    for (const e of inBox.ownerEdges) if (controllerIds.has(e.source)) edges.push(e)
  }
  for (const rs of objects.replicasets.filter(inNs)) {
    const edge = ownerEdgeOf(rs, 'rs')
    if (edge && controllerIds.has(edge.source) && controllerIds.has(edge.target)) edges.push(edge)
  }

  // Services, linked to their endpoints' pods when an Endpoints object says so, else to the pods their selector matches.
  const endpointsByKey = new Map(objects.endpoints.map((e) => [objectKey(e), e]))
  for (const svc of objects.services.filter(inNs)) {
    const sid = id.of('svc', svc)
    const type = get<string>(svc, 'spec', 'type') ?? 'ClusterIP'
    nodes.push({
      id: sid,
      label: svc.metadata.name ?? '',
      classes: ['service', type === 'NodePort' || type === 'LoadBalancer' ? 'exposed' : 'internal'],
      ref: { resource: 'services', namespace: svc.metadata.namespace, name: svc.metadata.name ?? '' },
      data: { nsColor: namespaceColor(svc.metadata.namespace), kindTag: 'svc', clusterIP: get<string>(svc, 'spec', 'clusterIP'), type }
    })
    const endpoints = endpointsByKey.get(objectKey(svc))
    const served = endpoints && endpointEdges(sid, endpoints, pods)
    if (served) {
      for (const e of served) if (pods.boxOfPod(e.target) !== undefined) edges.push(e)
      continue
    }
    const namespacePods = objects.pods.filter((p) => p.metadata.namespace === svc.metadata.namespace && inNs(p))
    for (const [target, ready] of selectedPods(svc, namespacePods)) {
      if (pods.boxOfPod(target) !== undefined) edges.push(servesEdge(sid, target, ready))
    }
  }
  return { nodes, edges, podBoxes, boxOfPod: pods.podBoxes }
}

/** The node boxes of a list of nodes (control plane first, then by name), kept while the store's list is the same array. */
const nodeBoxCache = new WeakMap<readonly KubeObject[], { nodes: readonly TopoNode[]; names: ReadonlySet<string> }>()

function nodeBoxes(list: readonly KubeObject[]): { nodes: readonly TopoNode[]; names: ReadonlySet<string> } {
  const cached = nodeBoxCache.get(list)
  if (cached) return cached
  const sorted = [...list].sort((a, b) => Number(isControlPlane(b)) - Number(isControlPlane(a)) || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''))
  const nodes = sorted.map((n): TopoNode => {
    const name = n.metadata.name ?? ''
    const ready = nodeReady(n)
    const ip = nodeAddress(n)
    return {
      id: id.node(name),
      label: [name, ip].filter(Boolean).join('  ·  '),
      classes: [
        'k8s-node',
        ready === 'True' ? 'ready' : ready === 'False' ? 'not-ready' : 'unknown',
        ...(isControlPlane(n) ? ['control-plane'] : []),
        ...(get<boolean>(n, 'spec', 'unschedulable') ? ['cordoned'] : [])
      ],
      ref: { resource: 'nodes', name },
      data: { ip, podCIDR: get<string>(n, 'spec', 'podCIDR'), ready, role: isControlPlane(n) ? 'control-plane' : 'worker' }
    }
  })
  const boxes = { nodes, names: new Set(list.map((n) => n.metadata.name ?? '')) }
  nodeBoxCache.set(list, boxes)
  return boxes
}

const servesEdge = (sid: string, target: string, ready: boolean): TopoEdge => ({ id: `serves:${sid}->${target}`, source: sid, target, classes: ['serves', ready ? 'ready' : 'not-ready'] })

/**
 * A Service's edges to the pods its Endpoints object lists, with readiness (undefined without subsets);
 * kept per Endpoints object. An edge to a pod on the canvas ends at that pod's own id string (the index's):
 * thousands of freshly joined ids would each be flattened and hashed again by every lookup downstream.
 */
const endpointsEdges = new WeakMap<KubeObject, { sid: string; edges: TopoEdge[] | undefined }>()

function endpointEdges(sid: string, endpoints: KubeObject, pods: PodIndex): TopoEdge[] | undefined {
  const cached = endpointsEdges.get(endpoints)
  if (cached?.sid === sid) return cached.edges
  type Address = { targetRef?: { kind?: string; name?: string; namespace?: string } }
  const subsets = get<Array<{ addresses?: Address[]; notReadyAddresses?: Address[] }>>(endpoints, 'subsets')
  const out: TopoEdge[] | undefined = subsets?.length ? [] : undefined
  for (const s of subsets ?? []) {
    for (const [list, ready] of [[s.addresses ?? [], true], [s.notReadyAddresses ?? [], false]] as const) {
      for (const a of list) {
        if (a.targetRef?.kind !== 'Pod') continue
        const namespace = a.targetRef.namespace ?? endpoints.metadata.namespace
        out!.push(servesEdge(sid, pods.podId(namespace, a.targetRef.name) ?? `pod/${namespace}/${a.targetRef.name}`, ready))
      }
    }
  }
  endpointsEdges.set(endpoints, { sid, edges: out })
  return out
}

/** Pod ids a Service without endpoints reaches by its selector (over the pods of its namespace), ready when Running and ready. */
function selectedPods(svc: KubeObject, pods: readonly KubeObject[]): Array<[string, boolean]> {
  const selector = get<Record<string, string>>(svc, 'spec', 'selector')
  return pods.filter((p) => selectorMatches(selector, p.metadata.labels)).map((p) => [id.of('pod', p), toneOfPod(p) === 'ok'])
}

/**
 * Positions for the Cluster view. Pods keep their slot in their box; boxes
 * sit side by side in a fixed order; controllers and Services are placed on
 * their bands near the pods they relate to. Only structure moves things.
 */
export class ClusterPlacer {
  private readonly slots = new SlotAllocator()

  place(graph: TopoGraph, pinned: ReadonlySet<string> = new Set()): Placement {
    const { cellW, cellH, cols, boxGapX, boxGapY, bandGap, bandY } = clusterGeometry
    const positions = new Map<string, Point>()
    const boxes = new Map<string, { w: number; h: number }>()
    const boxIds = graph.nodes.filter((n) => n.classes.includes('k8s-node') || n.id === unscheduledBox).map((n) => n.id)
    const children = new Map<string, string[]>(boxIds.map((b) => [b, []]))
    for (const n of graph.nodes) if (n.parent && children.has(n.parent)) children.get(n.parent)!.push(n.id)

    // Node boxes on a grid about half again as wide as tall (a canvas's shape), filled row by row. The
    // Unscheduled box comes and goes with pending pods, so it sits left of the grid, where it moves nothing.
    const boxW = cols * cellW
    const nodeBoxes = boxIds.filter((b) => b !== unscheduledBox)
    const gridRows = Math.max(1, Math.ceil(Math.sqrt(nodeBoxes.length / 1.5)))
    const perRow = Math.max(1, Math.ceil(nodeBoxes.length / gridRows))
    const rowsOf = new Map(boxIds.map((b) => [b, SlotAllocator.rows(this.slots.assign(b, children.get(b)!), cols)] as const))
    const put = (box: string, left: number, top: number): void => {
      const h = rowsOf.get(box)! * cellH
      boxes.set(box, { w: boxW, h })
      positions.set(box, { x: left + boxW / 2, y: top + h / 2 })
      for (const [child, slot] of this.slots.assign(box, children.get(box)!)) {
        positions.set(child, { x: left + cellW / 2 + (slot % cols) * cellW, y: top + cellH / 2 + Math.floor(slot / cols) * cellH })
      }
    }
    if (rowsOf.has(unscheduledBox)) put(unscheduledBox, -(boxW + boxGapX * 1.5), 0)
    let top = 0
    for (let start = 0; start < nodeBoxes.length; start += perRow) {
      const row = nodeBoxes.slice(start, start + perRow)
      // A grid row reserves space in steps of two pod rows, so a box growing by a pod rarely pushes the boxes below.
      const rowH = Math.ceil(Math.max(...row.map((b) => rowsOf.get(b)!)) / 2) * 2 * cellH
      row.forEach((box, i) => put(box, i * (boxW + boxGapX), top))
      top += rowH + boxGapY
    }
    const bottom = Math.max(cellH, top - boxGapY, (rowsOf.get(unscheduledBox) ?? 0) * cellH)
    this.slots.retain(boxIds)

    // Bands: each item wants the mean x of what it links to (edges are few; a scan is fine).
    const linked = new Map<string, string[]>()
    const link = (a: string, b: string): void => {
      const list = linked.get(a)
      if (list) list.push(b)
      else linked.set(a, [b])
    }
    for (const e of graph.edges) {
      link(e.source, e.target)
      link(e.target, e.source)
    }
    const want = (nodeId: string, near: (other: string) => boolean): number | undefined => {
      const xs = (linked.get(nodeId) ?? []).filter(near).map((o) => positions.get(o)?.x).filter((x): x is number => x !== undefined)
      return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : undefined
    }
    const isPod = (o: string): boolean => o.startsWith('pod/')
    const band = (prefixes: string[]): TopoNode[] => graph.nodes.filter((n) => prefixes.some((p) => n.id.startsWith(p + '/')))
    const place = (items: TopoNode[], y: number, near: (o: string) => boolean): void => {
      const placed = placeBand(items.map((n) => ({ id: n.id, want: want(n.id, near) })), y, bandGap, cellW / 2)
      for (const [k, p] of placed) positions.set(k, p)
    }
    // Controllers that own pods directly sit just above the nodes; those that own ReplicaSets, or DaemonSets and RCs, above them.
    place(band(['rs', 'sts', 'job']), -bandY, isPod)
    place(band(['deploy', 'ds', 'rc']), -2 * bandY, (o) => isPod(o) || o.startsWith('rs/'))
    place(band(['svc']), bottom + bandY, isPod)
    for (const p of pinned) positions.delete(p)
    return { positions, boxes }
  }
}
