import type { Pod } from 'kubernetes-types/core/v1'
import type { LabelSelector } from 'kubernetes-types/meta/v1'
import { labelSelectorFromObject, selectorFromSet, type Selector } from '../../../apimachinery/label-selector'
import type { Listers } from '../../framework/interface'

/**
 * Controllers' selectors as parsed, per selector object: a stored object's
 * spec is frozen and shared by its later versions (status writes), so a
 * ReplicaSet's replicas are all spread with one Selector (and the plugins
 * key their per-node counts on it). null: the selector does not parse.
 */
const parsed = new WeakMap<LabelSelector, Selector | null>()

function parseOwnerSelector(sel: LabelSelector | undefined): Selector | null {
  if (!sel) return labelSelectorFromObject(sel)
  let hit = parsed.get(sel)
  if (hit === undefined) {
    try {
      hit = labelSelectorFromObject(sel)
    } catch {
      hit = null
    }
    parsed.set(sel, hit)
  }
  return hit
}

/**
 * helper.DefaultSelector: the pods "like" this one, for spreading when the
 * pod states no topology spread constraints: the selectors of the Services
 * selecting it, plus the selector of its controller if that is a
 * ReplicationController, ReplicaSet or StatefulSet. Empty when none applies.
 */
export function defaultSelector(pod: Pod, listers: Listers): Selector {
  const ns = pod.metadata?.namespace ?? ''
  const podLabels = pod.metadata?.labels ?? {}
  const labelSet: Record<string, string> = {}
  for (const svc of listers.services(ns)) {
    const sel = svc.spec?.selector
    if (!sel || Object.keys(sel).length === 0) continue
    if (Object.entries(sel).every(([k, v]) => podLabels[k] === v)) Object.assign(labelSet, sel)
  }
  let selector = selectorFromSet(labelSet)
  const owner = (pod.metadata?.ownerReferences ?? []).find((r) => r.controller)
  if (!owner) return selector
  if (owner.apiVersion === 'v1' && owner.kind === 'ReplicationController') {
    const rc = listers.replicationController(ns, owner.name)
    if (rc) selector = selectorFromSet({ ...labelSet, ...(rc.spec?.selector ?? {}) })
  } else if (owner.apiVersion === 'apps/v1' && (owner.kind === 'ReplicaSet' || owner.kind === 'StatefulSet')) {
    const set = owner.kind === 'ReplicaSet' ? listers.replicaSet(ns, owner.name) : listers.statefulSet(ns, owner.name)
    // A selector that does not parse adds nothing, as the Go helper ignores the error.
    const own = set ? parseOwnerSelector(set.spec?.selector) : null
    // With no Service's labels to add, the owner's selector is the answer as parsed (already sorted by key).
    if (own) selector = selector.empty() && !own.matchesNothing ? own : selector.add(...own.requirements)
  }
  return selector
}
