import type { PodAffinityTerm } from 'kubernetes-types/core/v1'
import { labelSelectorFromObject, type Selector } from '../../apimachinery/label-selector'
import type { NodeInfo } from '../cache/node-info'
import type { PodInfo } from '../cache/pod-info'
import type { FilterPlugin, Handle, Listers, PluginFactory, PreFilterPlugin } from '../framework/interface'
import { ClusterEvents } from '../framework/events'
import { newStateKey } from '../framework/cycle-state'
import { skipStatus, unresolvable, unschedulable } from '../framework/status'

/** Plugin name, as kube-scheduler's names.InterPodAffinity. */
export const name = 'InterPodAffinity'

/** ErrReasonAffinityRulesNotMatch. */
export const errReasonAffinityRulesNotMatch = "node(s) didn't match pod affinity rules"
/** ErrReasonAntiAffinityRulesNotMatch. */
export const errReasonAntiAffinityRulesNotMatch = "node(s) didn't match pod anti-affinity rules"
/** ErrReasonExistingAntiAffinityRulesNotMatch. */
export const errReasonExistingAntiAffinityRulesNotMatch = "node(s) didn't satisfy existing pods anti-affinity rules"

/** A parsed PodAffinityTerm (framework.AffinityTerm). */
interface AffinityTerm {
  namespaces: Set<string>
  namespaceSelector: Selector | undefined
  selector: Selector
  topologyKey: string
}

function parseTerms(pod: PodInfo, terms: readonly PodAffinityTerm[] | undefined, listers: Listers | undefined): AffinityTerm[] {
  return (terms ?? []).map((t) => {
    const namespaces = new Set<string>(t.namespaces?.length || t.namespaceSelector ? (t.namespaces ?? []) : [pod.namespace])
    let namespaceSelector = t.namespaceSelector ? labelSelectorFromObject(t.namespaceSelector) : undefined
    // For the incoming pod, the namespace selector is resolved into names once (mergeAffinityTermNamespacesIfNotEmpty).
    if (namespaceSelector && listers) {
      const sel = namespaceSelector
      for (const ns of listers.namespaces()) if (sel.matches(ns.metadata?.labels ?? {})) namespaces.add(ns.metadata?.name ?? '')
      namespaceSelector = undefined
    }
    return { namespaces, namespaceSelector, selector: labelSelectorFromObject(t.labelSelector), topologyKey: t.topologyKey }
  })
}

function termMatches(t: AffinityTerm, pod: PodInfo, nsLabels: Readonly<Record<string, string>> | undefined): boolean {
  if (t.namespaces.has(pod.namespace) || (t.namespaceSelector?.matches(nsLabels) ?? false)) return t.selector.matches(pod.labels)
  return false
}

function matchesAll(terms: readonly AffinityTerm[], pod: PodInfo, nsLabels: Readonly<Record<string, string>> | undefined): boolean {
  if (terms.length === 0) return false
  for (const t of terms) if (!termMatches(t, pod, nsLabels)) return false
  return true
}

/** topologyToMatchedTermCount: `key\u0000value` → count. */
class TopologyCounts {
  readonly m = new Map<string, number>()
  update(node: NodeInfo, key: string, delta: number): void {
    const v = node.labels[key]
    if (v === undefined) return
    const k = `${key}\u0000${v}`
    const n = (this.m.get(k) ?? 0) + delta
    if (n === 0) this.m.delete(k)
    else this.m.set(k, n)
  }
  get(key: string, value: string): number {
    return this.m.get(`${key}\u0000${value}`) ?? 0
  }
  clone(): TopologyCounts {
    const c = new TopologyCounts()
    for (const [k, v] of this.m) c.m.set(k, v)
    return c
  }
}

class State {
  constructor(
    readonly affinity: AffinityTerm[],
    readonly antiAffinity: AffinityTerm[],
    readonly nsLabels: Readonly<Record<string, string>> | undefined,
    readonly existingAnti: TopologyCounts,
    readonly affinityCounts: TopologyCounts,
    readonly antiCounts: TopologyCounts
  ) {}

  clone(): State {
    return new State(this.affinity, this.antiAffinity, this.nsLabels, this.existingAnti.clone(), this.affinityCounts.clone(), this.antiCounts.clone())
  }

