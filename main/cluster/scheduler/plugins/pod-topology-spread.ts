import type { TopologySpreadConstraint } from 'kubernetes-types/core/v1'
import { labelSelectorFromObject, type Selector } from '../../apimachinery/label-selector'
import type { NodeInfo } from '../cache/node-info'
import { countEpoch, countSlot, type CountSlot } from '../cache/count-slots'
import type { PodInfo } from '../cache/pod-info'
import type { FilterPlugin, Handle, PluginFactory, PreFilterPlugin, PreScorePlugin, ScorePlugin } from '../framework/interface'
import { maxNodeScore } from '../framework/interface'
import { ClusterEvents } from '../framework/events'
import { newStateKey } from '../framework/cycle-state'
import { skipStatus, unresolvable, unschedulable } from '../framework/status'
import { RequiredNodeAffinity } from './helpers/node-affinity'
import { findMatchingUntoleratedTaint, isDoNotScheduleTaint } from './helpers/tolerations'
import { defaultSelector } from './helpers/default-selector'

/** Plugin name, as kube-scheduler's names.PodTopologySpread. */
export const name = 'PodTopologySpread'

/** ErrReasonConstraintsNotMatch. */
export const errReasonConstraintsNotMatch = "node(s) didn't match pod topology spread constraints"
/** ErrReasonNodeLabelNotMatch. */
export const errReasonNodeLabelNotMatch = `${errReasonConstraintsNotMatch} (missing required label)`

const hostnameLabel = 'kubernetes.io/hostname'

