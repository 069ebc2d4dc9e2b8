/**
 * The Storage view: StorageClasses on top, the PersistentVolumes they
 * provisioned, the PersistentVolumeClaims bound to them, and the pods that
 * mount the claims, each band under what it belongs to. Binding state is
 * the objects' own status.phase (Bound, Pending, Released, Available...),
 * never worked out here. Pure: objects in, graph and positions out.
 */
import type { KubeObject } from '../../../../preload/contract'
import { get, objectKey, podSummary } from '../../lib/kube'
import { namespaceColor, placeBand, type Placement, type Point, type TopoEdge, type TopoGraph, type TopoNode } from './graph'

export interface StorageObjects {
  storageclasses: readonly KubeObject[]
  persistentvolumes: readonly KubeObject[]
  persistentvolumeclaims: readonly KubeObject[]
  pods: readonly KubeObject[]
}

export const storageGeometry = { gap: 120, bandGap: 150 }

const phaseClass = (phase: string | undefined): string => `phase-${(phase ?? 'unknown').toLowerCase()}`

/** Builds the Storage view's graph for the objects in `namespace` ('' for all); cluster-scoped classes and volumes always show. */
export function buildStorageGraph(objects: StorageObjects, namespace: string): TopoGraph {
  const nodes: TopoNode[] = []
  const edges: TopoEdge[] = []
  const inNs = (o: KubeObject): boolean => !namespace || o.metadata.namespace === namespace
  const scIds = new Set<string>()
  for (const sc of objects.storageclasses) {
    const name = sc.metadata.name ?? ''
    const isDefault = sc.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true'
    scIds.add(name)
    nodes.push({
      id: `sc/${name}`,
      label: isDefault ? `${name} (default)` : name,
      classes: ['storageclass', ...(isDefault ? ['default-class'] : [])],
      ref: { resource: 'storageclasses.storage.k8s.io', name },
      data: { kindTag: 'sc', provisioner: get<string>(sc, 'provisioner'), reclaimPolicy: get<string>(sc, 'reclaimPolicy'), bindingMode: get<string>(sc, 'volumeBindingMode') }
    })
  }
  const pvIds = new Set<string>()
  for (const pv of objects.persistentvolumes) {
    const name = pv.metadata.name ?? ''
    const phase = get<string>(pv, 'status', 'phase')
    pvIds.add(name)
    nodes.push({
      id: `pv/${name}`,
      label: name,
      classes: ['pv', phaseClass(phase)],
      ref: { resource: 'persistentvolumes', name },
      data: { kindTag: 'pv', status: phase, capacity: get<string>(pv, 'spec', 'capacity', 'storage'), storageClass: get<string>(pv, 'spec', 'storageClassName') }
    })
    const sc = get<string>(pv, 'spec', 'storageClassName')
    if (sc && scIds.has(sc)) edges.push({ id: `class/${name}`, source: `sc/${sc}`, target: `pv/${name}`, classes: ['provisions'] })
  }
  const pvcIds = new Set<string>()
  for (const pvc of objects.persistentvolumeclaims.filter(inNs)) {
    const key = objectKey(pvc)
    const phase = get<string>(pvc, 'status', 'phase')
    pvcIds.add(key)
    nodes.push({
      id: `pvc/${key}`,
      label: pvc.metadata.name ?? '',
      classes: ['pvc', phaseClass(phase)],
      ref: { resource: 'persistentvolumeclaims', namespace: pvc.metadata.namespace, name: pvc.metadata.name ?? '' },
      data: { kindTag: 'pvc', nsColor: namespaceColor(pvc.metadata.namespace), status: phase, request: get<string>(pvc, 'spec', 'resources', 'requests', 'storage') }
    })
    const volume = get<string>(pvc, 'spec', 'volumeName')
    if (volume && pvIds.has(volume)) edges.push({ id: `bind/${key}`, source: `pv/${volume}`, target: `pvc/${key}`, classes: ['binds', phaseClass(phase)], label: phase })
    else {
      const sc = get<string>(pvc, 'spec', 'storageClassName')
      if (sc && scIds.has(sc)) edges.push({ id: `wants/${key}`, source: `sc/${sc}`, target: `pvc/${key}`, classes: ['wants'] })
    }
  }
  for (const pod of objects.pods.filter(inNs)) {
    const claims = (get<Array<{ persistentVolumeClaim?: { claimName?: string } }>>(pod, 'spec', 'volumes') ?? [])
      .map((v) => v.persistentVolumeClaim?.claimName)
      .filter((c): c is string => !!c && pvcIds.has(`${pod.metadata.namespace}/${c}`))
    if (!claims.length) continue
    const key = objectKey(pod)
    const s = podSummary(pod)
    nodes.push({
      id: `pod/${key}`,
      label: pod.metadata.name ?? '',
      classes: ['pod', `tone-${s.tone}`],
      ref: { resource: 'pods', namespace: pod.metadata.namespace, name: pod.metadata.name ?? '' },
      data: { nsColor: namespaceColor(pod.metadata.namespace), status: s.status, ready: `${s.ready}/${s.total}`, node: get<string>(pod, 'spec', 'nodeName') }
    })
    for (const c of claims) edges.push({ id: `mount/${key}/${c}`, source: `pvc/${pod.metadata.namespace}/${c}`, target: `pod/${key}`, classes: ['mounts'] })
  }
  return { nodes, edges }
}

/** Four bands, top to bottom: classes, volumes, claims, pods; each item under what it hangs from. */
export class StoragePlacer {
  place(graph: TopoGraph, pinned: ReadonlySet<string> = new Set()): Placement {
    const { gap, bandGap } = storageGeometry
    const positions = new Map<string, Point>()
    const parentOf = new Map<string, string>()
    for (const e of graph.edges) if (!parentOf.has(e.target)) parentOf.set(e.target, e.source)
    const bands = ['storageclass', 'pv', 'pvc', 'pod']
    bands.forEach((cls, i) => {
      const items = graph.nodes.filter((n) => n.classes.includes(cls)).map((n) => ({ id: n.id, want: positions.get(parentOf.get(n.id) ?? '')?.x }))
      for (const [id, p] of placeBand(items, i * bandGap, gap, 0)) if (!pinned.has(id)) positions.set(id, p)
    })
    return { positions, boxes: new Map() }
  }
}