  /** updateWithPod: a pod placed on (delta 1) or removed from (−1) a what-if node. */
  update(pod: PodInfo, other: PodInfo, node: NodeInfo, delta: number): void {
    const otherTerms = parseTerms(other, other.pod.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution, undefined)
    for (const t of otherTerms) if (termMatches(t, pod, this.nsLabels)) this.existingAnti.update(node, t.topologyKey, delta)
    if (matchesAll(this.affinity, other, undefined)) for (const t of this.affinity) this.affinityCounts.update(node, t.topologyKey, delta)
    for (const t of this.antiAffinity) if (termMatches(t, other, undefined)) this.antiCounts.update(node, t.topologyKey, delta)
  }
}

const stateKey = newStateKey<State>()

/**
 * InterPodAffinity, required terms (the basic form: no preferred-term
 * scoring). Filter: the node's domain must hold pods matching the pod's
 * affinity terms (a pod matching its own terms may start a group), must not
 * hold pods matching its anti-affinity terms, and placing it must not break
 * the required anti-affinity of pods already placed.
 */
export function createInterPodAffinity(handle: Handle): PreFilterPlugin & FilterPlugin {
  return {
    name,
    events: [ClusterEvents.AssignedPodAdd, ClusterEvents.AssignedPodUpdate, ClusterEvents.AssignedPodDelete, ClusterEvents.NodeAdd, ClusterEvents.NodeLabel],
    preFilter(state, pod) {
      const affinity = parseTerms(pod, pod.pod.spec?.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution, handle.listers)
      const anti = parseTerms(pod, pod.pod.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution, handle.listers)
      const nsLabels = handle.listers.namespace(pod.namespace)?.metadata?.labels ?? {}
      const existingAnti = new TopologyCounts()
      for (const node of handle.nodesWithRequiredAntiAffinityPods()) {
        if (!node.hasNode) continue
        for (const p of node.podsWithRequiredAntiAffinity) {
          for (const t of parseTerms(p, p.pod.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution, undefined)) {
            if (termMatches(t, pod, nsLabels)) existingAnti.update(node, t.topologyKey, 1)
          }
        }
      }
      if (existingAnti.m.size === 0 && affinity.length === 0 && anti.length === 0) return skipStatus
      const affinityCounts = new TopologyCounts()
      const antiCounts = new TopologyCounts()
      if (affinity.length || anti.length) {
        for (const node of handle.nodeInfos()) {
          for (const p of node.pods) {
            if (matchesAll(affinity, p, undefined)) for (const t of affinity) affinityCounts.update(node, t.topologyKey, 1)
            for (const t of anti) if (termMatches(t, p, undefined)) antiCounts.update(node, t.topologyKey, 1)
          }
        }
      }
      state.write(stateKey, new State(affinity, anti, nsLabels, existingAnti, affinityCounts, antiCounts))
      return null
    },
    addPod(state, pod, added, node) {
      state.read(stateKey)?.update(pod, added, node, 1)
    },
    removePod(state, pod, removed, node) {
      state.read(stateKey)?.update(pod, removed, node, -1)
    },
    filter(state, pod, node) {
      const s = state.read(stateKey)
      if (!s) return null
      // satisfyPodAffinity
      let podsExist = true
      for (const t of s.affinity) {
        const v = node.labels[t.topologyKey]
        if (v === undefined) return unresolvable(errReasonAffinityRulesNotMatch)
        if (s.affinityCounts.get(t.topologyKey, v) <= 0) podsExist = false
      }
      if (!podsExist && !(s.affinityCounts.m.size === 0 && matchesAll(s.affinity, pod, s.nsLabels))) {
        return unresolvable(errReasonAffinityRulesNotMatch)
      }
      // satisfyPodAntiAffinity
      if (s.antiCounts.m.size) {
        for (const t of s.antiAffinity) {
          const v = node.labels[t.topologyKey]
          if (v !== undefined && s.antiCounts.get(t.topologyKey, v) > 0) return unschedulable(errReasonAntiAffinityRulesNotMatch)
        }
      }
      // satisfyExistingPodsAntiAffinity
      if (s.existingAnti.m.size) {
        for (const [k, v] of Object.entries(node.labels)) if (s.existingAnti.get(k, v) > 0) return unschedulable(errReasonExistingAntiAffinityRulesNotMatch)
      }
      return null
    }
  }
}

/** Builds the plugin on the handle. */
export const factory: PluginFactory = (handle) => createInterPodAffinity(handle)
