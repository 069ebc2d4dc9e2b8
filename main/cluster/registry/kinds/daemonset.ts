import type { DaemonSet, DaemonSetSpec, DaemonSetStatus, DaemonSetUpdateStrategy } from 'kubernetes-types/apps/v1'
import { type FieldError, type FieldPath, field, path } from '../../apimachinery/field-errors'
import { validateLabelSelector } from '../../apimachinery/label-selector'
import type { Mutable, ObjectMetadata } from '../../apimachinery/types'
import { nameIsDNSSubdomain } from '../../apimachinery/validation'
import type { ResourceDefinition } from '../types'
import { daemonSetColumns } from '../columns/workloads'
import { defaultPodTemplateSpec, validatePodTemplateSpec } from './pod-spec'
import { semanticEqual } from '../validation/equality'
import { validateNonnegative } from '../validation/numbers'
import { validateCoreObjectMeta } from '../validation/object-meta'
import {
  goIntOrString,
  goInvalid,
  goLabelSelector,
  goNotSupported,
  intOrPercentValue,
  selectorMismatch,
  selectorOf,
  validateNotMoreThan100Percent,
  validatePositiveIntOrPercent,
  validateSelectorImmutable,
  validateTemplateRestart
} from './replicaset'
import { templateWarnings } from './pod-spec/write-warnings'

/**
 * apps/v1 DaemonSet: defaults as SetDefaults_DaemonSet (RollingUpdate with
 * maxUnavailable 1 and maxSurge 0, revisionHistoryLimit 10), strategy as
 * pkg/registry/apps/daemonset, validation as ValidateDaemonSetSpec.
 *
 * The internal spec.templateGeneration has no field in apps/v1: it lives in
 * the `deprecated.daemonset.template.generation` annotation, which the server
 * owns and bumps whenever the pod template changes.
 */

export const templateGenerationAnnotation = 'deprecated.daemonset.template.generation'

function templateGeneration(ds: DaemonSet): number {
  const text = ds.metadata?.annotations?.[templateGenerationAnnotation]
  return text !== undefined && /^-?\d+$/.test(text) ? Number(text) : 0
}

function setTemplateGeneration(ds: DaemonSet, generation: number): void {
  const meta = (ds.metadata ??= {}) as ObjectMetadata
  meta.annotations = { ...(meta.annotations ?? {}), [templateGenerationAnnotation]: String(generation) }
}

/** %#v of the internal apps.DaemonSetUpdateStrategy, shown for an unknown type. */
function goUpdateStrategy(s: DaemonSetUpdateStrategy): string {
  // A set pointer prints as an address in Go; any fixed one serves the reader as well.
  const ru = s.rollingUpdate ? '(*apps.RollingUpdateDaemonSet)(0xc000a1c2d0)' : '(*apps.RollingUpdateDaemonSet)(nil)'
  return `apps.DaemonSetUpdateStrategy{Type:${JSON.stringify(s.type ?? '')}, RollingUpdate:${ru}}`
}

function validateUpdateStrategy(strategy: DaemonSetUpdateStrategy | undefined, fp: FieldPath): FieldError[] {
  const s = strategy ?? {}
  switch (s.type) {
    case 'OnDelete':
      return []
    case 'RollingUpdate': {
      const ru = s.rollingUpdate
      const rp = fp.child('rollingUpdate')
      if (!ru) return [field.required(rp.toString())]
      const errs = validatePositiveIntOrPercent(ru.maxUnavailable, rp.child('maxUnavailable'))
      errs.push(...validatePositiveIntOrPercent(ru.maxSurge, rp.child('maxSurge')))
      errs.push(...validateNotMoreThan100Percent(ru.maxUnavailable, rp.child('maxUnavailable')))
      errs.push(...validateNotMoreThan100Percent(ru.maxSurge, rp.child('maxSurge')))
      // Exactly one of the two may be non-zero: a DaemonSet either surges or takes pods down.
      const hasUnavailable = intOrPercentValue(ru.maxUnavailable) !== 0
      const hasSurge = intOrPercentValue(ru.maxSurge) !== 0
      if (hasUnavailable && hasSurge) errs.push(goInvalid(rp.child('maxSurge'), goIntOrString(ru.maxSurge), 'may not be set when maxUnavailable is non-zero'))
      else if (!hasUnavailable && !hasSurge) errs.push(field.required(rp.child('maxUnavailable').toString(), 'cannot be 0 when maxSurge is 0'))
      return errs
    }
    default:
      return [goNotSupported(fp, goUpdateStrategy(s), ['RollingUpdate', 'OnDelete'])]
  }
}

