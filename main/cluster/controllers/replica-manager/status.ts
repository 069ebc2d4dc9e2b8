import type { Pod } from 'kubernetes-types/core/v1'
import { deepEqual } from '../../apimachinery/validation'
import { selectorFromSet } from '../../apimachinery/label-selector'
import type { ResourceClient } from '../../client/types'
import type { ReplicaCondition, ReplicaOwner, ReplicaStatus } from './kind'
import { availableAt, isPodAvailable, isPodReady } from './pod-state'
import type { PodGroup } from './owned-pod-tally'
import { deepCopy } from '../../apimachinery/deep-copy'

/**
 * The status a replica owner reports (calculateStatus and
 * updateReplicaSetStatus of pkg/controller/replicaset/replica_set_utils.go).
 */

/** The condition type recorded when pods cannot be created or deleted. */
export const replicaFailure = 'ReplicaFailure'

/** What the status reports of the owner's active, claimed pods. */
export interface ReplicaCounts {
  replicas: number
  fullyLabeled: number
  ready: number
  available: number
}

/**
 * Counts the owner's active, claimed pods: all of them, those carrying every
 * template label, the ready ones, and those ready for minReadySeconds.
 */
export function countPods(owner: ReplicaOwner, pods: readonly Pod[], now: number): ReplicaCounts {
  const template = selectorFromSet(owner.spec?.template?.metadata?.labels)
  const minReady = owner.spec?.minReadySeconds ?? 0
  let fullyLabeled = 0
  let ready = 0
  let available = 0
  for (const pod of pods) {
    if (template.matches(pod.metadata?.labels)) fullyLabeled++
    if (isPodReady(pod)) {
      ready++
      // A ready pod is available at once without minReadySeconds; the time check only with it.
      if (minReady <= 0 || isPodAvailable(pod, minReady, now)) available++
    }
  }
  return { replicas: pods.length, fullyLabeled, ready, available }
}

/**
 * countPods for an owner without minReadySeconds (ready is available) whose
 * claimed pods are exactly these groups (see OwnedPodTally).
 */
export function countGroups(owner: ReplicaOwner, groups: readonly PodGroup[]): ReplicaCounts {
  const template = selectorFromSet(owner.spec?.template?.metadata?.labels)
  let replicas = 0
  let fullyLabeled = 0
  let ready = 0
  for (const g of groups) {
    replicas += g.total
    ready += g.ready
    if (template.matches(g.labels)) fullyLabeled += g.total
  }
  return { replicas, fullyLabeled, ready, available: ready }
}

/** The status from the owner's claimed pods; see statusFromCounts. */
export function calculateStatus(owner: ReplicaOwner, pods: readonly Pod[], manageError: unknown, now: number, stamp: string): ReplicaStatus {
  return statusFromCounts(owner, countPods(owner, pods, now), manageError, stamp)
}

/** The status for these counts. A failed create or delete sets ReplicaFailure (kept until a sync succeeds). */
export function statusFromCounts(owner: ReplicaOwner, counts: ReplicaCounts, manageError: unknown, stamp: string): ReplicaStatus {
  const status: ReplicaStatus = deepCopy(owner.status ?? { replicas: 0 })
  const failure = status.conditions?.find((c) => c.type === replicaFailure)
  if (manageError !== undefined && !failure) {
    const diff = counts.replicas - (owner.spec?.replicas ?? 0)
    const reason = diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : ''
    const condition: ReplicaCondition = { type: replicaFailure, status: 'True', lastTransitionTime: stamp, reason, message: messageOf(manageError) }
    status.conditions = [...(status.conditions ?? []), condition]
  } else if (manageError === undefined && failure) {
    status.conditions = status.conditions!.filter((c) => c.type !== replicaFailure)
    if (status.conditions.length === 0) delete status.conditions
  }
  status.replicas = counts.replicas
  status.fullyLabeledReplicas = counts.fullyLabeled
  status.readyReplicas = counts.ready
  status.availableReplicas = counts.available
  return status
}

/**
 * When the owner should be looked at again because a ready pod becomes
 * available by then (ms of cluster time from now); undefined when none will.
 * Kubernetes requeues after minReadySeconds; asking for the exact moment
 * avoids a second round when the ready time falls on the boundary.
 */
export function nextAvailableCheck(owner: ReplicaOwner, pods: readonly Pod[], now: number): number | undefined {
  const minReady = owner.spec?.minReadySeconds ?? 0
  if (minReady <= 0) return undefined
  let next: number | undefined
  for (const pod of pods) {
    if (!isPodReady(pod) || isPodAvailable(pod, minReady, now)) continue
    const at = availableAt(pod, minReady)
    if (at !== undefined && (next === undefined || at < next)) next = at
  }
  return next === undefined ? undefined : Math.max(1, next - now)
}

/** How often a status write is retried with a fresh copy (statusUpdateRetries). */
const statusUpdateRetries = 1

/**
 * Writes status (with observedGeneration) unless it is what the owner
 * already reports; returns the owner as stored afterwards.
 */
export async function writeStatus<T extends ReplicaOwner>(owners: ResourceClient<T>, owner: T, status: ReplicaStatus): Promise<T> {
  const old = owner.status ?? { replicas: 0 }
  const generation = owner.metadata.generation ?? 0
  const same =
    (old.replicas ?? 0) === status.replicas &&
    (old.fullyLabeledReplicas ?? 0) === status.fullyLabeledReplicas &&
    (old.readyReplicas ?? 0) === status.readyReplicas &&
    (old.availableReplicas ?? 0) === status.availableReplicas &&
    (old.observedGeneration ?? 0) === generation &&
    deepEqual(old.conditions ?? [], status.conditions ?? [])
  if (same) return owner
  const next = { ...status, observedGeneration: generation }
  let current = owner
  for (let attempt = 0; ; attempt++) {
    try {
      return await owners.updateStatus({ ...deepCopy(current), status: next })
    } catch (e) {
      if (attempt >= statusUpdateRetries) throw e
      // A stale copy conflicts; the next try uses what is stored now.
      current = await owners.get(owner.metadata.namespace, owner.metadata.name ?? '')
    }
  }
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}
