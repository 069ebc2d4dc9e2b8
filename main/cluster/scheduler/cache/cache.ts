import type { Node, Pod } from 'kubernetes-types/core/v1'
import { NodeInfo } from './node-info'
import { NodeTree } from './node-tree'
import { PodInfo } from './pod-info'

/**
 * The scheduler's view of nodes and of the pods placed on them (the
 * scheduler cache and its snapshot in one, since scheduling here is a
 * single thread). Informer events update it incrementally; a pod chosen for
 * a node is "assumed" on it at once, so the next decision counts it even
 * before the binding is written and seen back.
 */
export class SchedulerCache {
  private readonly infos = new Map<string, NodeInfo>()
  private readonly tree = new NodeTree()
  /** Where each known pod is placed, and whether that is only assumed. */
  private readonly placed = new Map<string, { nodeName: string; assumed: boolean }>()
  /** Nodes holding pods with required anti-affinity, which every pod must respect (InterPodAffinity). */
  readonly nodesWithRequiredAntiAffinityPods = new Set<NodeInfo>()
  /** Nodes holding pods with affinity or anti-affinity terms. */
  readonly nodesWithAffinityPods = new Set<NodeInfo>()
  private listCache: NodeInfo[] | undefined

  /** Every node, in nodeTree order (zones interleaved). */
  list(): NodeInfo[] {
    if (!this.listCache) this.listCache = this.tree.list().map((name) => this.infos.get(name)!)
    return this.listCache
  }

  /** The node with that name (undefined until its Node object is known). */
  get(name: string): NodeInfo | undefined {
    const info = this.infos.get(name)
    return info?.hasNode ? info : undefined
  }

/** How many nodes are known. */
  get nodeCount(): number {
    return this.tree.size
  }

  /** Adds or replaces a node. */
  setNode(node: Node): NodeInfo {
    const name = node.metadata?.name ?? ''
    let info = this.infos.get(name)
    if (!info) this.infos.set(name, (info = new NodeInfo(undefined, name)))
    const known = info.hasNode
    if (!known || this.tree.zoneChanged(node)) {
      this.tree.add(node)
      this.listCache = undefined
    }
    info.setNode(node)
    return info
  }

  /** Removes a node; its pods stay accounted until they are removed (as the cache keeps a ghost node). */
  removeNode(name: string): void {
    const info = this.infos.get(name)
    if (!info) return
    this.tree.remove(name)
    this.listCache = undefined
    if (info.pods.length === 0) this.infos.delete(name)
    else info.node = undefined as unknown as Node
  }

  /** Assumes pi on nodeName until the binding is confirmed by a pod event (or forgotten). */
  assume(pi: PodInfo, nodeName: string): void {
    this.place(pi, nodeName, true)
  }

  /** Undoes assume() after a failed binding. */
  forget(key: string): void {
    const p = this.placed.get(key)
    if (p?.assumed) this.unplace(key)
  }

  /** Whether the pod is assumed (chosen, binding not yet seen). */
  isAssumed(key: string): boolean {
    return this.placed.get(key)?.assumed ?? false
  }

  /**
   * A pod as the informer has it: placed on its node when bound and not
   * finished, removed otherwise. Confirms an assumed pod.
   */
  upsertPod(pod: Pod, info?: PodInfo): void {
    const key = info?.key ?? `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`
    const nodeName = pod.spec?.nodeName ?? ''
    const phase = pod.status?.phase
    if (!nodeName || phase === 'Succeeded' || phase === 'Failed') {
      // Unbound pods are the queue's business; an assumed one is kept until its binding shows up.
      if (!this.placed.get(key)?.assumed || nodeName) this.unplace(key)
      return
    }
    this.place(info ?? new PodInfo(pod), nodeName, false)
  }

  /** A pod is gone. */
  removePod(key: string): void {
    this.unplace(key)
  }

  /** The PodInfo placed for that key, if any. */
  podInfo(key: string): PodInfo | undefined {
    const p = this.placed.get(key)
    return p ? this.infos.get(p.nodeName)?.getPod(key) : undefined
  }

  private place(pi: PodInfo, nodeName: string, assumed: boolean): void {
    const prev = this.placed.get(pi.key)
    const same = prev?.nodeName === nodeName ? this.infos.get(nodeName) : undefined
    if (same?.getPod(pi.key)) {
      // A newer version of a pod in place (its status moved on): replaced where it is.
      same.replacePod(pi)
      prev!.assumed = assumed
      this.track(same)
      return
    }
    if (prev) this.unplace(pi.key)
    let info = this.infos.get(nodeName)
    if (!info) this.infos.set(nodeName, (info = new NodeInfo(undefined, nodeName)))
    info.addPod(pi)
    this.placed.set(pi.key, { nodeName, assumed })
    this.track(info)
  }

  private unplace(key: string): void {
    const p = this.placed.get(key)
    if (!p) return
    this.placed.delete(key)
    const info = this.infos.get(p.nodeName)
    if (!info) return
    info.removePod(key)
    this.track(info)
    if (!info.hasNode && info.pods.length === 0) this.infos.delete(p.nodeName)
  }

  private track(info: NodeInfo): void {
    // Most clusters have no affinity pods at all: then there is nothing to add, nor to delete.
    if (info.podsWithRequiredAntiAffinity.length) this.nodesWithRequiredAntiAffinityPods.add(info)
    else if (this.nodesWithRequiredAntiAffinityPods.size) this.nodesWithRequiredAntiAffinityPods.delete(info)
    if (info.podsWithAffinity.length) this.nodesWithAffinityPods.add(info)
    else if (this.nodesWithAffinityPods.size) this.nodesWithAffinityPods.delete(info)
  }
}
