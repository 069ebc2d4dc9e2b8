import type { CronJob, CronJobSpec } from 'kubernetes-types/batch/v1'
import { type FieldError, field, path } from '../../apimachinery/field-errors'
import { nameIsDNSSubdomain } from '../../apimachinery/validation'
import type { ResourceDefinition } from '../types'
import { cronJobColumns } from '../columns/cronjob'
import { defaultPodTemplateSpec } from './pod-spec'
import { validateNonnegative } from '../validation/numbers'
import { validateCoreObjectMeta } from '../validation/object-meta'
import { parseCronSchedule } from './cronjob-schedule'
import { validateJobSpec } from './job'
import { templateWarnings } from './pod-spec/write-warnings'

/**
 * batch/v1 CronJob: defaults as SetDefaults_CronJob (concurrencyPolicy Allow,
 * suspend false, history limits 3 and 1), validation as ValidateCronJob (a
 * standard cron schedule, a valid job template, a name short enough for the
 * Jobs it names `<name>-<minutes>`).
 */

const isSet = <T>(v: T | null | undefined): v is T => v !== undefined && v !== null

function validateSpec(spec: Partial<CronJobSpec>): FieldError[] {
  const sp = path('spec')
  const errs: FieldError[] = []
  if (!spec.schedule) errs.push(field.required(sp.child('schedule').toString()))
  else {
    try {
      parseCronSchedule(spec.schedule)
    } catch (e) {
      errs.push(field.invalid(sp.child('schedule').toString(), spec.schedule, e instanceof Error ? e.message : String(e)))
    }
  }
  if (isSet(spec.concurrencyPolicy) && !['Allow', 'Forbid', 'Replace'].includes(spec.concurrencyPolicy)) {
    errs.push(field.notSupported(sp.child('concurrencyPolicy').toString(), spec.concurrencyPolicy, ['Allow', 'Forbid', 'Replace']))
  }
  for (const k of ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit'] as const) errs.push(...validateNonnegative(spec[k] ?? undefined, sp.child(k)))
  errs.push(...validateJobSpec(spec.jobTemplate?.spec ?? {}, sp.child('jobTemplate', 'spec'), true))
  return errs
}

function validateCronJob(cj: CronJob): FieldError[] {
  const errs = validateCoreObjectMeta(cj.metadata, true, nameIsDNSSubdomain, path('metadata'))
  // The Jobs are named <name>-<11 digits>, and label values stop at 63 characters.
  const name = cj.metadata?.name ?? ''
  if (name.length > 52) errs.push(field.invalid('metadata.name', name, 'must be no more than 52 characters'))
  return [...errs, ...validateSpec(cj.spec ?? {})]
}

export const cronJobDefinition: ResourceDefinition<CronJob> = {
  group: 'batch',
  version: 'v1',
  kind: 'CronJob',
  plural: 'cronjobs',
  singular: 'cronjob',
  shortNames: ['cj'],
  categories: ['all'],
  namespaced: true,
  hasStatus: true,
  tableColumns: cronJobColumns,
  tracksGeneration: true,

  defaults(cj) {
    const spec = (cj.spec ??= {} as CronJobSpec)
    if (!isSet(spec.concurrencyPolicy)) spec.concurrencyPolicy = 'Allow'
    if (!isSet(spec.suspend)) spec.suspend = false
    if (!isSet(spec.successfulJobsHistoryLimit)) spec.successfulJobsHistoryLimit = 3
    if (!isSet(spec.failedJobsHistoryLimit)) spec.failedJobsHistoryLimit = 1
    spec.jobTemplate ??= {}
    const jobSpec = (spec.jobTemplate.spec ??= { template: {} })
    jobSpec.template ??= {}
    defaultPodTemplateSpec(jobSpec.template)
  },

  prepareForCreate(cj) {
    cj.status = {}
  },

  validate: validateCronJob,
  warnings: templateWarnings<CronJob>(['spec', 'jobTemplate', 'spec', 'template']),

  validateStatusUpdate() {
    return []
  }
}
