import type { Toleration } from 'kubernetes-types/core/v1'
import type { FilterPlugin, PluginFactory, PreScorePlugin, ScorePlugin } from '../framework/interface'
import { ClusterEvents } from '../framework/events'
import { newStateKey } from '../framework/cycle-state'
import { defaultNormalizeScore } from '../framework/normalize'
import { unresolvable } from '../framework/status'
import { findMatchingUntoleratedTaint, isDoNotScheduleTaint, tolerationsTolerateTaint } from './helpers/tolerations'

/** Plugin name, as kube-scheduler's names.TaintToleration. */
export const name = 'TaintToleration'

/** The Filter's reason for a taint: `node(s) had untolerated taint {key: value}`. */
export function untoleratedTaintReason(key: string, value: string | undefined): string {
  return `node(s) had untolerated taint {${key}: ${value ?? ''}}`
}

const preScoreKey = newStateKey<readonly Toleration[]>()

/**
 * TaintToleration. Filter: a NoSchedule or NoExecute taint the pod does not
 * tolerate keeps it off the node (this is how NotReady and unreachable
 * nodes, tainted by the node lifecycle controller, are avoided). Score:
 * fewer untolerated PreferNoSchedule taints is better (normalized reversed).
 */
export const factory: PluginFactory = (): FilterPlugin & PreScorePlugin & ScorePlugin => ({
  name,
  events: [ClusterEvents.NodeAdd, ClusterEvents.NodeTaint],
  filter(_state, pod, node) {
    const taint = findMatchingUntoleratedTaint(node.taints, pod.tolerations, isDoNotScheduleTaint)
    return taint ? unresolvable(untoleratedTaintReason(taint.key, taint.value)) : null
  },
  preScore(state, pod) {
    // A toleration without an effect tolerates every effect, PreferNoSchedule included.
    state.write(
      preScoreKey,
      pod.tolerations.filter((t) => !t.effect || t.effect === 'PreferNoSchedule')
    )
    return null
  },
  score(state, _pod, node) {
    const tolerations = state.read(preScoreKey) ?? []
    let intolerable = 0
    const taints = node.taints
    for (let i = 0; i < taints.length; i++) {
      const taint = taints[i]
      if (taint.effect === 'PreferNoSchedule' && !tolerationsTolerateTaint(tolerations, taint)) intolerable++
    }
    return intolerable
  },
  normalizeScore(_state, _pod, scores) {
    defaultNormalizeScore(scores, true)
  }
})
