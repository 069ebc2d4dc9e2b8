import type { StatefulSet } from 'kubernetes-types/apps/v1'
import type { PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1'
import type { OwnerReference } from 'kubernetes-types/meta/v1'
import { startOrdinal } from './identity'

/**
 * persistentVolumeClaimRetentionPolicy (updateClaimOwnerRefForSetAndPod in
 * stateful_set_utils.go): the claims carry plain (non-controller) owner
 * references so that the garbage collector deletes them when the policy
 * says so: to the set when whenDeleted is Delete, to their pod when
 * whenScaled is Delete and the pod's ordinal is beyond spec.replicas.
 * With Retain/Retain a claim refers to neither and outlives both.
 */

function refTo(obj: StatefulSet | Pod, apiVersion: string, kind: string): OwnerReference {
  return { apiVersion, kind, name: obj.metadata?.name ?? '', uid: obj.metadata?.uid ?? '' }
}

/** The owner references claim should have for pod (of ordinal) in set; undefined when it already has them. */
export function retentionRefs(set: StatefulSet, pod: Pod, ordinal: number, claim: PersistentVolumeClaim): OwnerReference[] | undefined {
  const policy = set.spec?.persistentVolumeClaimRetentionPolicy
  const start = startOrdinal(set)
  const scaledDown = ordinal < start || ordinal >= start + (set.spec?.replicas ?? 1)
  const toSet = policy?.whenDeleted === 'Delete' && !(policy.whenScaled === 'Delete' && scaledDown)
  const toPod = policy?.whenScaled === 'Delete' && scaledDown
  const setUid = set.metadata?.uid
  const podUid = pod.metadata?.uid
  const refs = claim.metadata?.ownerReferences ?? []
  let next = refs.filter((r) => (r.uid !== setUid || toSet) && (r.uid !== podUid || toPod))
  if (toSet && !next.some((r) => r.uid === setUid)) next = [...next, refTo(set, 'apps/v1', 'StatefulSet')]
  if (toPod && !next.some((r) => r.uid === podUid)) next = [...next, refTo(pod, 'v1', 'Pod')]
  const same = next.length === refs.length && next.every((r, i) => r === refs[i])
  return same ? undefined : next
}
