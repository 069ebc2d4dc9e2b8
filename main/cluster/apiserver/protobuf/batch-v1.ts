import { field, list, message, pointer, required } from './descriptor'
import { LabelSelector, ObjectMeta } from './meta-v1'
import { ObjectReference } from './core-v1-refs'
import { PodTemplateSpec } from './core-v1-pod'

/** k8s.io/api/batch/v1 Job and CronJob. */

const BATCH = 'k8s.io.api.batch.v1'

export const PodFailurePolicyOnExitCodesRequirement = message(`${BATCH}.PodFailurePolicyOnExitCodesRequirement`, {
  1: pointer('containerName', 'string'),
  2: required('operator', 'string'),
  3: list('values', 'int32')
})

export const PodFailurePolicyOnPodConditionsPattern = message(`${BATCH}.PodFailurePolicyOnPodConditionsPattern`, {
  1: required('type', 'string'),
  2: required('status', 'string')
})

export const PodFailurePolicyRule = message(`${BATCH}.PodFailurePolicyRule`, {
  1: required('action', 'string'),
  2: pointer('onExitCodes', PodFailurePolicyOnExitCodesRequirement),
  3: list('onPodConditions', PodFailurePolicyOnPodConditionsPattern)
})

export const PodFailurePolicy = message(`${BATCH}.PodFailurePolicy`, {
  1: list('rules', PodFailurePolicyRule)
})

export const SuccessPolicyRule = message(`${BATCH}.SuccessPolicyRule`, {
  1: pointer('succeededIndexes', 'string'),
  2: pointer('succeededCount', 'int32')
})

export const SuccessPolicy = message(`${BATCH}.SuccessPolicy`, {
  1: list('rules', SuccessPolicyRule)
})

export const JobSpec = message(`${BATCH}.JobSpec`, {
  1: pointer('parallelism', 'int32'),
  2: pointer('completions', 'int32'),
  3: pointer('activeDeadlineSeconds', 'int64'),
  4: pointer('selector', LabelSelector),
  5: pointer('manualSelector', 'bool'),
  6: required('template', PodTemplateSpec),
  7: pointer('backoffLimit', 'int32'),
  8: pointer('ttlSecondsAfterFinished', 'int32'),
  9: pointer('completionMode', 'string'),
  10: pointer('suspend', 'bool'),
  11: pointer('podFailurePolicy', PodFailurePolicy),
  12: pointer('backoffLimitPerIndex', 'int32'),
  13: pointer('maxFailedIndexes', 'int32'),
  14: pointer('podReplacementPolicy', 'string'),
  15: pointer('managedBy', 'string'),
  16: pointer('successPolicy', SuccessPolicy)
})

export const JobCondition = message(`${BATCH}.JobCondition`, {
  1: required('type', 'string'),
  2: required('status', 'string'),
  3: field('lastProbeTime', 'Time'),
  4: field('lastTransitionTime', 'Time'),
  5: field('reason', 'string'),
  6: field('message', 'string')
})

export const UncountedTerminatedPods = message(`${BATCH}.UncountedTerminatedPods`, {
  1: list('succeeded', 'string'),
  2: list('failed', 'string')
})

export const JobStatus = message(`${BATCH}.JobStatus`, {
  1: list('conditions', JobCondition),
  2: pointer('startTime', 'Time'),
  3: pointer('completionTime', 'Time'),
  4: field('active', 'int32'),
  5: field('succeeded', 'int32'),
  6: field('failed', 'int32'),
  7: field('completedIndexes', 'string'),
  8: pointer('uncountedTerminatedPods', UncountedTerminatedPods),
  9: pointer('ready', 'int32'),
  10: pointer('failedIndexes', 'string'),
  11: pointer('terminating', 'int32')
})

export const Job = message(`${BATCH}.Job`, {
  1: field('metadata', ObjectMeta),
  2: field('spec', JobSpec),
  3: field('status', JobStatus)
})

export const JobTemplateSpec = message(`${BATCH}.JobTemplateSpec`, {
  1: field('metadata', ObjectMeta),
  2: field('spec', JobSpec)
})

export const CronJobSpec = message(`${BATCH}.CronJobSpec`, {
  1: required('schedule', 'string'),
  2: pointer('startingDeadlineSeconds', 'int64'),
  3: field('concurrencyPolicy', 'string'),
  4: pointer('suspend', 'bool'),
  5: required('jobTemplate', JobTemplateSpec),
  6: pointer('successfulJobsHistoryLimit', 'int32'),
  7: pointer('failedJobsHistoryLimit', 'int32'),
  8: pointer('timeZone', 'string')
})

export const CronJobStatus = message(`${BATCH}.CronJobStatus`, {
  1: list('active', ObjectReference),
  4: pointer('lastScheduleTime', 'Time'),
  5: pointer('lastSuccessfulTime', 'Time')
})

export const CronJob = message(`${BATCH}.CronJob`, {
  1: field('metadata', ObjectMeta),
  2: field('spec', CronJobSpec),
  3: field('status', CronJobStatus)
})
