import type { Job, JobCondition, JobStatus } from 'kubernetes-types/batch/v1'
import type { Pod } from 'kubernetes-types/core/v1'

/**
 * What the Job controller reads off a Job's pods and writes into its status,
 * as pkg/controller/job does for a NonIndexed Job: counts, the ready pods,
 * and the terminal conditions (1.32 first adds SuccessCriteriaMet or
 * FailureTarget, then Complete or Failed once no pod is left running).
 */

export const backoffLimitReason = 'BackoffLimitExceeded'
export const backoffLimitMessage = 'Job has reached the specified backoff limit'
export const deadlineExceededReason = 'DeadlineExceeded'
export const deadlineExceededMessage = 'Job was active longer than specified deadline'
export const completionsReason = 'CompletionsReached'
export const completionsMessage = 'Reached expected number of succeeded pods'

export interface PodTally {
  /** Pods not yet terminal and not being deleted. */
  active: Pod[]
  ready: number
  terminating: number
  succeeded: number
  failed: number
  /** Container restarts of active pods (they count against backoffLimit with restartPolicy OnFailure). */
  restarts: number
}

function isReady(pod: Pod): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')
}

/** Sorts a Job's pods by what they tell the controller. */
export function tallyPods(pods: readonly Pod[]): PodTally {
  const t: PodTally = { active: [], ready: 0, terminating: 0, succeeded: 0, failed: 0, restarts: 0 }
  for (const pod of pods) {
    const phase = pod.status?.phase
    if (phase === 'Succeeded') t.succeeded++
    else if (phase === 'Failed') t.failed++
    else if (pod.metadata?.deletionTimestamp) t.terminating++
    else {
      t.active.push(pod)
      if (isReady(pod)) t.ready++
      for (const c of pod.status?.containerStatuses ?? []) t.restarts += c.restartCount ?? 0
    }
  }
  return t
}

export function hasCondition(job: Job, type: string): boolean {
  return (job.status?.conditions ?? []).some((c) => c.type === type && c.status === 'True')
}

/** Whether the Job has finished (Complete or Failed): nothing more is created. */
export function isFinished(job: Job): boolean {
  return hasCondition(job, 'Complete') || hasCondition(job, 'Failed')
}

export function condition(type: string, reason: string, message: string, now: string): JobCondition {
  return { type, status: 'True', lastProbeTime: now, lastTransitionTime: now, reason, message }
}

/** Adds a condition unless the Job already has it true. */
export function withCondition(status: JobStatus, c: JobCondition): JobStatus {
  const conditions = status.conditions ?? []
  if (conditions.some((x) => x.type === c.type && x.status === 'True')) return status
  return { ...status, conditions: [...conditions, c] }
}

/** Sets a condition, replacing one of the same type. */
export function setCondition(status: JobStatus, c: JobCondition): JobStatus {
  return { ...status, conditions: [...(status.conditions ?? []).filter((x) => x.type !== c.type), c] }
}
