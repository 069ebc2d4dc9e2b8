import type { Deployment, DeploymentCondition, DeploymentStatus } from 'kubernetes-types/apps/v1'
import { desiredReplicas } from './fenceposts'

/**
 * Deployment conditions as `kubectl rollout status` and `kubectl describe`
 * read them: Available (minimum availability) and Progressing (rollout
 * progress against progressDeadlineSeconds), with Kubernetes' reasons.
 */

/** Condition reasons (deployment/util). */
export const Reasons = {
  /** Progressing: one of the ReplicaSets was scaled as part of the rollout. */
  replicaSetUpdated: 'ReplicaSetUpdated',
  /** Progressing=False: the new ReplicaSet could not be created. */
  failedRSCreate: 'ReplicaSetCreateError',
  /** Progressing: the Deployment created its new ReplicaSet. */
  newReplicaSet: 'NewReplicaSetCreated',
  /** Progressing: the Deployment found (adopted) its new ReplicaSet. */
  foundNewRS: 'FoundNewReplicaSet',
  /** Progressing: the new ReplicaSet is complete and available. */
  newRSAvailable: 'NewReplicaSetAvailable',
  /** Progressing=False: no progress within progressDeadlineSeconds. */
  timedOut: 'ProgressDeadlineExceeded',
  /** Progressing=Unknown: paused, so no deadline runs. */
  paused: 'DeploymentPaused',
  /** Progressing=Unknown: resumed; the deadline starts again. */
  resumed: 'DeploymentResumed',
  /** Available=True. */
  minimumReplicasAvailable: 'MinimumReplicasAvailable',
  /** Available=False. */
  minimumReplicasUnavailable: 'MinimumReplicasUnavailable'
} as const

/** Go's math.MaxInt32: a deadline of that many seconds means "no deadline". */
const maxInt32 = 2147483647

/** NewDeploymentCondition, stamped with cluster time. */
export function newCondition(type: string, status: 'True' | 'False' | 'Unknown', reason: string, message: string, now: string): DeploymentCondition {
  return { type, status, lastUpdateTime: now, lastTransitionTime: now, reason, message }
}

/** GetDeploymentCondition. */
export function getCondition(status: DeploymentStatus | undefined, type: string): DeploymentCondition | undefined {
  return status?.conditions?.find((c) => c.type === type)
}

/**
 * SetDeploymentCondition: replaces the condition of that type unless status
 * and reason are unchanged; a change of reason alone keeps lastTransitionTime.
 */
export function setCondition(status: DeploymentStatus, condition: DeploymentCondition): void {
  const current = getCondition(status, condition.type)
  if (current && current.status === condition.status && current.reason === condition.reason) return
  const next = { ...condition }
  if (current && current.status === condition.status) next.lastTransitionTime = current.lastTransitionTime
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== condition.type), next]
}

/** RemoveDeploymentCondition. */
export function removeCondition(status: DeploymentStatus, type: string): void {
  const rest = (status.conditions ?? []).filter((c) => c.type !== type)
  if (rest.length) status.conditions = rest
  else delete status.conditions
}

/** HasProgressDeadline: a deadline is set and is not "forever". */
export function hasProgressDeadline(d: Deployment): boolean {
  const s = d.spec?.progressDeadlineSeconds
  return s !== undefined && s !== null && s !== maxInt32
}

/** DeploymentComplete: every desired replica updated and available, no old pods, the latest spec observed. */
export function deploymentComplete(d: Deployment, status: DeploymentStatus): boolean {
  const desired = desiredReplicas(d)
  return (
    (status.updatedReplicas ?? 0) === desired &&
    (status.replicas ?? 0) === desired &&
    (status.availableReplicas ?? 0) === desired &&
    (status.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0)
  )
}

/** DeploymentProgressing: new pods scaled up, became ready or available, or old pods went away. */
export function deploymentProgressing(d: Deployment, status: DeploymentStatus): boolean {
  const old = d.status ?? {}
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0)
  const newOld = (status.replicas ?? 0) - (status.updatedReplicas ?? 0)
  return (
    (status.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (status.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (status.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  )
}

/**
 * DeploymentTimedOut: the Progressing condition last moved longer than
 * progressDeadlineSeconds ago (or already says so). A completed rollout
 * never times out: its condition only looks old.
 */
export function deploymentTimedOut(d: Deployment, status: DeploymentStatus, now: number): boolean {
  if (!hasProgressDeadline(d)) return false
  const condition = getCondition(status, 'Progressing')
  if (!condition) return false
  if (condition.reason === Reasons.newRSAvailable) return false
  if (condition.reason === Reasons.timedOut) return true
  const from = Date.parse(condition.lastUpdateTime ?? '')
  if (Number.isNaN(from)) return false
  return from + (d.spec?.progressDeadlineSeconds ?? 0) * 1000 < now
}
