import type { Pod } from 'kubernetes-types/core/v1'
import type { Selector } from '../../apimachinery/label-selector'
import type { Informer } from '../../client/informer'
import type { IndexFunc } from '../../client/indexer'
import { IndexNames, labelIndexValue } from '../../client/indexer-builtins'
import { controllerRefOf, isPodActive } from './pod-state'

/**
 * Finds pods through the informer's indexes, never by scanning every pod:
 * the label index narrows a selector to the pods carrying one of its exact
 * `key=value` terms, the namespace index covers selectors without one.
 */

/** The pods in namespace that selector matches. */
export function podsMatching(pods: Informer<Pod>, namespace: string, selector: Selector): Pod[] {
  if (selector.matchesNothing) return []
  let narrowest: Pod[] | undefined
  for (const r of selector.requirements) {
    const value = selector.requiresExactMatch(r.key)
    if (value === undefined) continue
    const found = pods.byIndex(IndexNames.label, labelIndexValue(r.key, value))
    if (!narrowest || found.length < narrowest.length) narrowest = found
  }
  const candidates = narrowest ?? pods.byIndex(IndexNames.namespace, namespace)
  return candidates.filter((p) => p.metadata?.namespace === namespace && selector.matches(p.metadata?.labels))
}

/** Active pods by the uid of their controller: the pods an owner already controls. */
const activeByController = 'replica-manager:active-by-controller-uid'
/** Active pods without a controller, by namespace: the pods an owner might adopt. */
const activeOrphans = 'replica-manager:active-orphans-by-namespace'

const claimIndexers: Record<string, IndexFunc<Pod>> = {
  [activeByController]: (pod) => {
    const ref = isPodActive(pod) ? controllerRefOf(pod) : undefined
    return ref ? [ref.uid] : []
  },
  [activeOrphans]: (pod) => (isPodActive(pod) && !controllerRefOf(pod) ? [pod.metadata?.namespace ?? ''] : [])
}

/** Adds the indexes claimCandidates reads to the shared pod informer, once. */
export function addClaimIndexes(pods: Informer<Pod>): void {
  if (!pods.hasIndex(activeByController)) pods.addIndexers(claimIndexers)
}

/**
 * The active pods a claim can end up with: those the owner controls in its
 * namespace, and the orphans there its selector matches. The same pods
 * claimPods keeps or adopts from podsForOwner's active ones (pods controlled
 * by others are skipped there anyway), found without visiting every pod the
 * selector matches, so a sync costs what the owner has, not what the namespace has.
 */
export function claimCandidates(pods: Informer<Pod>, namespace: string, selector: Selector, ownerUid: string): Pod[] {
  const out: Pod[] = []
  for (const p of pods.byIndex(activeByController, ownerUid)) if (p.metadata?.namespace === namespace) out.push(p)
  for (const p of pods.byIndex(activeOrphans, namespace)) if (selector.matches(p.metadata?.labels)) out.push(p)
  return out
}

/** Whether an orphan in namespace is there for the selector to adopt. */
export function hasAdoptable(pods: Informer<Pod>, namespace: string, selector: Selector): boolean {
  return pods.byIndex(activeOrphans, namespace).some((p) => selector.matches(p.metadata?.labels))
}
