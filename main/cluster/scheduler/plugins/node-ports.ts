import type { FilterPlugin, PluginFactory, PreFilterPlugin } from '../framework/interface'
import { ClusterEvents } from '../framework/events'
import { skipStatus, unschedulable } from '../framework/status'

/** Plugin name, as kube-scheduler's names.NodePorts. */
export const name = 'NodePorts'

/** ErrReason. */
export const errReason = "node(s) didn't have free ports for the requested pod ports"

/**
 * NodePorts: a pod asking for host ports fits only nodes where no placed pod
 * holds the same protocol and port on the same address (or on 0.0.0.0,
 * which takes every address). Pods without host ports skip the Filter.
 */
export const factory: PluginFactory = (): PreFilterPlugin & FilterPlugin => ({
  name,
  events: [ClusterEvents.NodeAdd, ClusterEvents.AssignedPodDelete],
  preFilter(_state, pod) {
    return pod.hostPorts.length === 0 ? skipStatus : null
  },
  filter(_state, pod, node) {
    if (node.usedPorts.size === 0) return null
    for (const p of pod.hostPorts) if (node.usedPorts.conflicts(p)) return unschedulable(errReason)
    return null
  }
})
