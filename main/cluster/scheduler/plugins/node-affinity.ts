import type { FilterPlugin, PluginFactory, PreFilterPlugin, PreScorePlugin, ScorePlugin } from '../framework/interface'
import { ClusterEvents } from '../framework/events'
import { newStateKey } from '../framework/cycle-state'
import { defaultNormalizeScore } from '../framework/normalize'
import { skipStatus, unresolvable } from '../framework/status'
import { PreferredSchedulingTerms, RequiredNodeAffinity } from './helpers/node-affinity'

/** Plugin name, as kube-scheduler's names.NodeAffinity. */
export const name = 'NodeAffinity'

/** ErrReasonPod: the node does not match spec.nodeSelector or the required node affinity. */
export const errReasonPod = "node(s) didn't match Pod's node affinity/selector"
/** errReasonConflict: the required terms name node sets with nothing in common. */
export const errReasonConflict = 'pod affinity terms conflict'

const requiredKey = newStateKey<RequiredNodeAffinity>()
const preferredKey = newStateKey<PreferredSchedulingTerms>()

/**
 * NodeAffinity. PreFilter narrows the nodes when every required term names
 * nodes by metadata.name (how DaemonSet pods target their node). Filter:
 * spec.nodeSelector and required node affinity. Score: the summed weights
 * of matching preferred terms, scaled so the best node gets 100.
 */
export const factory: PluginFactory = (): PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin => ({
  name,
  events: [ClusterEvents.NodeAdd, ClusterEvents.NodeLabel],
  preFilter(state, pod) {
    const required = pod.pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
    if (!required && !pod.pod.spec?.nodeSelector) return skipStatus
    state.write(requiredKey, new RequiredNodeAffinity(pod.pod))
    const terms = required?.nodeSelectorTerms ?? []
    if (terms.length === 0) return null
    let nodeNames: Set<string> | undefined
    for (const t of terms) {
      let termNames: Set<string> | undefined
      for (const r of t.matchFields ?? []) {
        if (r.key !== 'metadata.name' || r.operator !== 'In') continue
        // The requirements of a term are ANDed: intersect.
        const s = new Set(r.values ?? [])
        termNames = termNames ? new Set([...termNames].filter((n) => s.has(n))) : s
      }
      // A term without a node name allows every node, and terms are ORed.
      if (!termNames) return null
      nodeNames = new Set([...(nodeNames ?? []), ...termNames])
    }
    if (nodeNames && nodeNames.size === 0) return unresolvable(errReasonConflict)
    return nodeNames ?? null
  },
  filter(state, pod, node) {
    const required = state.read(requiredKey) ?? new RequiredNodeAffinity(pod.pod)
    return required.matches(node.node) ? null : unresolvable(errReasonPod)
  },
  preScore(state, pod, nodes) {
    if (nodes.length === 0) return null
    const preferred = pod.pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution
    if (!preferred) return skipStatus
    state.write(preferredKey, new PreferredSchedulingTerms(preferred))
    return null
  },
  score(state, _pod, node) {
    return state.read(preferredKey)?.score(node.node) ?? 0
  },
  normalizeScore(_state, _pod, scores) {
    defaultNormalizeScore(scores, false)
  }
})
