import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1'
import { Reasons, getCondition, hasProgressDeadline, newCondition, setCondition } from './conditions'
import { type DeploymentSyncContext, writeStatus } from './context'
import { calculateStatus, rolloutStatus, sameStatus, stuckRequeueDelay } from './status'

/**
 * Writing a Deployment's status (sync.go syncDeploymentStatus, progress.go
 * syncRolloutStatus, checkPausedConditions). Each returns when to look
 * again (ms) for a rollout that may miss its deadline, if at all.
 */

/** syncDeploymentStatus: counts and availability only (scaling, paused, deleting). */
export async function syncDeploymentStatus(dc: DeploymentSyncContext, allRSs: Array<ReplicaSet | undefined>, newRS: ReplicaSet | undefined, d: Deployment): Promise<void> {
  const status = calculateStatus(allRSs, newRS, d, dc.clock.rfc3339())
  if (sameStatus(d.status, status)) return
  d.status = status
  await writeStatus(dc, d)
}

/** syncRolloutStatus: also the Progressing condition; returns the delay before a deadline check, if one is due. */
export async function syncRolloutStatus(dc: DeploymentSyncContext, allRSs: Array<ReplicaSet | undefined>, newRS: ReplicaSet | undefined, d: Deployment): Promise<number | undefined> {
  const now = dc.clock.now()
  const status = rolloutStatus(allRSs, newRS, d, now, dc.clock.rfc3339())
  if (sameStatus(d.status, status)) return stuckRequeueDelay(d, status, now)
  d.status = status
  await writeStatus(dc, d)
  return undefined
}

/**
 * checkPausedConditions: Progressing=Unknown while paused (DeploymentPaused)
 * and on resume (DeploymentResumed), so a long pause is not mistaken for a
 * stuck rollout. A timed-out condition is left as it is.
 */
export async function checkPausedConditions(dc: DeploymentSyncContext, d: Deployment): Promise<void> {
  if (!hasProgressDeadline(d)) return
  const cond = getCondition(d.status, 'Progressing')
  if (cond?.reason === Reasons.timedOut) return
  const pausedCondExists = cond?.reason === Reasons.paused
  const now = dc.clock.rfc3339()
  d.status ??= {}
  if (d.spec?.paused && !pausedCondExists) {
    setCondition(d.status, newCondition('Progressing', 'Unknown', Reasons.paused, 'Deployment is paused', now))
  } else if (!d.spec?.paused && pausedCondExists) {
    setCondition(d.status, newCondition('Progressing', 'Unknown', Reasons.resumed, 'Deployment is resumed', now))
  } else {
    return
  }
  await writeStatus(dc, d)
}
