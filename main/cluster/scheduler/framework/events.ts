import type { Node } from 'kubernetes-types/core/v1'

/**
 * Cluster events that can make an unschedulable pod schedulable, named as
 * kube-scheduler labels them (`<Resource>/<ActionType>`). Plugins register
 * the ones that matter to them; the queue retries a pod when an event
 * registered by one of the plugins that rejected it happens.
 */
export const ClusterEvents = {
  NodeAdd: 'Node/Add',
  NodeDelete: 'Node/Delete',
  NodeAllocatable: 'Node/UpdateNodeAllocatable',
  NodeLabel: 'Node/UpdateNodeLabel',
  NodeTaint: 'Node/UpdateNodeTaint',
  NodeCondition: 'Node/UpdateNodeCondition',
  NodeAnnotation: 'Node/UpdateNodeAnnotation',
  AssignedPodAdd: 'AssignedPod/Add',
  AssignedPodUpdate: 'AssignedPod/Update',
  AssignedPodDelete: 'AssignedPod/Delete',
  PvcChange: 'PersistentVolumeClaim/Update',
  PvChange: 'PersistentVolume/Update',
  StorageClassChange: 'StorageClass/Update',
  ServiceChange: 'Service/Update',
  /** The periodic flush of pods left unschedulable for 5 minutes. */
  UnschedulableTimeout: 'UnschedulableTimeout'
} as const

/** One of ClusterEvents. */
export type ClusterEvent = (typeof ClusterEvents)[keyof typeof ClusterEvents]

/** Every node update event. */
export const nodeUpdateEvents: readonly ClusterEvent[] = [
  ClusterEvents.NodeAllocatable,
  ClusterEvents.NodeLabel,
  ClusterEvents.NodeTaint,
  ClusterEvents.NodeCondition,
  ClusterEvents.NodeAnnotation
]

/**
 * nodeSchedulingPropertiesChange: which scheduling-relevant parts of a node
 * changed. A kubelet heartbeat (only lastHeartbeatTime moves) changes none,
 * so it retries nothing.
 */
export function nodeUpdateEventsOf(old: Node, cur: Node): ClusterEvent[] {
  const out: ClusterEvent[] = []
  if (!sameJSON(old.status?.allocatable, cur.status?.allocatable)) out.push(ClusterEvents.NodeAllocatable)
  if (!sameJSON(old.metadata?.labels, cur.metadata?.labels)) out.push(ClusterEvents.NodeLabel)
  if (!sameJSON(old.spec?.taints, cur.spec?.taints) || !!old.spec?.unschedulable !== !!cur.spec?.unschedulable) out.push(ClusterEvents.NodeTaint)
  if (!sameJSON(conditionStatuses(old), conditionStatuses(cur))) out.push(ClusterEvents.NodeCondition)
  if (!sameJSON(old.metadata?.annotations, cur.metadata?.annotations)) out.push(ClusterEvents.NodeAnnotation)
  return out
}

function conditionStatuses(node: Node): Record<string, string> {
  const out: Record<string, string> = {}
  for (const c of node.status?.conditions ?? []) out[c.type] = c.status
  return out
}

function sameJSON(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null)
}
