/**
 * The Networks view: the cluster's three IP networks as layers. The Node
 * network holds each node on its InternalIP; the Pod network holds each
 * node's bridge (its podCIDR) with its pods' IPs; the Cluster IP network holds
 * Services on their ClusterIPs and NodePorts. Edges show what connects them:
 * a node to its bridge, a Service to the pods its rules DNAT to, a node's
 * NodePort to its Service. Pure: objects in, graph and positions out.
 */
import type { KubeObject, NetworkRanges } from '../../../../preload/contract'
import { get, isControlPlane, nodeAddress, objectKey, podSummary } from '../../lib/kube'
import type { ClusterObjects } from './cluster-view'
import { SlotAllocator, namespaceColor, placeBand, type Placement, type Point, type TopoEdge, type TopoGraph, type TopoNode } from './graph'

/** One column per node; its pods are a list down its bridge, each labelled with its IP beside it. */
export const networkGeometry = { cellW: 176, cellH: 40, cols: 1, colGap: 40, podLayerY: 150, serviceGap: 180, layerGap: 150, podInset: 16 }

const unscheduledBridge = 'bridge/~unscheduled'

export function buildNetworkGraph(objects: ClusterObjects, ranges: NetworkRanges | undefined, namespace: string): TopoGraph {
  const inNs = (o: KubeObject): boolean => !namespace || o.metadata.namespace === namespace
  const nodes: TopoNode[] = [
    { id: 'layer/node', label: `Node network  ·  ${ranges?.nodeCIDR ?? ''}`, classes: ['layer', 'layer-node'] },
    { id: 'layer/pod', label: `Pod network  ·  ${ranges?.podCIDR ?? ''}`, classes: ['layer', 'layer-pod'] },
    { id: 'layer/cluster-ip', label: `Cluster IP network  ·  ${ranges?.serviceCIDR ?? ''}`, classes: ['layer', 'layer-cluster-ip'] }
  ]
  const edges: TopoEdge[] = []
  const sorted = [...objects.nodes].sort((a, b) => Number(isControlPlane(b)) - Number(isControlPlane(a)) || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''))
  const nodeNames = new Set(sorted.map((n) => n.metadata.name ?? ''))
  for (const n of sorted) {
    const name = n.metadata.name ?? ''
    const ip = nodeAddress(n)
    const cidr = get<string>(n, 'spec', 'podCIDR')
    nodes.push({ id: `nic/${name}`, parent: 'layer/node', label: `${name}\n${ip ?? 'no InternalIP yet'}`, classes: ['nic'], ref: { resource: 'nodes', name }, data: { ip } })
    nodes.push({ id: `bridge/${name}`, parent: 'layer/pod', label: cidr ? `podCIDR ${cidr}` : 'no podCIDR yet', classes: ['bridge'], data: { cidr } })
    edges.push({ id: `attach:${name}`, source: `nic/${name}`, target: `bridge/${name}`, classes: ['attach'] })
  }
  const pods = objects.pods.filter(inNs)
  if (pods.some((p) => !nodeNames.has(get<string>(p, 'spec', 'nodeName') ?? ''))) {
    nodes.push({ id: unscheduledBridge, parent: 'layer/pod', label: 'not on a node  ·  no IP', classes: ['bridge', 'unscheduled-bridge'] })
  }
  for (const p of pods) {
    const nodeName = get<string>(p, 'spec', 'nodeName') ?? ''
    const ip = get<string>(p, 'status', 'podIP')
    // A hostNetwork pod has no address of its own on the bridge: it uses its node's, and says so.
    const hostNetwork = get<boolean>(p, 'spec', 'hostNetwork') === true
    nodes.push({
      id: `pod/${objectKey(p)}`,
      parent: nodeNames.has(nodeName) ? `bridge/${nodeName}` : unscheduledBridge,
      label: `${shorten(p.metadata.name ?? '', 24)}\n${ip ? (hostNetwork ? `${ip} (node IP)` : ip) : '—'}`,
      classes: ['pod', 'addressed', `tone-${podSummary(p).tone}`],
      ref: { resource: 'pods', namespace: p.metadata.namespace, name: p.metadata.name ?? '' },
      data: { nsColor: namespaceColor(p.metadata.namespace), ip }
    })
  }
  const podIds = new Set(pods.map((p) => `pod/${objectKey(p)}`))
  const endpointsByKey = new Map(objects.endpoints.map((e) => [objectKey(e), e]))
  for (const svc of objects.services.filter(inNs)) {
    const sid = `svc/${objectKey(svc)}`
    const clusterIP = get<string>(svc, 'spec', 'clusterIP')
    const ports = get<Array<{ port: number; nodePort?: number; protocol?: string }>>(svc, 'spec', 'ports') ?? []
    const nodePorts = ports.map((p) => p.nodePort).filter((p): p is number => !!p)
    const portList = ports.map((p) => p.port).join(',')
    const address =
      clusterIP && clusterIP !== 'None' ? `${clusterIP}${portList ? ':' + portList : ''}` : `${clusterIP === 'None' ? 'headless' : 'no ClusterIP yet'}${portList ? ` · port ${portList}` : ''}`
    nodes.push({
      id: sid,
      parent: 'layer/cluster-ip',
      label: `${svc.metadata.name}\n${address}${nodePorts.length ? `\nNodePort ${nodePorts.join(',')}` : ''}`,
      classes: ['service', nodePorts.length ? 'exposed' : 'internal'],
      ref: { resource: 'services', namespace: svc.metadata.namespace, name: svc.metadata.name ?? '' },
      data: { nsColor: namespaceColor(svc.metadata.namespace), kindTag: 'svc', clusterIP }
    })
    type Address = { ip?: string; targetRef?: { kind?: string; name?: string; namespace?: string } }
    const subsets = get<Array<{ addresses?: Address[] }>>(endpointsByKey.get(objectKey(svc)), 'subsets') ?? []
    for (const a of subsets.flatMap((s) => s.addresses ?? [])) {
      const target = `pod/${a.targetRef?.namespace ?? svc.metadata.namespace}/${a.targetRef?.name}`
      if (a.targetRef?.kind === 'Pod' && podIds.has(target)) edges.push({ id: `dnat:${sid}->${target}`, source: sid, target, classes: ['dnat'], label: 'DNAT' })
    }
    for (const name of nodePorts.length ? nodeNames : []) {
      edges.push({ id: `nodeport:${name}->${sid}`, source: `nic/${name}`, target: sid, classes: ['nodeport'], label: `:${nodePorts.join(',')}` })
    }
  }
  return { nodes, edges }
}

