import type { Job, JobSpec, JobStatus } from 'kubernetes-types/batch/v1'
import { type FieldError, type FieldPath, field, path } from '../../apimachinery/field-errors'
import { validateLabelSelector } from '../../apimachinery/label-selector'
import type { Mutable, ObjectMetadata } from '../../apimachinery/types'
import { nameIsDNSSubdomain } from '../../apimachinery/validation'
import type { ResourceDefinition } from '../types'
import { jobColumns } from '../columns/job'
import { defaultPodTemplateSpec, validatePodTemplateSpec } from './pod-spec'
import { semanticEqual } from '../validation/equality'
import { validateNonnegative } from '../validation/numbers'
import { validateCoreObjectMeta } from '../validation/object-meta'
import { goInvalid, selectorMismatch, selectorOf, validateSelectorImmutable } from './replicaset'
import { templateWarnings } from './pod-spec/write-warnings'

/**
 * batch/v1 Job: defaults as SetDefaults_Job, strategy as pkg/registry/batch/job
 * (the selector generated from the Job's uid unless manualSelector), validation
 * as ValidateJob (restartPolicy OnFailure or Never, template immutable).
 */

export const controllerUidLabel = 'batch.kubernetes.io/controller-uid'
export const legacyControllerUidLabel = 'controller-uid'
export const jobNameLabel = 'batch.kubernetes.io/job-name'
export const legacyJobNameLabel = 'job-name'

const isSet = <T>(v: T | null | undefined): v is T => v !== undefined && v !== null

/**
 * generateSelector: the labels that tie the Job's pods to this Job (its uid
 * and name, in the batch.kubernetes.io and the legacy keys) go on the
 * template, and the selector matches the uid.
 */
function generateSelector(job: Job): void {
  const uid = job.metadata?.uid ?? ''
  const name = job.metadata?.name ?? ''
  const spec = job.spec as Mutable<JobSpec>
  const meta = (spec.template.metadata ??= {}) as ObjectMetadata
  meta.labels = { ...(meta.labels ?? {}) }
  for (const [key, value] of [
    [controllerUidLabel, uid],
    [legacyControllerUidLabel, uid],
    [jobNameLabel, name],
    [legacyJobNameLabel, name]
  ]) {
    if (meta.labels[key] === undefined) meta.labels[key] = value
  }
  spec.selector ??= { matchLabels: { [controllerUidLabel]: uid } }
  copyTemplateLabels(job)
}

/** SetDefaults_Job: a Job without labels of its own takes its template's (the stored Job is defaulted again when read). */
function copyTemplateLabels(job: Job): void {
  const labels = job.spec?.template?.metadata?.labels
  const meta = (job.metadata ??= {}) as ObjectMetadata
  if (labels && Object.keys(labels).length && Object.keys(meta.labels ?? {}).length === 0) meta.labels = { ...labels }
}

/** ValidateJobSpec; a CronJob's job template (`inTemplate`) has no selector yet. */
export function validateJobSpec(spec: Partial<JobSpec>, sp: FieldPath, inTemplate = false): FieldError[] {
  const errs: FieldError[] = []
  for (const k of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished'] as const) {
    errs.push(...validateNonnegative(spec[k] ?? undefined, sp.child(k)))
  }
  if (isSet(spec.activeDeadlineSeconds) && spec.activeDeadlineSeconds <= 0) errs.push(field.invalid(sp.child('activeDeadlineSeconds').toString(), spec.activeDeadlineSeconds, 'must be greater than 0'))
  if (!spec.selector) {
    if (!inTemplate) errs.push(field.required(sp.child('selector').toString()))
  } else {
    errs.push(...validateLabelSelector(spec.selector, sp.child('selector')))
    const selector = selectorOf(spec.selector)
    if (selector && !selector.matches(spec.template?.metadata?.labels)) errs.push(selectorMismatch(spec.template, sp.child('template')))
  }
  if (isSet(spec.completionMode) && spec.completionMode !== 'NonIndexed' && spec.completionMode !== 'Indexed') {
    errs.push(field.notSupported(sp.child('completionMode').toString(), spec.completionMode, ['NonIndexed', 'Indexed']))
  }
  if (isSet(spec.podReplacementPolicy) && spec.podReplacementPolicy !== 'TerminatingOrFailed' && spec.podReplacementPolicy !== 'Failed') {
    errs.push(field.notSupported(sp.child('podReplacementPolicy').toString(), spec.podReplacementPolicy, ['Failed', 'TerminatingOrFailed']))
  }
  const tp = sp.child('template')
  errs.push(...validatePodTemplateSpec(spec.template ?? {}, tp))
  const rp = spec.template?.spec?.restartPolicy ?? ''
  if (rp !== 'OnFailure' && rp !== 'Never') errs.push(field.notSupported(tp.child('spec', 'restartPolicy').toString(), rp, ['OnFailure', 'Never']))
  return errs
}

