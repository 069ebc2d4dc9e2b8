import type { Pod } from 'kubernetes-types/core/v1'
import { labelSelectorFromObject, selectorFromSet, type Selector } from '../../../apimachinery/label-selector'
import type { Listers } from '../../framework/interface'

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
  try {
    if (owner.apiVersion === 'v1' && owner.kind === 'ReplicationController') {
      const rc = listers.replicationController(ns, owner.name)
      if (rc) selector = selectorFromSet({ ...labelSet, ...(rc.spec?.selector ?? {}) })
    } else if (owner.apiVersion === 'apps/v1' && (owner.kind === 'ReplicaSet' || owner.kind === 'StatefulSet')) {
      const set = owner.kind === 'ReplicaSet' ? listers.replicaSet(ns, owner.name) : listers.statefulSet(ns, owner.name)
      if (set) selector = selector.add(...labelSelectorFromObject(set.spec?.selector).requirements)
    }
  } catch {
    // A selector that does not parse adds nothing, as the Go helper ignores the error.
  }
  return selector
}
