import type { FilterPlugin, PluginFactory } from '../framework/interface'
import { ClusterEvents } from '../framework/events'
import { unresolvable } from '../framework/status'
import { tolerationsTolerateTaint } from './helpers/tolerations'

/** Plugin name, as kube-scheduler's names.NodeUnschedulable. */
export const name = 'NodeUnschedulable'

/** ErrReasonUnschedulable. */
export const errReasonUnschedulable = 'node(s) were unschedulable'

/** The taint a cordoned node is treated as having (v1.TaintNodeUnschedulable, NoSchedule). */
const unschedulableTaint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }

/**
 * NodeUnschedulable: a cordoned node (spec.unschedulable) takes no new pods,
 * except pods tolerating node.kubernetes.io/unschedulable:NoSchedule
 * (DaemonSet pods do).
 */
export const factory: PluginFactory = (): FilterPlugin => ({
  name,
  events: [ClusterEvents.NodeAdd, ClusterEvents.NodeTaint],
  filter(_state, pod, node) {
    // The flag as NodeInfo keeps it: the Node object itself is cold by now on most of the nodes a cycle filters.
    if (!node.unschedulable) return null
    return tolerationsTolerateTaint(pod.tolerations, unschedulableTaint) ? null : unresolvable(errReasonUnschedulable)
  }
})
