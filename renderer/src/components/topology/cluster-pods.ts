/**
 * The Cluster view's pods, box by box (cluster-view.ts): each pod's element
 * and, per node box, the list of its pods' elements. Kept from one build to
 * the next and brought up to date with the keys of the pods a batch changed
 * (the objects store's changedKeys), so a batch of 1,000 changed pods among
 * 10,000 redoes those 1,000 and the lists of the boxes they are in; the other
 * boxes keep their very lists (pod-summary.ts then keeps their summaries).
 */
import type { KubeObject } from '../../../../preload/contract'
import { controllerOf, get, objectKey, podSummary } from '../../lib/kube'
import { namespaceColor, type TopoEdge, type TopoNode } from './graph'

export const unscheduledBox = 'box/unscheduled'

/** What the Cluster view draws of one pod: its element, tone, controller and the edge from it. */
export interface PodElement {
  node: TopoNode
  tone: string
  owner?: { kind: string; name: string; uid: string }
  ownerEdge?: TopoEdge
}

/**
 * The pods to index: all of them as of `version` (the objects store's), and, to follow them batch by
 * batch, the keys changed since an earlier version (undefined when not known) and the pods by key.
 */
export interface PodSource {
  list: readonly KubeObject[]
  version?: number
  changedSince?(version: number): ReadonlySet<string> | undefined
  byKey?: ReadonlyMap<string, KubeObject>
}

/** A box's pods, in the order they came: their elements, and their owner edges. */
export interface BoxPods {
  nodes: readonly TopoNode[]
  ownerEdges: readonly TopoEdge[]
}

const ownerPrefix: Record<string, string> = { Deployment: 'deploy', ReplicaSet: 'rs', ReplicationController: 'rc', DaemonSet: 'ds', StatefulSet: 'sts', Job: 'job' }

export class PodIndex {
  private namespace: string | undefined
  private nodeNames: ReadonlySet<string> = new Set()
  /** The objects store's version the index reflects (undefined: none, or not known). */
  private at: number | undefined
  /** Pod key → its element. */
  private readonly elements = new Map<string, PodElement>()
  private readonly byBox = new Map<string, Map<string, PodElement>>()
  /** Per box, its pods as lists, made again only when the box's pods changed. */
  private readonly lists = new Map<string, BoxPods>()
  /** Pod element id → its box. */
  private readonly boxOfId = new Map<string, string>()
  /** Namespace → pod name → element id (an Endpoints address names its pod so). */
  private readonly idsByName = new Map<string | undefined, Map<string | undefined, string>>()
  /** Controller uid → how many pods it has here. */
  private readonly owned = new Map<string, number>()

  /** Brings the index to `pods` in `namespace` ('' for all) on nodes named `nodeNames`; a change of either is a rebuild. */
  update(pods: PodSource, nodeNames: ReadonlySet<string>, namespace: string): void {
    const same = namespace === this.namespace && sameSet(nodeNames, this.nodeNames)
    const keys = same && this.at !== undefined && pods.version !== undefined && pods.byKey ? pods.changedSince?.(this.at) : undefined
    this.nodeNames = nodeNames
    this.namespace = namespace
    this.at = pods.version
    if (!keys || !pods.byKey) {
      this.clear()
      for (const p of pods.list) if (!namespace || p.metadata.namespace === namespace) this.add(objectKey(p), p)
      return
    }
    for (const key of keys) {
      const p = pods.byKey.get(key)
      const old = this.elements.get(key)
      const wanted = p && (!namespace || p.metadata.namespace === namespace) ? p : undefined
      if (old && wanted && old.node.parent === this.boxOf(wanted)) {
        // Same box: the element is replaced where it stands, so the box keeps its order.
        if (podElements.get(wanted) !== old) this.replace(key, old, wanted)
        continue
      }
      if (old) this.remove(key, old)
      if (wanted) this.add(key, wanted)
    }
  }

  /** Each box holding pods, with its pods (boxes in the order they were first filled). */
  boxes(): ReadonlyMap<string, BoxPods> {
    for (const [box, pods] of this.byBox) {
      if (this.lists.has(box)) continue
      const nodes: TopoNode[] = []
      const ownerEdges: TopoEdge[] = []
      for (const e of pods.values()) {
        nodes.push(e.node)
        if (e.ownerEdge) ownerEdges.push(e.ownerEdge)
      }
      this.lists.set(box, { nodes, ownerEdges })
    }
    return this.lists
  }

  /** The box of the pod element `id`, if it is one here. */
  boxOfPod(id: string): string | undefined {
    return this.boxOfId.get(id)
  }

  /** Pod element ids by box (the same map as long as the index lives). */
  get podBoxes(): ReadonlyMap<string, string> {
    return this.boxOfId
  }

  /** The element id of pod `name` in `namespace`, if it is here. */
  podId(namespace: string | undefined, name: string | undefined): string | undefined {
    return this.idsByName.get(namespace)?.get(name)
  }

  /** Whether the controller `uid` has pods here. */
  owns(uid: string): boolean {
    return (this.owned.get(uid) ?? 0) > 0
  }