function validateSpec(ds: DaemonSet): FieldError[] {
  const sp = path('spec')
  const spec = ds.spec ?? ({} as Partial<DaemonSetSpec>)
  const sel = spec.selector
  const errs = validateLabelSelector(sel, sp.child('selector'))
  // A missing selector selects nothing, so it never matches the template (no "Required" here, unlike Deployments).
  const selector = selectorOf(sel)
  if (selector && !selector.matches(spec.template?.metadata?.labels)) errs.push(selectorMismatch(spec.template, sp.child('template')))
  if (sel && Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions?.length ?? 0) === 0) {
    errs.push(goInvalid(sp.child('selector'), goLabelSelector(sel), 'empty selector is invalid for daemonset'))
  }
  errs.push(...validatePodTemplateSpec(spec.template ?? {}, sp.child('template')))
  errs.push(...validateTemplateRestart(spec.template, sp.child('template'), 'DaemonSet'))
  errs.push(...validateNonnegative(spec.minReadySeconds, sp.child('minReadySeconds')))
  errs.push(...validateUpdateStrategy(spec.updateStrategy, sp.child('updateStrategy')))
  errs.push(...validateNonnegative(spec.revisionHistoryLimit, sp.child('revisionHistoryLimit')))
  return errs
}

function validateDaemonSet(ds: DaemonSet): FieldError[] {
  return [...validateCoreObjectMeta(ds.metadata, true, nameIsDNSSubdomain, path('metadata')), ...validateSpec(ds)]
}

function validateStatus(ds: DaemonSet, old: DaemonSet): FieldError[] {
  const s: Partial<DaemonSetStatus> = ds.status ?? {}
  const st = path('status')
  const errs: FieldError[] = []
  const counters = [
    'currentNumberScheduled',
    'numberMisscheduled',
    'desiredNumberScheduled',
    'numberReady',
    'observedGeneration',
    'updatedNumberScheduled',
    'numberAvailable',
    'numberUnavailable',
    'collisionCount'
  ] as const
  for (const k of counters) errs.push(...validateNonnegative(s[k], st.child(k)))
  const was = old.status?.collisionCount
  const now = s.collisionCount
  if (was !== undefined && was !== null && (now === undefined || now === null || now < was)) {
    errs.push(field.invalid(st.child('collisionCount').toString(), now ?? 0, 'cannot be decremented'))
  }
  return errs
}

export const daemonSetDefinition: ResourceDefinition<DaemonSet> = {
  group: 'apps',
  version: 'v1',
  kind: 'DaemonSet',
  plural: 'daemonsets',
  singular: 'daemonset',
  shortNames: ['ds'],
  categories: ['all'],
  namespaced: true,
  hasStatus: true,
  tableColumns: daemonSetColumns,
  tracksGeneration: true,

  defaults(ds) {
    const spec = (ds.spec ??= {} as DaemonSetSpec)
    const strategy = (spec.updateStrategy ??= {})
    if (!strategy.type) strategy.type = 'RollingUpdate'
    if (strategy.type === 'RollingUpdate') {
      const ru = (strategy.rollingUpdate ??= {})
      if (ru.maxUnavailable === undefined || ru.maxUnavailable === null) ru.maxUnavailable = 1
      if (ru.maxSurge === undefined || ru.maxSurge === null) ru.maxSurge = 0
    }
    if (spec.revisionHistoryLimit === undefined || spec.revisionHistoryLimit === null) spec.revisionHistoryLimit = 10
    spec.template ??= {}
    defaultPodTemplateSpec(spec.template)
  },

  prepareForCreate(ds) {
    // These four counters have no omitempty in Go, so a new DaemonSet reads back with them at 0.
    ;(ds as Mutable<DaemonSet>).status = { currentNumberScheduled: 0, desiredNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0 }
    setTemplateGeneration(ds, Math.max(1, templateGeneration(ds)))
  },

  prepareForUpdate(ds, old) {
    // Clients cannot set the template generation; it moves when (and only when) the template does.
    const changed = !semanticEqual(ds.spec?.template, old.spec?.template)
    setTemplateGeneration(ds, templateGeneration(old) + (changed ? 1 : 0))
  },

  validate: validateDaemonSet,
  warnings: templateWarnings<DaemonSet>(['spec', 'template']),

  validateUpdate(ds, old) {
    return [...validateDaemonSet(ds), ...validateSelectorImmutable(ds.spec?.selector, old.spec?.selector, path('spec', 'selector'))]
  },

  validateStatusUpdate(ds, old) {
    return validateStatus(ds, old)
  }
}
