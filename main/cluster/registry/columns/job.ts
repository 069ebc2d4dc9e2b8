import type { Job } from 'kubernetes-types/batch/v1'
import { formatLabelSelector } from '../../apimachinery/label-selector'
import type { TableColumn } from '../types'
import { ageColumn, column, containerCells, nameColumn } from './common'
import { docs } from './descriptions'
import { humanDuration, parseTime } from './human-duration'

/**
 * batch/v1 Job's Table columns, as Kubernetes 1.32's printJob: the status
 * from the first terminal condition, completions as succeeded/wanted, and how
 * long the Job ran (until now while it runs).
 */

function hasCondition(job: Job, type: string): boolean {
  return (job.status?.conditions ?? []).some((c) => c.type === type && c.status === 'True')
}

/** printJob's STATUS: Complete, Failed, Terminating, Suspended, FailureTarget, SuccessCriteriaMet or Running. */
export function jobStatusCell(job: Job): string {
  if (hasCondition(job, 'Complete')) return 'Complete'
  if (hasCondition(job, 'Failed')) return 'Failed'
  if (job.metadata?.deletionTimestamp) return 'Terminating'
  if (hasCondition(job, 'Suspended')) return 'Suspended'
  if (hasCondition(job, 'FailureTarget')) return 'FailureTarget'
  if (hasCondition(job, 'SuccessCriteriaMet')) return 'SuccessCriteriaMet'
  return 'Running'
}

/** printJob's COMPLETIONS: `succeeded/completions`, or `succeeded/1 of parallelism` for a work queue Job. */
function completionsCell(job: Job): string {
  const succeeded = job.status?.succeeded ?? 0
  const completions = job.spec?.completions
  if (completions !== undefined && completions !== null) return `${succeeded}/${completions}`
  const parallelism = job.spec?.parallelism ?? 0
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`
}

/** printJob's DURATION: from startTime to completionTime, or to now while running; empty before it starts. */
function durationCell(job: Job, now: number): string {
  const start = parseTime(job.status?.startTime)
  if (start === undefined) return ''
  const end = parseTime(job.status?.completionTime)
  return humanDuration((end ?? now) - start)
}

export const jobColumns: TableColumn<Job>[] = [
  nameColumn(),
  column('Status', 'Status of the job.', jobStatusCell),
  column('Completions', 'The completion status of the job.', completionsCell),
  column('Duration', 'Time required to complete the job.', durationCell),
  ageColumn(),
  column('Containers', docs.containers, (j) => containerCells(j.spec?.template?.spec?.containers).names, 1),
  column('Images', docs.images, (j) => containerCells(j.spec?.template?.spec?.containers).images, 1),
  column('Selector', 'A label query over pods that should match the pod count. Normally, the system sets this field for you. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors', (j) => formatLabelSelector(j.spec?.selector), 1)
]
