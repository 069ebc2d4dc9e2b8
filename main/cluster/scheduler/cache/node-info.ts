import type { Node, Taint } from 'kubernetes-types/core/v1'
import type { HostPort, PodInfo } from './pod-info'
import { emptyResource, resourceFromList, type Resource } from './resource'

/**
 * Host ports in use on a node (framework.HostPortInfo): ip → `protocol/port`.
 * A port bound on 0.0.0.0 conflicts with the same port on every address.
 */
export class HostPortInfo {
  private readonly byIP = new Map<string, Map<string, number>>()

/** Marks a port used (counted, so two pods holding one port release it one at a time). */
  add(p: HostPort): void {
    let m = this.byIP.get(p.ip)
    if (!m) this.byIP.set(p.ip, (m = new Map()))
    const k = `${p.protocol}/${p.port}`
    m.set(k, (m.get(k) ?? 0) + 1)
  }

/** Releases one use of a port. */
  remove(p: HostPort): void {
    const m = this.byIP.get(p.ip)
    if (!m) return
    const k = `${p.protocol}/${p.port}`
    const n = (m.get(k) ?? 0) - 1
    if (n > 0) m.set(k, n)
    else m.delete(k)
    if (m.size === 0) this.byIP.delete(p.ip)
  }

  /** HostPortInfo.CheckConflict. */
  conflicts(p: HostPort): boolean {
    const k = `${p.protocol}/${p.port}`
    if (p.ip === '0.0.0.0') {
      for (const m of this.byIP.values()) if (m.has(k)) return true
      return false
    }
    return !!(this.byIP.get('0.0.0.0')?.has(k) || this.byIP.get(p.ip)?.has(k))
  }

/** How many addresses have ports in use. */
  get size(): number {
    return this.byIP.size
  }

/** A copy for what-if runs. */
  clone(): HostPortInfo {
    const c = new HostPortInfo()
    for (const [ip, m] of this.byIP) c.byIP.set(ip, new Map(m))
    return c
  }
}

let generation = 0

function sameLabels(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  if (a === b) return true
  const ak = Object.keys(a)
  if (ak.length !== Object.keys(b).length) return false
  for (const k of ak) if (a[k] !== b[k]) return false
  return true
}

/** Whether two versions of a pod look the same to a label selector counting pods (namespace, labels, deletion mark). */
function sameSelectionView(a: PodInfo, b: PodInfo): boolean {
  return a.namespace === b.namespace && !!a.pod.metadata?.deletionTimestamp === !!b.pod.metadata?.deletionTimestamp && sameLabels(a.labels, b.labels)
}

/** Whether two versions of a pod count the same on a node: the same derived requests, ports, claims and affinity (PodInfo.of shares them across status writes). */
function sameAccounting(a: PodInfo, b: PodInfo): boolean {
  return (
    a.requests === b.requests &&
    a.hostPorts === b.hostPorts &&
    a.pvcKeys === b.pvcKeys &&
    a.nonZeroMilliCPU === b.nonZeroMilliCPU &&
    a.nonZeroMemory === b.nonZeroMemory &&
    a.hasAffinity === b.hasAffinity &&
    a.hasRequiredAntiAffinity === b.hasRequiredAntiAffinity
  )
}

/**
 * A node and what is placed on it (framework.NodeInfo): the pods bound or
 * assumed to it and their summed requests, kept up to date incrementally so
 * no scheduling decision ever lists pods.
 */
export class NodeInfo {
  node!: Node
/** The node name (known before the Node object when a pod arrives first). */
  name: string
/** metadata.labels. */
  labels: Readonly<Record<string, string>> = {}
/** spec.taints. */
  taints: readonly Taint[] = []
  /** spec.unschedulable (cordoned): read by a filter on every node of every cycle, kept here beside the other fields filters read. */
  unschedulable = false
/** status.allocatable. */
  allocatable: Resource = emptyResource()
  /** Sum of the pods' requests (what Filter checks). */
  readonly requested: Resource = emptyResource()
  /** Sum of the pods' non-zero cpu and memory requests (what LeastAllocated scores). */
  readonly nonZeroRequested = { milliCPU: 0, memory: 0 }
/** Pods bound or assumed here. */
  pods: PodInfo[] = []
/** The pods with pod (anti-)affinity terms. */
  podsWithAffinity: PodInfo[] = []
/** The pods with required anti-affinity terms. */
  podsWithRequiredAntiAffinity: PodInfo[] = []
  usedPorts = new HostPortInfo()
  /** `namespace/claim` → pods on this node using it. */
  pvcRefCounts = new Map<string, number>()
  /** Bumped on every change, as NodeInfo.Generation. */
  generation = 0
  /**
   * Bumped when what a label selector can see of the pods changes: a pod
   * comes or goes, or a placed pod's namespace, labels or deletion mark
   * change. A pod's status writes leave it alone.
   */
  selectionGeneration = 0
  /** The count-slot epoch the two arrays below belong to (count-slots.ts). */
  countEpoch = -1
  /** Per count slot: the `selectionGeneration` its value was computed at. */
  countGeneration: number[] = []
  /** Per count slot: a value plugins derive from this node's pods' labels (matching-pod counts), valid while `selectionGeneration` stands. */
  countValue: number[] = []
  private index = new Map<string, number>()

