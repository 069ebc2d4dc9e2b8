import type { StatefulSet, StatefulSetSpec, StatefulSetStatus, StatefulSetUpdateStrategy } from 'kubernetes-types/apps/v1'
import type { PersistentVolumeClaim, PodTemplateSpec } from 'kubernetes-types/core/v1'
import { type FieldError, type FieldPath, field, path } from '../../apimachinery/field-errors'
import { validateLabelSelector } from '../../apimachinery/label-selector'
import type { Mutable } from '../../apimachinery/types'
import { nameIsDNSSubdomain, validateAnnotations, validateLabels } from '../../apimachinery/validation'
import type { ResourceDefinition } from '../types'
import { statefulSetColumns } from '../columns/statefulset'
import { defaultPodTemplateSpec } from './pod-spec'
import { persistentVolumeClaimDefinition } from './persistentvolumeclaim'
import { semanticEqual } from '../validation/equality'
import { validateNonnegative } from '../validation/numbers'
import { validateCoreObjectMeta } from '../validation/object-meta'
import {
  goInvalid,
  goIntOrString,
  goLabelSelector,
  intOrPercentValue,
  selectorMismatch,
  selectorOf,
  validateNotAbove,
  validateNotMoreThan100Percent,
  validatePositiveIntOrPercent,
  validateTemplateRestart
} from './replicaset'
import { templateWarnings } from './pod-spec/write-warnings'

/**
 * apps/v1 StatefulSet: defaults as SetDefaults_StatefulSet (OrderedReady,
 * RollingUpdate with partition 0, Retain/Retain claim retention, one replica,
 * revisionHistoryLimit 10; claim templates defaulted as claims), strategy as
 * pkg/registry/apps/statefulset, validation as ValidateStatefulSetSpec.
 */

const policies = ['OrderedReady', 'Parallel']
const retention = ['Retain', 'Delete']

/** %#v of the internal apps.StatefulSetUpdateStrategy, shown for an unknown type. */
function goUpdateStrategy(s: StatefulSetUpdateStrategy): string {
  // A set pointer prints as an address in Go; any fixed one serves the reader as well.
  const ru = s.rollingUpdate ? '(*apps.RollingUpdateStatefulSetStrategy)(0xc000a1c2d0)' : '(*apps.RollingUpdateStatefulSetStrategy)(nil)'
  return `apps.StatefulSetUpdateStrategy{Type:${JSON.stringify(s.type ?? '')}, RollingUpdate:${ru}}`
}

function validateUpdateStrategy(s: StatefulSetUpdateStrategy, fp: FieldPath): FieldError[] {
  const rp = fp.child('rollingUpdate')
  switch (s.type ?? '') {
    case '':
      return [field.required(fp.toString())]
    case 'OnDelete':
      return s.rollingUpdate ? [goInvalid(rp, '&apps.RollingUpdateStatefulSetStrategy{}', "only allowed for updateStrategy 'RollingUpdate'")] : []
    case 'RollingUpdate': {
      const ru = s.rollingUpdate
      if (!ru) return []
      const errs = validateNonnegative(ru.partition ?? 0, rp.child('partition'))
      if (ru.maxUnavailable !== undefined && ru.maxUnavailable !== null) {
        const mp = rp.child('maxUnavailable')
        errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, mp))
        if (intOrPercentValue(ru.maxUnavailable) === 0) errs.push(goInvalid(mp, goIntOrString(ru.maxUnavailable), 'cannot be 0'))
        errs.push(...validateNotMoreThan100Percent(ru.maxUnavailable, mp))
      }
      return errs
    }
    default:
      return [goInvalid(fp, goUpdateStrategy(s), "must be 'RollingUpdate' or 'OnDelete'")]
  }
}

function validateRetention(policy: StatefulSetSpec['persistentVolumeClaimRetentionPolicy'], fp: FieldPath): FieldError[] {
  if (!policy) return []
  const errs: FieldError[] = []
  for (const k of ['whenDeleted', 'whenScaled'] as const) {
    const v = policy[k] ?? ''
    if (!retention.includes(v)) errs.push(field.notSupported(fp.child(k).toString(), v, retention))
  }
  return errs
}

