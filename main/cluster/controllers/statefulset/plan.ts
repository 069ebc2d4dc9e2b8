import type { StatefulSet, StatefulSetStatus } from 'kubernetes-types/apps/v1'
import type { Pod } from 'kubernetes-types/core/v1'
import { isPodAvailable, isPodReady } from '../replica-manager/pod-state'
import { ordinalOf, revisionLabel, startOrdinal } from './identity'

/**
 * One sync's decisions for a StatefulSet (updateStatefulSet in
 * pkg/controller/statefulset/stateful_set_control.go): which ordinals to
 * create (at which revision), which pods to delete, and the status. With
 * OrderedReady, ordinal i is created only once 0..i-1 are Running and Ready,
 * scale-down removes the highest ordinal first, one at a time, and a rolling
 * update replaces pods from the highest ordinal down to the partition, each
 * after the one before is Ready again; Parallel does not wait.
 */

export interface Plan {
  /** Ordinals to create, with the revision name each pod is made from. */
  create: Array<{ ordinal: number; revision: string }>
  /** Pods to delete. */
  delete: Pod[]
  status: StatefulSetStatus
}

const isTerminating = (p: Pod): boolean => !!p.metadata?.deletionTimestamp
const isFailed = (p: Pod): boolean => p.status?.phase === 'Failed' || p.status?.phase === 'Succeeded'
const isRunningAndReady = (p: Pod): boolean => p.status?.phase === 'Running' && isPodReady(p)
const revisionOf = (p: Pod): string => p.metadata?.labels?.[revisionLabel] ?? ''

/** The pods of set by slot: `replicas` holds ordinals start..start+n-1 (holes undefined), `condemned` the rest, highest first. */
function slots(set: StatefulSet, pods: readonly Pod[]): { replicas: Array<Pod | undefined>; condemned: Pod[] } {
  const start = startOrdinal(set)
  const n = set.spec?.replicas ?? 1
  const replicas: Array<Pod | undefined> = new Array(n).fill(undefined)
  const condemned: Pod[] = []
  for (const pod of pods) {
    const ord = ordinalOf(set, pod)
    if (ord === undefined) continue
    if (ord >= start && ord < start + n) replicas[ord - start] = pod
    else condemned.push(pod)
  }
  condemned.sort((a, b) => (ordinalOf(set, b) ?? 0) - (ordinalOf(set, a) ?? 0))
  return { replicas, condemned }
}

/** computeReplicaStatus plus the rollout's completion (completeRollingUpdate). */
export function computeStatus(set: StatefulSet, pods: readonly Pod[], current: string, update: string, now: number): StatefulSetStatus {
  const minReady = set.spec?.minReadySeconds ?? 0
  let replicas = 0
  let ready = 0
  let available = 0
  let currentReplicas = 0
  let updated = 0
  for (const pod of pods) {
    if (ordinalOf(set, pod) === undefined) continue
    if (pod.status?.phase) replicas++
    if (isRunningAndReady(pod)) {
      ready++
      if (isPodAvailable(pod, minReady, now)) available++
    }
    if (pod.status?.phase && !isTerminating(pod)) {
      if (revisionOf(pod) === current) currentReplicas++
      if (revisionOf(pod) === update) updated++
    }
  }
  const status: StatefulSetStatus = {
    observedGeneration: set.metadata?.generation,
    replicas,
    readyReplicas: ready,
    currentReplicas,
    updatedReplicas: updated,
    availableReplicas: available,
    currentRevision: current,
    updateRevision: update,
    collisionCount: set.status?.collisionCount ?? 0
  }
  if (set.spec?.updateStrategy?.type === 'RollingUpdate' && updated === replicas && ready === replicas) {
    status.currentReplicas = updated
    status.currentRevision = update
  }
  return status
}

/** The pods to create and delete in this sync. */
export function planStatefulSet(set: StatefulSet, pods: readonly Pod[], current: string, update: string): Omit<Plan, 'status'> {
  const monotonic = set.spec?.podManagementPolicy !== 'Parallel'
  const start = startOrdinal(set)
  const { replicas, condemned } = slots(set, pods)
  const plan: Omit<Plan, 'status'> = { create: [], delete: [] }
  const strategy = set.spec?.updateStrategy
  const partition = strategy?.type === 'RollingUpdate' ? (strategy.rollingUpdate?.partition ?? 0) : 0
  // newVersionedStatefulSetPod: below the partition a pod keeps the current revision.
  const revisionFor = (i: number): string => (strategy?.type === 'RollingUpdate' && i < partition ? current : update)

  for (let i = 0; i < replicas.length; i++) {
    const pod = replicas[i]
    if (pod && isFailed(pod) && !isTerminating(pod)) {
      // A failed pod is deleted and made again at its ordinal.
      plan.delete.push(pod)
      if (monotonic) return plan
      continue
    }
    if (!pod) {
      plan.create.push({ ordinal: start + i, revision: revisionFor(i) })
      if (monotonic) return plan
      continue
    }
    if (monotonic && (isTerminating(pod) || !isRunningAndReady(pod))) return plan
  }

  const unhealthy = (p: Pod): boolean => !isRunningAndReady(p) || isTerminating(p)
  const firstUnhealthy = [...replicas, ...[...condemned].reverse()].find((p) => p && unhealthy(p))
  for (const pod of condemned) {
    if (isTerminating(pod)) {
      if (monotonic) return plan
      continue
    }
    if (monotonic && !isRunningAndReady(pod) && pod !== firstUnhealthy) return plan
    plan.delete.push(pod)
    if (monotonic) return plan
  }
  if (plan.delete.length > 0 || condemned.length > 0) return plan
  if (strategy?.type !== 'RollingUpdate') return plan

  for (let i = replicas.length - 1; i >= partition; i--) {
    const pod = replicas[i]
    if (!pod) return plan
    if (revisionOf(pod) !== update && !isTerminating(pod)) {
      plan.delete.push(pod)
      return plan
    }
    if (unhealthy(pod)) return plan
  }
  return plan
}
