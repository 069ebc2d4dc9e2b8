import type { Node, NodeCondition, Taint } from 'kubernetes-types/core/v1'

/**
 * What the node lifecycle controller decides from a node's heartbeats
 * (pkg/controller/nodelifecycle): a node not heard from within the grace
 * period has every condition turned Unknown, and a node that is not Ready
 * carries the not-ready or unreachable taints, NoSchedule and NoExecute.
 */

/** --node-monitor-grace-period. */
export const nodeMonitorGracePeriodMs = 40_000
/** --node-monitor-period. */
export const nodeMonitorPeriodMs = 5_000

/** The taint key of a node the controller has not heard from. */
export const unreachableTaintKey = 'node.kubernetes.io/unreachable'
/** The taint key of a node whose kubelet reports Ready=False. */
export const notReadyTaintKey = 'node.kubernetes.io/not-ready'

/** The conditions the kubelet posts that the controller turns Unknown when it goes silent. */
const monitoredConditions = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure']

/** The node's Ready condition. */
export function readyCondition(node: Node): NodeCondition | undefined {
  return node.status?.conditions?.find((c) => c.type === 'Ready')
}

/**
 * tryUpdateNodeHealth's "Kubelet stopped posting node status": every
 * monitored condition becomes Unknown, keeping its last heartbeat; a
 * condition the kubelet never posted is added as Unknown.
 */
export function unknownConditions(node: Node, now: string): NodeCondition[] {
  const existing = node.status?.conditions ?? []
  const result = existing.filter((c) => !monitoredConditions.includes(c.type))
  for (const type of monitoredConditions) {
    const before = existing.find((c) => c.type === type)
    if (!before) {
      result.push({ type, status: 'Unknown', reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.', lastHeartbeatTime: node.metadata?.creationTimestamp, lastTransitionTime: now })
      continue
    }
    result.push({
      ...before,
      status: 'Unknown',
      reason: 'NodeStatusUnknown',
      message: 'Kubelet stopped posting node status.',
      lastTransitionTime: before.status === 'Unknown' ? before.lastTransitionTime : now
    })
  }
  // Keep the kubelet's order: Ready last among the monitored ones, as it posts them.
  return result.sort((a, b) => monitoredOrder(a.type) - monitoredOrder(b.type))
}

function monitoredOrder(type: string): number {
  const i = ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready'].indexOf(type)
  return i < 0 ? -1 : i
}

/** Whether a taint is one of the controller's own (not-ready, unreachable). */
function isLifecycleTaint(t: Taint): boolean {
  return (t.key === unreachableTaintKey || t.key === notReadyTaintKey) && (t.effect === 'NoSchedule' || t.effect === 'NoExecute')
}

/**
 * The node's taints as they should be for its Ready condition: the
 * controller's own taints replaced, every other taint kept. A NoExecute taint
 * already there keeps its timeAdded; a new one is stamped now.
 */
export function desiredTaints(node: Node, now: string): Taint[] {
  const taints = node.spec?.taints ?? []
  const others = taints.filter((t) => !isLifecycleTaint(t))
  const status = readyCondition(node)?.status
  const key = status === 'Unknown' ? unreachableTaintKey : status === 'False' ? notReadyTaintKey : undefined
  if (!key) return others
  const existing = taints.find((t) => t.key === key && t.effect === 'NoExecute')
  return [...others, { key, effect: 'NoSchedule' }, { key, effect: 'NoExecute', timeAdded: existing?.timeAdded ?? now }]
}

/** Whether two taint lists are the same (order included). */
export function sameTaints(a: readonly Taint[] | undefined, b: readonly Taint[] | undefined): boolean {
  return JSON.stringify(a ?? []) === JSON.stringify(b ?? [])
}
