import type { StatefulSet } from 'kubernetes-types/apps/v1'
import type { Pod } from 'kubernetes-types/core/v1'
import { labelSelectorFromObject, type Selector } from '../../apimachinery/label-selector'
import type { Informer } from '../../client/informer'
import { IndexNames } from '../../client/indexer-builtins'
import type { ResourceClient } from '../../client/types'
import type { ReplicaOwner, ReplicaOwnerKind } from '../replica-manager/kind'
import { controllerRefOf } from '../replica-manager/pod-state'
import { podsMatching } from '../replica-manager/pod-lookup'
import { claimPods } from '../replica-manager/ref-manager'
import { ordinalOf } from './identity'

/**
 * getPodsForStatefulSet: the pods a StatefulSet controls, after adopting
 * the orphans its selector matches and whose names are its own (`web-3`,
 * left behind by `kubectl delete sts web --cascade=orphan`), and releasing
 * its pods the selector no longer matches (PodControllerRefManager.ClaimPods).
 */

export const statefulSetKind: ReplicaOwnerKind = {
  resource: { group: 'apps', version: 'v1', resource: 'statefulsets' },
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  controllerName: 'statefulset-controller',
  selector: (owner) => labelSelectorFromObject((owner as unknown as StatefulSet).spec?.selector)
}

function selectorOf(set: StatefulSet): Selector | undefined {
  try {
    return labelSelectorFromObject(set.spec?.selector)
  } catch {
    return undefined
  }
}

/** Orphans of the namespace that set would adopt: selected, not being deleted, and named `<set>-<ordinal>` (isMemberOf). */
export function adoptable(pods: Informer<Pod>, set: StatefulSet): Pod[] {
  const selector = selectorOf(set)
  if (!selector || selector.empty()) return []
  return podsMatching(pods, set.metadata?.namespace ?? '', selector).filter((p) => !controllerRefOf(p) && !p.metadata?.deletionTimestamp && ordinalOf(set, p) !== undefined)
}

/** The StatefulSets of the namespace whose selector matches an orphan pod (getPodStatefulSets), to wake them for adoption. */
export function setsForOrphan(sets: Informer<StatefulSet>, pod: Pod): StatefulSet[] {
  return sets.byIndex(IndexNames.namespace, pod.metadata?.namespace ?? '').filter((s) => {
    const selector = selectorOf(s)
    return !!selector && !selector.empty() && selector.matches(pod.metadata?.labels)
  })
}

/** The pods set controls after claiming: owned ones it still selects plus adopted orphans. */
export async function claimSetPods(podClient: ResourceClient<Pod>, setClient: ResourceClient<StatefulSet>, set: StatefulSet, owned: Pod[], orphans: Pod[]): Promise<Pod[]> {
  const selector = selectorOf(set)
  if (!selector) return owned
  const owner = set as unknown as ReplicaOwner
  return claimPods(
    {
      pods: podClient,
      owner,
      kind: statefulSetKind,
      selector,
      // RecheckDeletionTimestamp: a set deleted a moment ago adopts nothing.
      canAdopt: async () => {
        const fresh = await setClient.get(set.metadata?.namespace, set.metadata?.name ?? '')
        if (fresh.metadata?.uid !== set.metadata?.uid) throw new Error(`original StatefulSet ${set.metadata?.namespace}/${set.metadata?.name} is gone`)
        if (fresh.metadata?.deletionTimestamp) throw new Error(`${set.metadata?.namespace}/${set.metadata?.name} has just been deleted`)
      }
    },
    [...owned, ...orphans]
  )
}
