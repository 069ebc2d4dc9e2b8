import type { Deployment, DeploymentSpec, DeploymentStatus, DeploymentStrategy } from 'kubernetes-types/apps/v1'
import { type FieldError, type FieldPath, field, path } from '../../apimachinery/field-errors'
import type { Mutable, ObjectMetadata } from '../../apimachinery/types'
import { nameIsDNSSubdomain } from '../../apimachinery/validation'
import type { ResourceDefinition } from '../types'
import { deploymentColumns } from '../columns/workloads'
import { defaultPodTemplateSpec } from './pod-spec'
import { semanticEqual } from '../validation/equality'
import { validateNonnegative } from '../validation/numbers'
import { validateCoreObjectMeta } from '../validation/object-meta'
import {
  goIntOrString,
  goInvalid,
  goNotSupported,
  intOrPercentValue,
  validateNotAbove,
  validateNotMoreThan100Percent,
  validatePositiveIntOrPercent,
  validateSelectorImmutable,
  validateTemplateForReplicaSet,
  validateWorkloadSelector
} from './replicaset'
import { templateWarnings } from './pod-spec/write-warnings'

/**
 * apps/v1 Deployment: defaults as SetDefaults_Deployment (RollingUpdate 25%/25%,
 * revisionHistoryLimit 10, progressDeadlineSeconds 600, one replica), strategy
 * as pkg/registry/apps/deployment, validation as ValidateDeploymentSpec.
 */

/** %#v of the internal apps.DeploymentStrategy, shown for an unknown strategy type. */
function goStrategy(s: DeploymentStrategy): string {
  // A set pointer prints as an address in Go; any fixed one serves the reader as well.
  const ru = s.rollingUpdate ? '(*apps.RollingUpdateDeployment)(0xc000a1c2d0)' : '(*apps.RollingUpdateDeployment)(nil)'
  return `apps.DeploymentStrategy{Type:${JSON.stringify(s.type ?? '')}, RollingUpdate:${ru}}`
}

function validateStrategy(strategy: DeploymentStrategy | undefined, fp: FieldPath): FieldError[] {
  const s = strategy ?? {}
  switch (s.type) {
    case 'Recreate':
      return s.rollingUpdate ? [field.forbidden(fp.child('rollingUpdate').toString(), "may not be specified when strategy `type` is 'Recreate'")] : []
    case 'RollingUpdate': {
      const ru = s.rollingUpdate
      const rp = fp.child('rollingUpdate')
      if (!ru) return [field.required(rp.toString(), 'this should be defaulted and never be nil')]
      const errs = validatePositiveIntOrPercent(ru.maxUnavailable, rp.child('maxUnavailable'))
      errs.push(...validatePositiveIntOrPercent(ru.maxSurge, rp.child('maxSurge')))
      if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
        errs.push(goInvalid(rp.child('maxUnavailable'), goIntOrString(ru.maxUnavailable), 'may not be 0 when `maxSurge` is 0'))
      }
      errs.push(...validateNotMoreThan100Percent(ru.maxUnavailable, rp.child('maxUnavailable')))
      return errs
    }
    default:
      return [goNotSupported(fp, goStrategy(s), ['Recreate', 'RollingUpdate'])]
  }
}

function validateSpec(d: Deployment): FieldError[] {
  const sp = path('spec')
  const spec = d.spec ?? ({} as Partial<DeploymentSpec>)
  const errs = validateNonnegative(spec.replicas, sp.child('replicas'))
  const { errs: selErrs, selector } = validateWorkloadSelector(spec.selector, sp.child('selector'))
  errs.push(...selErrs)
  if (selector) errs.push(...validateTemplateForReplicaSet(spec.template, selector, sp.child('template')))
  errs.push(...validateStrategy(spec.strategy, sp.child('strategy')))
  errs.push(...validateNonnegative(spec.minReadySeconds, sp.child('minReadySeconds')))
  errs.push(...validateNonnegative(spec.revisionHistoryLimit, sp.child('revisionHistoryLimit')))
  const pds = spec.progressDeadlineSeconds
  if (pds !== undefined && pds !== null) {
    errs.push(...validateNonnegative(pds, sp.child('progressDeadlineSeconds')))
    if (pds <= (spec.minReadySeconds ?? 0)) errs.push(field.invalid(sp.child('progressDeadlineSeconds').toString(), pds, 'must be greater than minReadySeconds'))
  }
  return errs
}

