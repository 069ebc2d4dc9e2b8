import type { NodeCondition } from 'kubernetes-types/core/v1'

/**
 * The node conditions the kubelet's setters maintain (nodestatus/setters.go):
 * the three pressure conditions, always False on a simulated node, and Ready,
 * which waits for the pod network (a podCIDR) as on a kind node before its
 * CNI is configured. Every report refreshes lastHeartbeatTime; a
 * lastTransitionTime moves only when the status flips. The events are the
 * ones the setters record, `Node <name> status is now: <reason>`.
 */

/** An event about the node: reason only; the message is `Node <name> status is now: <reason>`. */
export interface NodeStatusEvent {
  /** The event type. */
  type: 'Normal' | 'Warning'
  /** The event reason, e.g. `NodeReady`. */
  reason: string
}

interface ConditionSpec {
  type: string
  status: 'True' | 'False'
  /** The event reason, e.g. `NodeReady`. */
  reason: string
  message: string
  /** The event recorded when the condition takes this status. */
  event: string
}

const pressure: ConditionSpec[] = [
  { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available', event: 'NodeHasSufficientMemory' },
  { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure', event: 'NodeHasNoDiskPressure' },
  { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available', event: 'NodeHasSufficientPID' }
]

const ready: ConditionSpec = { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', event: 'NodeReady' }

const networkNotReady: ConditionSpec = {
  type: 'Ready',
  status: 'False',
  reason: 'KubeletNotReady',
  message: 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized',
  event: 'NodeNotReady'
}

/** The conditions to report now, and the events their changes call for. */
export function nodeConditions(existing: readonly NodeCondition[] | undefined, networkReady: boolean, now: string): { conditions: NodeCondition[]; events: NodeStatusEvent[] } {
  const events: NodeStatusEvent[] = []
  const conditions = [...pressure, networkReady ? ready : networkNotReady].map((spec) => {
    const before = existing?.find((c) => c.type === spec.type)
    const flipped = !before || before.status !== spec.status
    // Ready records no event when first added, only when it flips; the pressure setters record one either way.
    if (flipped && (spec.type !== 'Ready' || before)) events.push({ type: 'Normal', reason: spec.event })
    return {
      type: spec.type,
      status: spec.status,
      lastHeartbeatTime: now,
      lastTransitionTime: !flipped && before?.lastTransitionTime ? before.lastTransitionTime : now,
      reason: spec.reason,
      message: spec.message
    }
  })
  return { conditions, events }
}