function validateJob(job: Job): FieldError[] {
  return [...validateCoreObjectMeta(job.metadata, true, nameIsDNSSubdomain, path('metadata')), ...validateJobSpec(job.spec ?? {}, path('spec'))]
}

function validateStatus(job: Job): FieldError[] {
  const s: Partial<JobStatus> = job.status ?? {}
  const st = path('status')
  const errs: FieldError[] = []
  for (const k of ['active', 'succeeded', 'failed', 'ready', 'terminating'] as const) errs.push(...validateNonnegative(s[k] ?? undefined, st.child(k)))
  return errs
}

export const jobDefinition: ResourceDefinition<Job> = {
  group: 'batch',
  version: 'v1',
  kind: 'Job',
  plural: 'jobs',
  singular: 'job',
  shortNames: [],
  categories: ['all'],
  namespaced: true,
  hasStatus: true,
  tableColumns: jobColumns,
  tracksGeneration: true,

  defaults(job) {
    const spec = (job.spec ??= {} as JobSpec)
    // SetDefaults_Job: a Job without completions and parallelism runs one pod to one completion.
    if (!isSet(spec.completions) && !isSet(spec.parallelism)) {
      spec.completions = 1
      spec.parallelism = 1
    }
    if (!isSet(spec.parallelism)) spec.parallelism = 1
    if (!isSet(spec.backoffLimit)) spec.backoffLimit = 6
    if (!isSet(spec.completionMode)) spec.completionMode = 'NonIndexed'
    if (!isSet(spec.suspend)) spec.suspend = false
    if (!isSet(spec.podReplacementPolicy)) spec.podReplacementPolicy = 'TerminatingOrFailed'
    spec.template ??= {}
    defaultPodTemplateSpec(spec.template)
    copyTemplateLabels(job)
  },

  prepareForCreate(job) {
    // The controller owns status; a new Job has none yet.
    ;(job as Mutable<Job>).status = {}
  },

  warnings: templateWarnings<Job>(['spec', 'template']),
  validate(job) {
    // As the apiserver's Validate: the uid exists by now, so the selector is generated here.
    if (job.spec && job.spec.manualSelector !== true) generateSelector(job)
    return validateJob(job)
  },

  validateUpdate(job, old) {
    const errs = validateJob(job)
    errs.push(...validateSelectorImmutable(job.spec?.selector, old.spec?.selector, path('spec', 'selector')))
    if (!semanticEqual(job.spec?.template, old.spec?.template)) {
      // Go prints the whole internal template (%#v); its type name stands for it here.
      errs.push(goInvalid(path('spec', 'template'), 'core.PodTemplateSpec{...}', 'field is immutable'))
    }
    if (isSet(old.spec?.completions) && job.spec?.completions !== old.spec?.completions) {
      errs.push(field.invalid('spec.completions', job.spec?.completions ?? null, 'field is immutable'))
    }
    return errs
  },

  validateStatusUpdate(job) {
    return validateStatus(job)
  }
}
