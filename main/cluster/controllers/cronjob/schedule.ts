import type { Job } from 'kubernetes-types/batch/v1'
import { type CronSchedule, nextCronTime } from '../../registry/kinds/cronjob-schedule'

/** The annotation a CronJob's Job carries: the time it was scheduled for (RFC 3339). */
export const scheduledTimestampAnnotation = 'batch.kubernetes.io/cronjob-scheduled-timestamp'

/** How many missed times are walked through at most (the controller then warns TooManyMissedTimes in Kubernetes). */
const maxMissed = 100_000

/** The latest scheduled time after `earliest` and not after `now`, if any. */
export function mostRecentSchedule(s: CronSchedule, earliest: number, now: number): number | undefined {
  if (Number.isNaN(earliest)) return undefined
  let last: number | undefined
  let t = nextCronTime(s, earliest)
  for (let i = 0; t !== undefined && t <= now && i < maxMissed; i++) {
    last = t
    t = nextCronTime(s, t)
  }
  return last
}

/** 'Complete' or 'Failed' when the Job has finished. */
export function finishedCondition(job: Job): 'Complete' | 'Failed' | undefined {
  for (const c of job.status?.conditions ?? []) {
    if (c.status === 'True' && (c.type === 'Complete' || c.type === 'Failed')) return c.type
  }
  return undefined
}
