import type { FilterPlugin, PluginFactory } from '../framework/interface'
import { ClusterEvents } from '../framework/events'
import { unresolvable } from '../framework/status'

/** Plugin name, as kube-scheduler's names.NodeName. */
export const name = 'NodeName'

/** ErrReason. */
export const errReason = "node(s) didn't match the requested node name"

/**
 * NodeName: a pod that names its node (spec.nodeName) fits only that node.
 * The scheduler only takes pods without a node, so this matters for
 * preemption what-ifs and for completeness of the filter chain.
 */
export const factory: PluginFactory = (): FilterPlugin => ({
  name,
  events: [ClusterEvents.NodeAdd, ClusterEvents.NodeLabel, ClusterEvents.NodeTaint, ClusterEvents.NodeAllocatable],
  filter(_state, pod, node) {
    const want = pod.pod.spec?.nodeName
    return !want || want === node.name ? null : unresolvable(errReason)
  }
})