/** The system default constraints, applied (as ScheduleAnyway) to pods that state none. */
export const systemDefaultConstraints: readonly TopologySpreadConstraint[] = [
  { maxSkew: 3, topologyKey: hostnameLabel, whenUnsatisfiable: 'ScheduleAnyway' },
  { maxSkew: 5, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' }
]

/** A parsed constraint (topologySpreadConstraint). */
interface Constraint {
  /** Where its counts are kept on each NodeInfo: the slot of the plugin, the namespace and the selector's canonical text. */
  slot: CountSlot
  maxSkew: number
  topologyKey: string
  selector: Selector
  minDomains: number
  honorAffinity: boolean
  honorTaints: boolean
}

function parseConstraints(list: readonly TopologySpreadConstraint[], pod: PodInfo, action: string, selector?: Selector): Constraint[] {
  const out: Constraint[] = []
  for (const c of list) {
    if (c.whenUnsatisfiable !== action) continue
    let sel = selector ?? labelSelectorFromObject(c.labelSelector)
    if (!selector && c.matchLabelKeys?.length) {
      const extra: Record<string, string> = {}
      for (const k of c.matchLabelKeys) if (Object.hasOwn(pod.labels, k)) extra[k] = pod.labels[k]
      const reqs = labelSelectorFromObject({ matchLabels: extra }).requirements
      if (reqs.length) sel = sel.add(...reqs)
    }
    out.push({
      slot: noSlot,
      maxSkew: c.maxSkew,
      topologyKey: c.topologyKey,
      selector: sel,
      minDomains: c.minDomains ?? 1,
      honorAffinity: (c.nodeAffinityPolicy ?? 'Honor') === 'Honor',
      honorTaints: (c.nodeTaintsPolicy ?? 'Ignore') === 'Honor'
    })
  }
  return out
}

/** A slot no count is kept in (before keyed()). */
const noSlot: CountSlot = { slot: -1, epoch: -1 }

/** The last slot found per selector object: a ReplicaSet's pods share one parsed selector (default-selector.ts), and their namespace. */
const slotBySelector = new WeakMap<Selector, { namespace: string; slot: CountSlot }>()

/** Names each constraint's cached counts (its selector in the pod's namespace). */
function keyed(constraints: Constraint[], namespace: string): Constraint[] {
  for (const c of constraints) {
    const known = slotBySelector.get(c.selector)
    if (known && known.namespace === namespace && known.slot.epoch === countEpoch()) {
      c.slot = known.slot
      continue
    }
    c.slot = countSlot(`${name}\u0000${namespace}\u0000${c.selector.toString()}`)
    slotBySelector.set(c.selector, { namespace, slot: c.slot })
  }
  return constraints
}

function labelsHaveKeys(labels: Readonly<Record<string, string>>, constraints: readonly Constraint[]): boolean {
  for (const c of constraints) if (!Object.hasOwn(labels, c.topologyKey)) return false
  return true
}

function includesNode(c: Constraint, pod: PodInfo, node: NodeInfo, affinity: RequiredNodeAffinity): boolean {
  if (c.honorAffinity && !affinity.matches(node.node)) return false
  if (c.honorTaints && findMatchingUntoleratedTaint(node.taints, pod.tolerations, isDoNotScheduleTaint)) return false
  return true
}

/** countPodsMatchSelector: pods of the namespace matching, terminating ones left out. */
function countPods(pods: readonly PodInfo[], selector: Selector, namespace: string): number {
  if (selector.empty()) return 0
  let n = 0
  for (const p of pods) {
    if (p.pod.metadata?.deletionTimestamp || p.namespace !== namespace) continue
    if (selector.matches(p.labels)) n++
  }
  return n
}

/**
 * countPods, remembered per node while what selectors see of its pods
 * stands: spreading a ReplicaSet counts its replicas on every node for
 * every pod, and between two pods only the node that took the last one
 * changed (its pods' status writes change no count).
 */
function countMatching(node: NodeInfo, c: Constraint, namespace: string): number {
  const { slot, epoch } = c.slot
  if (node.countEpoch !== epoch) {
    // A slot of an older epoch may name another key on this node now: count without remembering.
    if (epoch !== countEpoch()) return countPods(node.pods, c.selector, namespace)
    node.countEpoch = epoch
    node.countGeneration = []
    node.countValue = []
  }
  // Even a node with a few pods: a pod's status writes keep its count valid, and one lookup beats matching each pod's labels again.
  if (node.countGeneration[slot] === node.selectionGeneration) return node.countValue[slot]
  const value = countPods(node.pods, c.selector, namespace)
  node.countGeneration[slot] = node.selectionGeneration
  node.countValue[slot] = value
  return value
}

/** PreFilter state: matching pods per domain, per DoNotSchedule constraint. */
class FilterState {
  constructor(
    readonly constraints: Constraint[],
    readonly matchNum: Array<Map<string, number>>,
    private mins: number[] = []
  ) {
    this.mins = matchNum.map(minOf)
  }

  /** The global minimum for skew, 0 when fewer domains than minDomains exist. */
  minMatchNum(i: number): number {
    return this.matchNum[i].size < this.constraints[i].minDomains ? 0 : this.mins[i]
  }

  update(pod: PodInfo, changed: PodInfo, node: NodeInfo, delta: number): void {
    if (changed.namespace !== pod.namespace || !labelsHaveKeys(node.labels, this.constraints)) return
    const affinity = new RequiredNodeAffinity(pod.pod)
    this.constraints.forEach((c, i) => {
      if (!c.selector.matches(changed.labels) || !includesNode(c, pod, node, affinity)) return
      const v = node.labels[c.topologyKey]
      this.matchNum[i].set(v, (this.matchNum[i].get(v) ?? 0) + delta)
      this.mins[i] = minOf(this.matchNum[i])
    })
  }

  clone(): FilterState {
    return new FilterState(this.constraints, this.matchNum.map((m) => new Map(m)))
  }
}

function minOf(m: Map<string, number>): number {
  let min = Number.MAX_SAFE_INTEGER
  for (const v of m.values()) if (v < min) min = v
  return min
}

/** PreScore state for the ScheduleAnyway (or system default) constraints. */
interface ScoreState {
  constraints: Constraint[]
  ignored: Set<string>
  /** Per constraint, topology value → matching pods (non-hostname keys only). */
  pairCounts: Array<Map<string, number>>
  weights: number[]
}

const filterKey = newStateKey<FilterState>()
const scoreKey = newStateKey<ScoreState>()

/** topologyNormalizingWeight: log(domains + 2), so constraints over few domains weigh less. */
function normalizingWeight(size: number): number {
  return Math.log(size + 2)
}

/**
 * PodTopologySpread. Filter (DoNotSchedule constraints): placing the pod
 * must not make a domain exceed the global minimum by more than maxSkew.
 * Score (ScheduleAnyway constraints, or the system defaults for pods owned
 * by a ReplicaSet, StatefulSet, ReplicationController or selected by a
 * Service: maxSkew 3 per hostname, 5 per zone): fewer matching pods in the
 * node's domains scores higher. This is how an RS's replicas spread.
 */
export function createPodTopologySpread(handle: Handle, options: { defaultConstraints?: readonly TopologySpreadConstraint[] } = {}): PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin {
  const defaults = options.defaultConstraints ?? systemDefaultConstraints
  const systemDefaulted = options.defaultConstraints === undefined

  function scoreConstraints(pod: PodInfo): Constraint[] {
    const own = pod.pod.spec?.topologySpreadConstraints
    if (own?.length) return keyed(parseConstraints(own, pod, 'ScheduleAnyway'), pod.namespace)
    const candidates = parseConstraints(defaults, pod, 'ScheduleAnyway', undefined)
    if (candidates.length === 0) return []
    const selector = defaultSelector(pod.pod, handle.listers)
    if (selector.empty()) return []
    return keyed(candidates.map((c) => ({ ...c, selector })), pod.namespace)
  }

  return {
    name,
    events: [
      ClusterEvents.AssignedPodAdd,
      ClusterEvents.AssignedPodUpdate,
      ClusterEvents.AssignedPodDelete,
      ClusterEvents.NodeAdd,
      ClusterEvents.NodeDelete,
      ClusterEvents.NodeLabel,
      ClusterEvents.NodeTaint
    ],
    preFilter(state, pod) {
      const constraints = keyed(parseConstraints(pod.pod.spec?.topologySpreadConstraints ?? [], pod, 'DoNotSchedule'), pod.namespace)
      if (constraints.length === 0) return skipStatus
      const affinity = new RequiredNodeAffinity(pod.pod)
      const matchNum = constraints.map(() => new Map<string, number>())
      for (const node of handle.nodeInfos()) {
        if (!labelsHaveKeys(node.labels, constraints)) continue
        constraints.forEach((c, i) => {
          if (!includesNode(c, pod, node, affinity)) return
          const v = node.labels[c.topologyKey]
          matchNum[i].set(v, (matchNum[i].get(v) ?? 0) + countMatching(node, c, pod.namespace))
        })
      }
      state.write(filterKey, new FilterState(constraints, matchNum))
      return null
    },
    addPod(state, pod, added, node) {
      state.read(filterKey)?.update(pod, added, node, 1)
    },
    removePod(state, pod, removed, node) {
      state.read(filterKey)?.update(pod, removed, node, -1)
    },
    filter(state, pod, node) {
      const s = state.read(filterKey)
      if (!s) return null
      for (let i = 0; i < s.constraints.length; i++) {
        const c = s.constraints[i]
        const value = node.labels[c.topologyKey]
        if (value === undefined) return unresolvable(errReasonNodeLabelNotMatch)
        const self = c.selector.matches(pod.labels) ? 1 : 0
        const skew = (s.matchNum[i].get(value) ?? 0) + self - s.minMatchNum(i)
        if (skew > c.maxSkew) return unschedulable(errReasonConstraintsNotMatch)
      }
      return null
    },
    preScore(state, pod, nodes) {
      const all = handle.nodeInfos()
      if (nodes.length === 0 || all.length === 0) return skipStatus
      const constraints = scoreConstraints(pod)
      if (constraints.length === 0) return skipStatus
      // System defaults only need the keys a node has: nodes without zones still spread by hostname.
      const requireAll = !!pod.pod.spec?.topologySpreadConstraints?.length || !systemDefaulted
      const s: ScoreState = { constraints, ignored: new Set(), pairCounts: constraints.map(() => new Map()), weights: [] }
      const domains = constraints.map(() => new Set<string>())
      for (const node of nodes) {
        if (requireAll && !labelsHaveKeys(node.labels, constraints)) {
          s.ignored.add(node.name)
          continue
        }
        for (let i = 0; i < constraints.length; i++) {
          const key = constraints[i].topologyKey
          if (key === hostnameLabel) continue
          const v = node.labels[key]
          // A missing key is the domain "" (it counts towards the weight, as in Go)...
          domains[i].add(v ?? '')
          // ...but a node without the key never reads a count in Score, so only present values are counted.
          if (v !== undefined) s.pairCounts[i].set(v, 0)
        }
      }
      s.weights = constraints.map((c, i) => normalizingWeight(c.topologyKey === hostnameLabel ? nodes.length - s.ignored.size : domains[i].size))
      if (s.pairCounts.some((m) => m.size > 0)) {
        const affinity = new RequiredNodeAffinity(pod.pod)
        for (const node of all) {
          if (!affinity.matches(node.node) || (requireAll && !labelsHaveKeys(node.labels, constraints))) continue
          for (let i = 0; i < constraints.length; i++) {
            const c = constraints[i]
            const pairs = s.pairCounts[i]
            const v = pairs.size === 0 ? undefined : node.labels[c.topologyKey]
            const n = v === undefined ? undefined : pairs.get(v)
            if (n === undefined || !includesNode(c, pod, node, affinity)) continue
            pairs.set(v!, n + countMatching(node, c, pod.namespace))
          }
        }
      }
      state.write(scoreKey, s)
      return null
    },
    score(state, pod, node) {
      const s = state.read(scoreKey)
      // Runs on every scored node: the (usually empty) ignored set is not hashed into.
      if (!s || (s.ignored.size !== 0 && s.ignored.has(node.name))) return 0
      let score = 0
      for (let i = 0; i < s.constraints.length; i++) {
        const c = s.constraints[i]
        const byHost = c.topologyKey === hostnameLabel
        // No scored node has this key (PreScore counted every value they have): nothing to read from this node's labels, cold in a big heap.
        if (!byHost && s.pairCounts[i].size === 0) continue
        const v = node.labels[c.topologyKey]
        if (v === undefined) continue
        const cnt = byHost ? countMatching(node, c, pod.namespace) : (s.pairCounts[i].get(v) ?? 0)
        // scoreForCount: maxSkew − 1 waters down small differences.
        score += cnt * s.weights[i] + (c.maxSkew - 1)
      }
      return Math.round(score)
    },
    normalizeScore(state, _pod, scores, nodes) {
      const s = state.read(scoreKey)
      if (!s) return
      let min = Number.MAX_SAFE_INTEGER
      let max = 0
      const someIgnored = s.ignored.size !== 0
      for (let i = 0; i < scores.length; i++) {
        if (someIgnored && s.ignored.has(nodes[i].name)) continue
        if (scores[i] < min) min = scores[i]
        if (scores[i] > max) max = scores[i]
      }
      for (let i = 0; i < scores.length; i++) {
        if (someIgnored && s.ignored.has(nodes[i].name)) scores[i] = 0
        else if (max === 0) scores[i] = maxNodeScore
        else scores[i] = Math.trunc((maxNodeScore * (max + min - scores[i])) / max)
      }
    }
  }
}

/** Builds the plugin with the system default constraints. */
export const factory: PluginFactory = (handle) => createPodTopologySpread(handle)