function validateDeployment(d: Deployment): FieldError[] {
  return [...validateCoreObjectMeta(d.metadata, true, nameIsDNSSubdomain, path('metadata')), ...validateSpec(d)]
}

function validateStatus(d: Deployment, old: Deployment): FieldError[] {
  const s: DeploymentStatus = d.status ?? {}
  const st = path('status')
  const errs: FieldError[] = []
  for (const k of ['observedGeneration', 'replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas', 'collisionCount'] as const) {
    errs.push(...validateNonnegative(s[k], st.child(k)))
  }
  const msg = 'cannot be greater than status.replicas'
  errs.push(...validateNotAbove(s.updatedReplicas, s.replicas, st.child('updatedReplicas'), msg))
  errs.push(...validateNotAbove(s.readyReplicas, s.replicas, st.child('readyReplicas'), msg))
  errs.push(...validateNotAbove(s.availableReplicas, s.replicas, st.child('availableReplicas'), msg))
  errs.push(...validateNotAbove(s.availableReplicas, s.readyReplicas, st.child('availableReplicas'), 'cannot be greater than readyReplicas'))
  // apivalidation.IsDecremented: dropping a count that was set counts as decrementing it.
  const was = old.status?.collisionCount
  const now = s.collisionCount
  if (was !== undefined && was !== null && (now === undefined || now === null || now < was)) {
    errs.push(field.invalid(st.child('collisionCount').toString(), s.collisionCount ?? 0, 'cannot be decremented'))
  }
  return errs
}

export const deploymentDefinition: ResourceDefinition<Deployment> = {
  group: 'apps',
  version: 'v1',
  kind: 'Deployment',
  plural: 'deployments',
  singular: 'deployment',
  shortNames: ['deploy'],
  categories: ['all'],
  namespaced: true,
  hasStatus: true,
  tableColumns: deploymentColumns,
  tracksGeneration: true,
  scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.spec.selector' },

  defaults(d) {
    const spec = (d.spec ??= {} as DeploymentSpec)
    if (spec.replicas === undefined || spec.replicas === null) spec.replicas = 1
    const strategy = (spec.strategy ??= {})
    if (!strategy.type) strategy.type = 'RollingUpdate'
    if (strategy.type === 'RollingUpdate') {
      const ru = (strategy.rollingUpdate ??= {})
      if (ru.maxUnavailable === undefined || ru.maxUnavailable === null) ru.maxUnavailable = '25%'
      if (ru.maxSurge === undefined || ru.maxSurge === null) ru.maxSurge = '25%'
    }
    if (spec.revisionHistoryLimit === undefined || spec.revisionHistoryLimit === null) spec.revisionHistoryLimit = 10
    if (spec.progressDeadlineSeconds === undefined || spec.progressDeadlineSeconds === null) spec.progressDeadlineSeconds = 600
    spec.template ??= {}
    defaultPodTemplateSpec(spec.template)
  },

  prepareForCreate(d) {
    ;(d as Mutable<Deployment>).status = {}
  },

  prepareForUpdate(d, old) {
    // Annotations are copied to the ReplicaSets, so changing them is a change of desired state too.
    if (!semanticEqual(d.metadata?.annotations, old.metadata?.annotations)) {
      ;(d.metadata as ObjectMetadata).generation = (old.metadata?.generation ?? 0) + 1
    }
  },

  prepareForStatusUpdate(d, old) {
    // As deploymentStatusStrategy: a status write may change annotations (the revision), not labels.
    const meta = d.metadata as ObjectMetadata
    if (old.metadata?.labels) meta.labels = { ...old.metadata.labels }
    else delete meta.labels
  },

  validate: validateDeployment,
  warnings: templateWarnings<Deployment>(['spec', 'template'], 'Pod names and hostnames'),

  validateUpdate(d, old) {
    return [...validateDeployment(d), ...validateSelectorImmutable(d.spec?.selector, old.spec?.selector, path('spec', 'selector'))]
  },

  validateStatusUpdate(d, old) {
    return validateStatus(d, old)
  }
}