/** ValidatePodTemplateSpecForStatefulSet: the pod spec itself is checked when the controller creates pods (its volumes come from the claims). */
function validateTemplate(template: PodTemplateSpec | undefined, spec: Partial<StatefulSetSpec>, fp: FieldPath): FieldError[] {
  const selector = selectorOf(spec.selector)
  if (!selector) return spec.selector ? [goInvalid(path('spec', 'selector'), goLabelSelector(spec.selector), '')] : []
  const errs: FieldError[] = []
  if (!selector.empty() && !selector.matches(template?.metadata?.labels)) errs.push(selectorMismatch(template, fp))
  errs.push(...validateLabels(template?.metadata?.labels, fp.child('labels')))
  errs.push(...validateAnnotations(template?.metadata?.annotations, fp.child('annotations')))
  return errs
}

function validateSpec(sts: StatefulSet): FieldError[] {
  const sp = path('spec')
  const spec = sts.spec ?? ({} as Partial<StatefulSetSpec>)
  const errs: FieldError[] = []
  const policy = spec.podManagementPolicy ?? ''
  if (policy === '') errs.push(field.required(sp.child('podManagementPolicy').toString()))
  else if (!policies.includes(policy)) errs.push(field.invalid(sp.child('podManagementPolicy').toString(), policy, "must be 'OrderedReady' or 'Parallel'"))
  errs.push(...validateUpdateStrategy(spec.updateStrategy ?? {}, sp.child('updateStrategy')))
  errs.push(...validateRetention(spec.persistentVolumeClaimRetentionPolicy, sp.child('persistentVolumeClaimRetentionPolicy')))
  if (spec.ordinals) errs.push(...validateNonnegative(spec.ordinals.start ?? 0, sp.child('ordinals', 'start')))
  errs.push(...validateNonnegative(spec.replicas, sp.child('replicas')))
  errs.push(...validateNonnegative(spec.minReadySeconds, sp.child('minReadySeconds')))
  const sel = spec.selector
  if (sel === undefined || sel === null) errs.push(field.required(sp.child('selector').toString()))
  else {
    errs.push(...validateLabelSelector(sel, sp.child('selector')))
    if (Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions?.length ?? 0) === 0) {
      errs.push(goInvalid(sp.child('selector'), goLabelSelector(sel), 'empty selector is invalid for statefulset'))
    }
  }
  errs.push(...validateTemplate(spec.template, spec, sp.child('template')))
  errs.push(...validateTemplateRestart(spec.template, sp.child('template'), 'StatefulSet'))
  return errs
}

function validateStatefulSet(sts: StatefulSet): FieldError[] {
  return [...validateCoreObjectMeta(sts.metadata, true, nameIsDNSSubdomain, path('metadata')), ...validateSpec(sts)]
}

/** The spec fields an update may change; the rest is fixed at creation (ValidateStatefulSetUpdate). */
const mutableSpecFields = ['replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'] as const

function validateSpecUpdate(sts: StatefulSet, old: StatefulSet): FieldError[] {
  const fixed = (s: StatefulSet): Record<string, unknown> => {
    const copy: Record<string, unknown> = { ...(s.spec ?? {}) }
    for (const k of mutableSpecFields) delete copy[k]
    return copy
  }
  if (semanticEqual(fixed(sts), fixed(old))) return []
  return [
    field.forbidden(
      'spec',
      "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"
    )
  ]
}

