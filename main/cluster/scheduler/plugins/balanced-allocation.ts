import type { NodeInfo } from '../cache/node-info'
import type { PodInfo } from '../cache/pod-info'
import type { PluginFactory, PreScorePlugin, ScorePlugin } from '../framework/interface'
import { maxNodeScore } from '../framework/interface'
import { ClusterEvents } from '../framework/events'

/** Plugin name, as kube-scheduler's names.NodeResourcesBalancedAllocation. */
export const name = 'NodeResourcesBalancedAllocation'

/**
 * balancedResourceScorer over cpu and memory: the fraction of each that
 * would be requested with the pod (capped at 1), scored (1 − std) × 100,
 * where for two resources std is half their difference. A node whose cpu and
 * memory fill evenly scores high. Real requests are used, not the non-zero
 * defaults (useRequested).
 */
export function balancedAllocationScore(pod: PodInfo, node: NodeInfo): number {
  const alloc = node.allocatable
  // With one resource (or none) allocatable the deviation is 0; no list is built, this runs for every scored node.
  if (alloc.milliCPU === 0 || alloc.memory === 0) return maxNodeScore
  const cpu = Math.min(1, (node.requested.milliCPU + pod.requests.milliCPU) / alloc.milliCPU)
  const memory = Math.min(1, (node.requested.memory + pod.requests.memory) / alloc.memory)
  const std = Math.abs((cpu - memory) / 2)
  return Math.trunc((1 - std) * maxNodeScore)
}

/** NodeResourcesBalancedAllocation: favours nodes whose cpu and memory stay evenly used. */
export const factory: PluginFactory = (): PreScorePlugin & ScorePlugin => ({
  name,
  events: [ClusterEvents.NodeAdd, ClusterEvents.NodeAllocatable, ClusterEvents.AssignedPodDelete],
  preScore() {
    return null
  },
  score(_state, pod, node) {
    return balancedAllocationScore(pod, node)
  }
})