/** Positions for the Networks view: one column per node; pods keep their slot on their bridge. */
export class NetworkPlacer {
  private readonly slots = new SlotAllocator()

  place(graph: TopoGraph, pinned: ReadonlySet<string> = new Set()): Placement {
    const { cellW, cellH, cols, colGap, podLayerY, serviceGap, layerGap, podInset } = networkGeometry
    const positions = new Map<string, Point>()
    const boxes = new Map<string, { w: number; h: number }>()
    const colW = cols * cellW
    const bridges = graph.nodes.filter((n) => n.classes.includes('bridge'))
    const children = new Map<string, string[]>(bridges.map((b) => [b.id, []]))
    for (const n of graph.nodes) if (n.parent && children.has(n.parent)) children.get(n.parent)!.push(n.id)

    let left = 0
    let podBottom = podLayerY + cellH
    for (const bridge of bridges) {
      const center = left + colW / 2
      const node = bridge.id.slice('bridge/'.length)
      positions.set(`nic/${node}`, { x: center, y: 0 })
      const slots = this.slots.assign(bridge.id, children.get(bridge.id)!)
      const rows = SlotAllocator.rows(slots, cols)
      boxes.set(bridge.id, { w: colW, h: rows * cellH })
      positions.set(bridge.id, { x: center, y: podLayerY + (rows * cellH) / 2 })
      for (const [child, slot] of slots) {
        positions.set(child, { x: left + podInset + (slot % cols) * cellW, y: podLayerY + cellH / 2 + Math.floor(slot / cols) * cellH })
      }
      podBottom = Math.max(podBottom, podLayerY + rows * cellH)
      left += colW + colGap
    }
    this.slots.retain(bridges.map((b) => b.id))

    const targets = new Map<string, number[]>()
    for (const e of graph.edges) {
      if (!e.classes.includes('dnat')) continue
      const x = positions.get(e.target)?.x
      if (x === undefined) continue
      const xs = targets.get(e.source)
      if (xs) xs.push(x)
      else targets.set(e.source, [x])
    }
    const services = graph.nodes.filter((n) => n.classes.includes('service'))
    const serviceY = podBottom + layerGap
    const placed = placeBand(
      services.map((s) => {
        const xs = targets.get(s.id)
        return { id: s.id, want: xs ? xs.reduce((a, b) => a + b, 0) / xs.length : undefined }
      }),
      serviceY,
      serviceGap,
      cellW / 2
    )
    for (const [k, p] of placed) positions.set(k, p)

    // Empty layers still show, as wide as the columns, with their range as the label.
    const width = Math.max(left - colGap, 2 * colW)
    boxes.set('layer/node', { w: width, h: 60 })
    boxes.set('layer/pod', { w: width, h: cellH })
    boxes.set('layer/cluster-ip', { w: width, h: 60 })
    positions.set('layer/node', { x: width / 2, y: 0 })
    positions.set('layer/pod', { x: width / 2, y: podLayerY + cellH / 2 })
    positions.set('layer/cluster-ip', { x: width / 2, y: serviceY })
    for (const p of pinned) positions.delete(p)
    return { positions, boxes }
  }
}

/** Long generated names (static and controller pods) cut with an ellipsis; the full name is in the tooltip. */
function shorten(name: string, max: number): string {
  return name.length > max ? `${name.slice(0, max - 1)}…` : name
}
