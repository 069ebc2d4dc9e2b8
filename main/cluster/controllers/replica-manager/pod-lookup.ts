import type { Pod } from 'kubernetes-types/core/v1'
import type { Selector } from '../../apimachinery/label-selector'
import type { Informer } from '../../client/informer'
import { IndexNames, labelIndexValue } from '../../client/indexer-builtins'

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

/**
 * The pods an owner must look at: those its selector matches (to keep or
 * adopt) and those that name it as owner (to release when they no longer match).
 */
export function podsForOwner(pods: Informer<Pod>, namespace: string, selector: Selector, ownerUid: string): Pod[] {
  const out = podsMatching(pods, namespace, selector)
  // A pod naming the owner that the selector matches is already out: add only those it does not match.
  for (const p of pods.byIndex(IndexNames.ownerUid, ownerUid)) {
    if (p.metadata?.namespace === namespace && !selector.matches(p.metadata?.labels)) out.push(p)
  }
  return out
}