function validateStatus(sts: StatefulSet, old: StatefulSet): FieldError[] {
  const s: Partial<StatefulSetStatus> = sts.status ?? {}
  const st = path('status')
  const errs: FieldError[] = []
  for (const k of ['replicas', 'readyReplicas', 'currentReplicas', 'updatedReplicas', 'availableReplicas', 'observedGeneration', 'collisionCount'] as const) {
    errs.push(...validateNonnegative(s[k], st.child(k)))
  }
  const msg = 'cannot be greater than status.replicas'
  errs.push(...validateNotAbove(s.readyReplicas, s.replicas, st.child('readyReplicas'), msg))
  errs.push(...validateNotAbove(s.currentReplicas, s.replicas, st.child('currentReplicas'), msg))
  errs.push(...validateNotAbove(s.updatedReplicas, s.replicas, st.child('updatedReplicas'), msg))
  errs.push(...validateNotAbove(s.availableReplicas, s.replicas, st.child('availableReplicas'), msg))
  errs.push(...validateNotAbove(s.availableReplicas, s.readyReplicas, st.child('availableReplicas'), 'cannot be greater than status.readyReplicas'))
  const was = old.status?.collisionCount
  const now = s.collisionCount
  if (was !== undefined && was !== null && (now === undefined || now === null || now < was)) {
    errs.push(field.invalid(st.child('collisionCount').toString(), now ?? 0, 'cannot be decremented'))
  }
  return errs
}

/** A claim template reads back as a claim would: kind and apiVersion, volumeMode Filesystem, status Pending. */
function defaultClaimTemplate(claim: PersistentVolumeClaim): void {
  const c = claim as Mutable<PersistentVolumeClaim>
  c.apiVersion ??= 'v1'
  c.kind ??= 'PersistentVolumeClaim'
  // An embedded ObjectMeta is always encoded, its zero creationTimestamp as null (as a pod template's is).
  const meta = (c.metadata ??= {}) as Mutable<NonNullable<PersistentVolumeClaim['metadata']>>
  if (meta.creationTimestamp === undefined) meta.creationTimestamp = null as unknown as undefined
  persistentVolumeClaimDefinition.defaults(claim)
}

export const statefulSetDefinition: ResourceDefinition<StatefulSet> = {
  group: 'apps',
  version: 'v1',
  kind: 'StatefulSet',
  plural: 'statefulsets',
  singular: 'statefulset',
  shortNames: ['sts'],
  categories: ['all'],
  namespaced: true,
  hasStatus: true,
  tableColumns: statefulSetColumns,
  tracksGeneration: true,
  scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.spec.selector' },

  defaults(sts) {
    const spec = (sts.spec ??= {} as StatefulSetSpec)
    if (!spec.podManagementPolicy) spec.podManagementPolicy = 'OrderedReady'
    const strategy = (spec.updateStrategy ??= {})
    if (!strategy.type) {
      strategy.type = 'RollingUpdate'
      strategy.rollingUpdate ??= {}
    }
    if (strategy.type === 'RollingUpdate' && strategy.rollingUpdate) {
      if (strategy.rollingUpdate.partition === undefined || strategy.rollingUpdate.partition === null) strategy.rollingUpdate.partition = 0
    }
    const retain = (spec.persistentVolumeClaimRetentionPolicy ??= {})
    if (!retain.whenDeleted) retain.whenDeleted = 'Retain'
    if (!retain.whenScaled) retain.whenScaled = 'Retain'
    if (spec.replicas === undefined || spec.replicas === null) spec.replicas = 1
    if (spec.revisionHistoryLimit === undefined || spec.revisionHistoryLimit === null) spec.revisionHistoryLimit = 10
    spec.template ??= {}
    defaultPodTemplateSpec(spec.template)
    for (const claim of spec.volumeClaimTemplates ?? []) defaultClaimTemplate(claim)
  },

  prepareForCreate(sts) {
    // replicas and availableReplicas have no omitempty in Go: a new StatefulSet reads back with both at 0.
    ;(sts as Mutable<StatefulSet>).status = { replicas: 0, availableReplicas: 0 }
  },

  validate: validateStatefulSet,
  warnings: templateWarnings<StatefulSet>(['spec', 'template']),

  validateUpdate(sts, old) {
    return [...validateStatefulSet(sts), ...validateSpecUpdate(sts, old)]
  },

  validateStatusUpdate(sts, old) {
    return validateStatus(sts, old)
  }
}
