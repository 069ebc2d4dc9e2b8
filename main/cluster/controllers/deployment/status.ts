import type { Deployment, DeploymentCondition, DeploymentStatus, ReplicaSet } from 'kubernetes-types/apps/v1'
import { deepEqual } from '../../apimachinery/validation'
import {
  Reasons,
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  getCondition,
  hasProgressDeadline,
  newCondition,
  removeCondition,
  setCondition
} from './conditions'
import { desiredReplicas, maxUnavailable } from './fenceposts'
import { actualReplicaCount, availableReplicaCount, readyReplicaCount, specReplicaCount } from './replica-sets'

/**
 * A Deployment's status, computed from its ReplicaSets (sync.go
 * calculateStatus, progress.go syncRolloutStatus). Counts are omitted when
 * zero, as the API's omitempty fields are, so `kubectl get -o yaml` reads as
 * on a real cluster.
 */

/** Drops zero counts (omitempty) so stored and computed statuses compare equal. */
function omitZero(status: DeploymentStatus): DeploymentStatus {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(status)) {
    // collisionCount is a pointer in Go: a stored 0 is kept.
    if (v === undefined || v === null || (v === 0 && k !== 'collisionCount')) continue
    if (Array.isArray(v) && v.length === 0) continue
    out[k] = v
  }
  return out as DeploymentStatus
}

/** Whether two statuses say the same (zero counts and absent ones alike). */
export function sameStatus(a: DeploymentStatus | undefined, b: DeploymentStatus | undefined): boolean {
  return deepEqual(omitZero(a ?? {}), omitZero(b ?? {}))
}

/** calculateStatus: counts from the ReplicaSets, and the Available condition. */
export function calculateStatus(allRSs: ReadonlyArray<ReplicaSet | undefined>, newRS: ReplicaSet | undefined, d: Deployment, now: string): DeploymentStatus {
  const available = availableReplicaCount(allRSs)
  // More available than asked for happens while scaling down: nothing is unavailable then.
  const unavailable = Math.max(0, specReplicaCount(allRSs) - available)
  const status: DeploymentStatus = {
    observedGeneration: d.metadata?.generation,
    replicas: actualReplicaCount(allRSs),
    updatedReplicas: actualReplicaCount([newRS]),
    readyReplicas: readyReplicaCount(allRSs),
    availableReplicas: available,
    unavailableReplicas: unavailable,
    collisionCount: d.status?.collisionCount,
    conditions: (d.status?.conditions ?? []).map((c): DeploymentCondition => ({ ...c }))
  }
  if (available >= desiredReplicas(d) - maxUnavailable(d)) {
    setCondition(status, newCondition('Available', 'True', Reasons.minimumReplicasAvailable, 'Deployment has minimum availability.', now))
  } else {
    setCondition(status, newCondition('Available', 'False', Reasons.minimumReplicasUnavailable, 'Deployment does not have minimum availability.', now))
  }
  return omitZero(status)
}

/** ReplicaSetToDeploymentCondition for the ReplicaFailure conditions (the new ReplicaSet's first). */
function replicaFailures(allRSs: ReadonlyArray<ReplicaSet | undefined>, newRS: ReplicaSet | undefined): DeploymentCondition[] {
  const convert = (rs: ReplicaSet | undefined): DeploymentCondition[] =>
    (rs?.status?.conditions ?? [])
      .filter((c) => c.type === 'ReplicaFailure')
      .map((c) => ({ type: c.type, status: c.status, lastTransitionTime: c.lastTransitionTime, lastUpdateTime: c.lastTransitionTime, reason: c.reason, message: c.message }))
  const fromNew = convert(newRS)
  return fromNew.length ? fromNew : allRSs.flatMap(convert)
}

/**
 * syncRolloutStatus's computation: calculateStatus plus the Progressing
 * condition (complete, progressing, or timed out) and ReplicaFailure
 * conditions promoted from the ReplicaSets.
 */
export function rolloutStatus(allRSs: ReadonlyArray<ReplicaSet | undefined>, newRS: ReplicaSet | undefined, d: Deployment, now: number, nowText: string): DeploymentStatus {
  const status = calculateStatus(allRSs, newRS, d, nowText)
  if (!hasProgressDeadline(d)) removeCondition(status, 'Progressing')
  const current = getCondition(d.status, 'Progressing')
  // One active ReplicaSet whose rollout already completed: a resync, nothing to estimate.
  const complete = (status.replicas ?? 0) === (status.updatedReplicas ?? 0) && current?.reason === Reasons.newRSAvailable
  if (hasProgressDeadline(d) && !complete) {
    const subject = newRS ? `ReplicaSet "${newRS.metadata?.name}"` : `Deployment "${d.metadata?.name}"`
    if (deploymentComplete(d, status)) {
      setCondition(status, newCondition('Progressing', 'True', Reasons.newRSAvailable, `${subject} has successfully progressed.`, nowText))
    } else if (deploymentProgressing(d, status)) {
      const condition = newCondition('Progressing', 'True', Reasons.replicaSetUpdated, `${subject} is progressing.`, nowText)
      // Progress with the same reason must still move lastUpdateTime (setCondition would keep the old one).
      if (current) {
        if (current.status === 'True') condition.lastTransitionTime = current.lastTransitionTime
        removeCondition(status, 'Progressing')
      }
      setCondition(status, condition)
    } else if (deploymentTimedOut(d, status, now)) {
      setCondition(status, newCondition('Progressing', 'False', Reasons.timedOut, `${subject} has timed out progressing.`, nowText))
    }
  }
  const failures = replicaFailures(allRSs, newRS)
  if (failures.length) setCondition(status, failures[0])
  else removeCondition(status, 'ReplicaFailure')
  return status
}

/**
 * requeueStuckDeployment: when to look again for a rollout making no
 * progress, in ms (undefined: no need). One second past the deadline, so
 * the check falls after it; at least one second from now.
 */
export function stuckRequeueDelay(d: Deployment, status: DeploymentStatus, now: number): number | undefined {
  const current = getCondition(d.status, 'Progressing')
  if (!hasProgressDeadline(d) || !current) return undefined
  if (deploymentComplete(d, status) || current.reason === Reasons.timedOut) return undefined
  const last = Date.parse(current.lastUpdateTime ?? '')
  if (Number.isNaN(last)) return undefined
  const after = last + (d.spec?.progressDeadlineSeconds ?? 0) * 1000 - now
  return after < 1000 ? 1000 : after + 1000
}
