import type { NodeInfo } from '../cache/node-info'
import type { PodInfo } from '../cache/pod-info'
import type { FilterPlugin, PluginFactory, PreScorePlugin, ScorePlugin } from '../framework/interface'
import { maxNodeScore } from '../framework/interface'
import { ClusterEvents } from '../framework/events'
import { unschedulable } from '../framework/status'

/** Plugin name, as kube-scheduler's names.NodeResourcesFit. */
export const name = 'NodeResourcesFit'

/** One resource the pod needs more of than the node has left (noderesources.InsufficientResource). */
export interface InsufficientResource {
/** `cpu`, `memory`, `pods`, `ephemeral-storage` or a scalar resource. */
  resourceName: string
  /** `Insufficient cpu`, `Too many pods`, ... */
  reason: string
/** What the pod asks for. */
  requested: number
/** What the node's pods already request. */
  used: number
/** The node's allocatable. */
  capacity: number
}

/**
 * fitsRequest: the pod count first, then (unless the pod requests nothing)
 * cpu, memory, ephemeral-storage and scalar resources, each against
 * allocatable minus what the node's pods already request. Kubernetes 1.32
 * reports every shortage as plain Unschedulable (preemption might free it).
 */
export function fitsRequest(pod: PodInfo, node: NodeInfo): InsufficientResource[] {
  const out: InsufficientResource[] = []
  const alloc = node.allocatable
  const used = node.requested
  if (node.pods.length + 1 > alloc.allowedPodNumber) {
    out.push({ resourceName: 'pods', reason: 'Too many pods', requested: 1, used: node.pods.length, capacity: alloc.allowedPodNumber })
  }
  const r = pod.requests
  if (r.milliCPU === 0 && r.memory === 0 && r.ephemeralStorage === 0 && !r.scalar) return out
  if (r.milliCPU > 0 && r.milliCPU > alloc.milliCPU - used.milliCPU) {
    out.push({ resourceName: 'cpu', reason: 'Insufficient cpu', requested: r.milliCPU, used: used.milliCPU, capacity: alloc.milliCPU })
  }
  if (r.memory > 0 && r.memory > alloc.memory - used.memory) {
    out.push({ resourceName: 'memory', reason: 'Insufficient memory', requested: r.memory, used: used.memory, capacity: alloc.memory })
  }
  if (r.ephemeralStorage > 0 && r.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage) {
    out.push({ resourceName: 'ephemeral-storage', reason: 'Insufficient ephemeral-storage', requested: r.ephemeralStorage, used: used.ephemeralStorage, capacity: alloc.ephemeralStorage })
  }
  for (const [rName, q] of r.scalar ?? []) {
    if (q === 0) continue
    const cap = alloc.scalar?.get(rName) ?? 0
    const u = used.scalar?.get(rName) ?? 0
    if (q > cap - u) out.push({ resourceName: rName, reason: `Insufficient ${rName}`, requested: q, used: u, capacity: cap })
  }
  return out
}

/** Whether fitsRequest would find nothing short, without building the list (the common case, run on every node). */
function fits(pod: PodInfo, node: NodeInfo): boolean {
  const alloc = node.allocatable
  const used = node.requested
  const r = pod.requests
  if (node.pods.length + 1 > alloc.allowedPodNumber) return false
  if (r.milliCPU > 0 && r.milliCPU > alloc.milliCPU - used.milliCPU) return false
  if (r.memory > 0 && r.memory > alloc.memory - used.memory) return false
  if (r.ephemeralStorage > 0 && r.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage) return false
  return !r.scalar
}

/** leastRequestedScore: the share of the resource left free, 0..100 (integer division). */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0
  return Math.trunc(((capacity - requested) * maxNodeScore) / capacity)
}

/**
 * The LeastAllocated score (the default scoring strategy) over cpu and
 * memory, weight 1 each: the node's non-zero requests plus the pod's, as a
 * share of allocatable left free. Resources the node has none of are left out.
 */
export function leastAllocatedScore(pod: PodInfo, node: NodeInfo): number {
  let score = 0
  let weights = 0
  const alloc = node.allocatable
  if (alloc.milliCPU !== 0) {
    score += leastRequestedScore(node.nonZeroRequested.milliCPU + pod.nonZeroMilliCPU, alloc.milliCPU)
    weights++
  }
  if (alloc.memory !== 0) {
    score += leastRequestedScore(node.nonZeroRequested.memory + pod.nonZeroMemory, alloc.memory)
    weights++
  }
  return weights === 0 ? 0 : Math.trunc(score / weights)
}

/**
 * NodeResourcesFit. Filter: the node has room for the pod's requests
 * (reasons `Insufficient cpu`, `Insufficient memory`, `Too many pods`, ...).
 * Score: LeastAllocated, so pods spread over the emptiest nodes.
 */
export const factory: PluginFactory = (): FilterPlugin & PreScorePlugin & ScorePlugin => ({
  name,
  events: [ClusterEvents.NodeAdd, ClusterEvents.NodeAllocatable, ClusterEvents.AssignedPodDelete],
  filter(_state, pod, node) {
    if (fits(pod, node)) return null
    const insufficient = fitsRequest(pod, node)
    return insufficient.length ? unschedulable(...insufficient.map((i) => i.reason)) : null
  },
  preScore() {
    return null
  },
  score(_state, pod, node) {
    return leastAllocatedScore(pod, node)
  }
})