  constructor(node?: Node, name?: string) {
    this.name = name ?? node?.metadata?.name ?? ''
    if (node) this.setNode(node)
  }

  /** Whether the node object is known (pods may arrive before their node). */
  get hasNode(): boolean {
    return this.node !== undefined
  }

/** Takes a new version of the Node object. */
  setNode(node: Node): void {
    this.node = node
    this.name = node.metadata?.name ?? this.name
    this.labels = node.metadata?.labels ?? {}
    this.taints = node.spec?.taints ?? []
    this.unschedulable = !!node.spec?.unschedulable
    this.allocatable = resourceFromList(node.status?.allocatable as Record<string, string> | undefined)
    this.generation = ++generation
  }

  /** The pod with that `namespace/name` key, if placed here. */
  getPod(key: string): PodInfo | undefined {
    const i = this.index.get(key)
    return i === undefined ? undefined : this.pods[i]
  }

/** Places a pod here and adds its requests, ports and claims. */
  addPod(pi: PodInfo): void {
    this.index.set(pi.key, this.pods.length)
    this.pods.push(pi)
    if (pi.hasAffinity) this.podsWithAffinity.push(pi)
    if (pi.hasRequiredAntiAffinity) this.podsWithRequiredAntiAffinity.push(pi)
    this.update(pi, 1)
  }

  /** Replaces a placed pod with its newer version (requests, ports and claims move with it). */
  replacePod(pi: PodInfo): void {
    const before = this.getPod(pi.key)
    if (before && sameAccounting(before, pi)) {
      // A status write: nothing counted changes. The pod moves to the end as removePod + addPod would move it.
      this.removeAt(pi.key)
      this.index.set(pi.key, this.pods.length)
      this.pods.push(pi)
      if (pi.hasAffinity) this.podsWithAffinity = [...this.podsWithAffinity.filter((p) => p.key !== pi.key), pi]
      if (pi.hasRequiredAntiAffinity) this.podsWithRequiredAntiAffinity = [...this.podsWithRequiredAntiAffinity.filter((p) => p.key !== pi.key), pi]
      this.generation = ++generation
      if (!sameSelectionView(before, pi)) this.selectionGeneration = generation
      return
    }
    const selection = this.selectionGeneration
    this.removePod(pi.key)
    this.addPod(pi)
    if (before && sameSelectionView(before, pi)) this.selectionGeneration = selection
  }

  /** Removes the pod with that key; returns it, or undefined when it was not here. */
  removePod(key: string): PodInfo | undefined {
    const pi = this.removeAt(key)
    if (!pi) return undefined
    if (pi.hasAffinity) this.podsWithAffinity = this.podsWithAffinity.filter((p) => p.key !== key)
    if (pi.hasRequiredAntiAffinity) this.podsWithRequiredAntiAffinity = this.podsWithRequiredAntiAffinity.filter((p) => p.key !== key)
    this.update(pi, -1)
    return pi
  }

  /** Takes the pod out of the list (the last one takes its place) and the index; nothing else. */
  private removeAt(key: string): PodInfo | undefined {
    const i = this.index.get(key)
    if (i === undefined) return undefined
    const pi = this.pods[i]
    const last = this.pods.pop()!
    if (i < this.pods.length) {
      this.pods[i] = last
      this.index.set(last.key, i)
    }
    this.index.delete(key)
    return pi
  }

  private update(pi: PodInfo, sign: 1 | -1): void {
    const r = pi.requests
    this.requested.milliCPU += sign * r.milliCPU
    this.requested.memory += sign * r.memory
    this.requested.ephemeralStorage += sign * r.ephemeralStorage
    if (r.scalar) {
      const s = (this.requested.scalar ??= new Map())
      for (const [k, v] of r.scalar) s.set(k, (s.get(k) ?? 0) + sign * v)
    }
    this.nonZeroRequested.milliCPU += sign * pi.nonZeroMilliCPU
    this.nonZeroRequested.memory += sign * pi.nonZeroMemory
    for (const p of pi.hostPorts) {
      if (sign > 0) this.usedPorts.add(p)
      else this.usedPorts.remove(p)
    }
    for (const k of pi.pvcKeys) {
      const n = (this.pvcRefCounts.get(k) ?? 0) + sign
      if (n > 0) this.pvcRefCounts.set(k, n)
      else this.pvcRefCounts.delete(k)
    }
    this.generation = ++generation
    this.selectionGeneration = generation
  }

  /** A deep enough copy for what-if runs (preemption, nominated pods): pods and sums are copied, the node shared. */
  clone(): NodeInfo {
    const c = new NodeInfo(undefined, this.name)
    c.node = this.node
    c.labels = this.labels
    c.taints = this.taints
    c.unschedulable = this.unschedulable
    c.allocatable = this.allocatable
    Object.assign(c.requested, this.requested, { scalar: this.requested.scalar ? new Map(this.requested.scalar) : undefined })
    Object.assign(c.nonZeroRequested, this.nonZeroRequested)
    c.pods = [...this.pods]
    c.index = new Map(this.index)
    c.podsWithAffinity = [...this.podsWithAffinity]
    c.podsWithRequiredAntiAffinity = [...this.podsWithRequiredAntiAffinity]
    c.usedPorts = this.usedPorts.clone()
    c.pvcRefCounts = new Map(this.pvcRefCounts)
    c.generation = this.generation
    c.selectionGeneration = this.selectionGeneration
    return c
  }
}