  private boxOf(p: KubeObject): string {
    const nodeName = (p.spec as { nodeName?: string } | undefined)?.nodeName ?? ''
    return this.nodeNames.has(nodeName) ? nodeBoxId(nodeName) : unscheduledBox
  }

  private add(key: string, p: KubeObject): void {
    const box = this.boxOf(p)
    const e = podElement(p, box)
    this.elements.set(key, e)
    let inBox = this.byBox.get(box)
    if (!inBox) this.byBox.set(box, (inBox = new Map()))
    inBox.set(key, e)
    this.lists.delete(box)
    this.boxOfId.set(e.node.id, box)
    let inNamespace = this.idsByName.get(e.node.ref?.namespace)
    if (!inNamespace) this.idsByName.set(e.node.ref?.namespace, (inNamespace = new Map()))
    inNamespace.set(e.node.ref?.name, e.node.id)
    if (e.owner) this.owned.set(e.owner.uid, (this.owned.get(e.owner.uid) ?? 0) + 1)
  }

  private replace(key: string, old: PodElement, p: KubeObject): void {
    const box = old.node.parent ?? ''
    const e = podElement(p, box)
    this.elements.set(key, e)
    this.byBox.get(box)?.set(key, e)
    this.lists.delete(box)
    if (old.owner) this.disown(old.owner.uid)
    if (e.owner) this.owned.set(e.owner.uid, (this.owned.get(e.owner.uid) ?? 0) + 1)
  }

  private disown(uid: string): void {
    const n = (this.owned.get(uid) ?? 0) - 1
    if (n > 0) this.owned.set(uid, n)
    else this.owned.delete(uid)
  }

  private remove(key: string, e: PodElement): void {
    const box = e.node.parent ?? ''
    this.elements.delete(key)
    const inBox = this.byBox.get(box)
    inBox?.delete(key)
    if (inBox?.size === 0) this.byBox.delete(box)
    this.lists.delete(box)
    this.boxOfId.delete(e.node.id)
    this.idsByName.get(e.node.ref?.namespace)?.delete(e.node.ref?.name)
    if (e.owner) this.disown(e.owner.uid)
  }

  private clear(): void {
    this.elements.clear()
    this.byBox.clear()
    this.lists.clear()
    this.boxOfId.clear()
    this.idsByName.clear()
    this.owned.clear()
  }
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a === b) return true
  if (a.size !== b.size) return false
  for (const x of a) if (!b.has(x)) return false
  return true
}

/** Node box ids by node name, made once: every pod of 10,000 names its box on a rebuild. */
const nodeBoxIds = new Map<string, string>()

export function nodeBoxId(nodeName: string): string {
  let known = nodeBoxIds.get(nodeName)
  if (known === undefined) {
    if (nodeBoxIds.size > 10_000) nodeBoxIds.clear()
    nodeBoxIds.set(nodeName, (known = `node/${nodeName}`))
  }
  return known
}

/**
 * Each pod's element, kept for as long as the pod object is the same (the
 * store replaces an object when it changes) and it stays in its box.
 */
const podElements = new WeakMap<KubeObject, PodElement>()

/** A pod's tone, as last described (undefined for a pod not drawn yet). */
export const toneOfPod = (p: KubeObject): string | undefined => podElements.get(p)?.tone

function podElement(p: KubeObject, parent: string): PodElement {
  const cached = podElements.get(p)
  if (cached && cached.node.parent === parent) return cached
  const s = podSummary(p)
  const nodeName = get<string>(p, 'spec', 'nodeName') ?? ''
  const element: PodElement = {
    node: {
      id: `pod/${objectKey(p)}`,
      parent,
      label: p.metadata.name ?? '',
      classes: ['pod', `tone-${s.tone}`, ...(s.restarts > 0 ? ['restarted'] : []), ...(p.metadata.deletionTimestamp ? ['terminating'] : [])],
      ref: { resource: 'pods', namespace: p.metadata.namespace, name: p.metadata.name ?? '' },
      data: { nsColor: namespaceColor(p.metadata.namespace), status: s.status, ready: `${s.ready}/${s.total}`, restarts: s.restarts, ip: get<string>(p, 'status', 'podIP'), node: nodeName || undefined }
    },
    tone: s.tone,
    owner: controllerOf(p),
    ownerEdge: ownerEdgeOf(p, 'pod')
  }
  podElements.set(p, element)
  return element
}

/** The edge from an object's controller (Deployment, ReplicaSet, ReplicationController, DaemonSet) to it. */
export function ownerEdgeOf(o: KubeObject, prefix: string): TopoEdge | undefined {
  const owner = controllerOf(o)
  if (!owner || !ownerPrefix[owner.kind]) return undefined
  const source = `${ownerPrefix[owner.kind]}/${o.metadata.namespace}/${owner.name}`
  const target = `${prefix}/${objectKey(o)}`
  return { id: `owns:${source}->${target}`, source, target, classes: ['owns'] }
}
