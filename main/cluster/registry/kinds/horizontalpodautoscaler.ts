import type * as v2 from 'kubernetes-types/autoscaling/v2'
import { type FieldError, type FieldPath, field, path } from '../../apimachinery/field-errors'
import { isDNS1123Label, isValidPathSegmentName, nameIsDNSSubdomain } from '../../apimachinery/validation'
import { tryParseQuantity } from '../../apimachinery/quantity'
import type { ResourceDefinition } from '../types'
import { horizontalPodAutoscalerColumns } from '../columns/horizontalpodautoscaler'
import { type HPAv2, defaultCPUUtilization, dropRoundTripAnnotations, hpaV1ToV2, hpaV2ToV1 } from './hpa-conversion'
import { validateNonnegative } from '../validation/numbers'
import { validateCoreObjectMeta } from '../validation/object-meta'

/**
 * autoscaling HorizontalPodAutoscaler, stored as autoscaling/v2 and also
 * served as autoscaling/v1 (what `kubectl autoscale` writes). Defaults as
 * pkg/apis/autoscaling/v2/defaults.go, validation as
 * pkg/apis/autoscaling/validation, both on the v2 shape (so v1 requests see
 * v2 field paths, as they do against Kubernetes).
 */
export type HorizontalPodAutoscalerObject = HPAv2

/** Largest scaling-policy period and stabilization window, in seconds. */
const maxPeriodSeconds = 1800
const maxStabilizationWindowSeconds = 3600
const metricSourceTypes = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'] as const
const selectPolicies = ['Disabled', 'Max', 'Min'] as const
const policyTypes = ['Percent', 'Pods'] as const

// ---------------------------------------------------------------- defaults

/** Scale-up rules Kubernetes fills in: no stabilization; at most +4 pods or +100% every 15s, whichever is more. */
function defaultScaleUp(): v2.HPAScalingRules {
  return {
    stabilizationWindowSeconds: 0,
    selectPolicy: 'Max',
    policies: [
      { type: 'Pods', value: 4, periodSeconds: 15 },
      { type: 'Percent', value: 100, periodSeconds: 15 }
    ]
  }
}

/**
 * Scale-down rules: at most -100% every 15s. The stabilization window stays
 * unset: the controller applies its own flag (300s by default) then.
 */
function defaultScaleDown(): v2.HPAScalingRules {
  return { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] }
}

/** copyHPAScalingRules: what the user set wins, field by field. */
function fillRules(given: v2.HPAScalingRules | undefined, defaults: v2.HPAScalingRules): v2.HPAScalingRules {
  if (!given) return defaults
  const out = defaults
  if (given.selectPolicy !== undefined) out.selectPolicy = given.selectPolicy
  if (given.stabilizationWindowSeconds !== undefined) out.stabilizationWindowSeconds = given.stabilizationWindowSeconds
  if (given.policies !== undefined) out.policies = given.policies
  return out
}

// ---------------------------------------------------------------- validation

function validateCrossVersionObjectReference(ref: v2.CrossVersionObjectReference | undefined, fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  const kind = ref?.kind ?? ''
  const name = ref?.name ?? ''
  if (!kind) errs.push(field.required(fp.child('kind').toString()))
  else for (const msg of isValidPathSegmentName(kind)) errs.push(field.invalid(fp.child('kind').toString(), kind, msg))
  if (!name) errs.push(field.required(fp.child('name').toString()))
  else for (const msg of isValidPathSegmentName(name)) errs.push(field.invalid(fp.child('name').toString(), name, msg))
  return errs
}

function validateMetricIdentifier(id: v2.MetricIdentifier | undefined, fp: FieldPath): FieldError[] {
  const name = id?.name ?? ''
  if (!name) return [field.required(fp.child('name').toString(), 'must specify a metric name')]
  return isValidPathSegmentName(name).map((msg) => field.invalid(fp.child('name').toString(), name, msg))
}

/** A quantity must be positive; unparsable ones never get this far against Kubernetes (decoding fails first). */
function positive(q: string | undefined): boolean {
  const parsed = q === undefined ? undefined : tryParseQuantity(String(q))
  return parsed === undefined || parsed.sign() === 1
}

function validateMetricTarget(mt: v2.MetricTarget | undefined, fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  const t = mt ?? ({} as Partial<v2.MetricTarget>)
  if (!t.type) errs.push(field.required(fp.child('type').toString(), 'must specify a metric target type'))
  if (t.type !== 'Utilization' && t.type !== 'Value' && t.type !== 'AverageValue') {
    errs.push(field.invalid(fp.child('type').toString(), t.type ?? '', 'must be either Utilization, Value, or AverageValue'))
  }
  if (t.value !== undefined && !positive(t.value)) errs.push(field.invalid(fp.child('value').toString(), t.value, 'must be positive'))
  if (t.averageValue !== undefined && !positive(t.averageValue)) errs.push(field.invalid(fp.child('averageValue').toString(), t.averageValue, 'must be positive'))
  if (t.averageUtilization !== undefined && t.averageUtilization < 1) {
    errs.push(field.invalid(fp.child('averageUtilization').toString(), t.averageUtilization, 'must be greater than 0'))
  }
  return errs
}

function validateObjectSource(src: v2.ObjectMetricSource, fp: FieldPath): FieldError[] {
  const errs = validateCrossVersionObjectReference(src.describedObject, fp.child('describedObject'))
  errs.push(...validateMetricIdentifier(src.metric, fp.child('metric')))
  errs.push(...validateMetricTarget(src.target, fp.child('target')))
  if (src.target?.value === undefined && src.target?.averageValue === undefined) {
    errs.push(field.required(fp.child('target', 'averageValue').toString(), 'must set either a target value or averageValue'))
  }
  return errs
}

function validateExternalSource(src: v2.ExternalMetricSource, fp: FieldPath): FieldError[] {
  const errs = validateMetricIdentifier(src.metric, fp.child('metric'))
  errs.push(...validateMetricTarget(src.target, fp.child('target')))
  const value = src.target?.value
  const averageValue = src.target?.averageValue
  if (value === undefined && averageValue === undefined) {
    errs.push(field.required(fp.child('target', 'averageValue').toString(), 'must set either a target value for metric or a per-pod target'))
  }
  if (value !== undefined && averageValue !== undefined) {
    errs.push(field.forbidden(fp.child('target', 'value').toString(), 'may not set both a target value for metric and a per-pod target'))
  }
  return errs
}

function validatePodsSource(src: v2.PodsMetricSource, fp: FieldPath): FieldError[] {
  const errs = validateMetricIdentifier(src.metric, fp.child('metric'))
  errs.push(...validateMetricTarget(src.target, fp.child('target')))
  if (src.target?.averageValue === undefined) errs.push(field.required(fp.child('target', 'averageValue').toString(), 'must specify a positive target averageValue'))
  return errs
}

function validateUtilizationOrValue(target: v2.MetricTarget | undefined, fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  if (target?.averageUtilization === undefined && target?.averageValue === undefined) {
    errs.push(field.required(fp.child('target', 'averageUtilization').toString(), 'must set either a target raw value or a target utilization'))
  }
  if (target?.averageUtilization !== undefined && target?.averageValue !== undefined) {
    errs.push(field.forbidden(fp.child('target', 'averageValue').toString(), 'may not set both a target raw value and a target utilization'))
  }
  return errs
}

function validateResourceSource(src: v2.ResourceMetricSource, fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  if (!src.name) errs.push(field.required(fp.child('name').toString(), 'must specify a resource name'))
  errs.push(...validateMetricTarget(src.target, fp.child('target')))
  errs.push(...validateUtilizationOrValue(src.target, fp))
  return errs
}

function validateContainerResourceSource(src: v2.ContainerResourceMetricSource, fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  if (!src.name) errs.push(field.required(fp.child('name').toString(), 'must specify a resource name'))
  else if (!src.name.includes('/') && !['cpu', 'memory', 'ephemeral-storage'].includes(src.name) && !src.name.startsWith('hugepages-')) {
    errs.push(field.invalid(fp.child('name').toString(), src.name, 'must be a standard resource for containers'))
  }
  if (!src.container) errs.push(field.required(fp.child('container').toString(), 'must specify a container'))
  else for (const msg of isDNS1123Label(src.container)) errs.push(field.invalid(fp.child('container').toString(), src.container, msg))
  errs.push(...validateMetricTarget(src.target, fp.child('target')))
  errs.push(...validateUtilizationOrValue(src.target, fp))
  return errs
}

/** The member each metric type must fill in. */
const sourceField: Record<string, keyof v2.MetricSpec> = {
  Object: 'object',
  Pods: 'pods',
  Resource: 'resource',
  External: 'external',
  ContainerResource: 'containerResource'
}

function validateMetricSpec(spec: v2.MetricSpec, fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  const type = spec.type ?? ''
  if (!type) errs.push(field.required(fp.child('type').toString(), 'must specify a metric source type'))
  // Kubernetes reports an unknown type twice (two checks); the aggregated message shows it once, so do we.
  if (!(metricSourceTypes as readonly string[]).includes(type)) errs.push(field.notSupported(fp.child('type').toString(), type, metricSourceTypes))
  // Only the first source present (in this order) is validated; the others are reported as extra below.
  const present: (keyof v2.MetricSpec)[] = []
  if (spec.object) {
    present.push('object')
    if (present.length === 1) errs.push(...validateObjectSource(spec.object, fp.child('object')))
  }
  if (spec.external) {
    present.push('external')
    if (present.length === 1) errs.push(...validateExternalSource(spec.external, fp.child('external')))
  }
  if (spec.pods) {
    present.push('pods')
    if (present.length === 1) errs.push(...validatePodsSource(spec.pods, fp.child('pods')))
  }
  if (spec.resource) {
    present.push('resource')
    if (present.length === 1) errs.push(...validateResourceSource(spec.resource, fp.child('resource')))
  }
  if (spec.containerResource) {
    present.push('containerResource')
    if (present.length === 1) errs.push(...validateContainerResourceSource(spec.containerResource, fp.child('containerResource')))
  }
  const expected = sourceField[type]
  if (expected && !spec[expected]) errs.push(field.required(fp.child(expected).toString(), 'must populate information for the given metric source'))
  if (present.length !== 1) {
    for (const p of present) if (p !== expected) errs.push(field.forbidden(fp.child(p).toString(), 'must populate the given metric source only'))
  }
  return errs
}

function validateScalingRules(rules: v2.HPAScalingRules | undefined, fp: FieldPath): FieldError[] {
  if (!rules) return []
  const errs: FieldError[] = []
  const window = rules.stabilizationWindowSeconds
  if (window !== undefined && window < 0) errs.push(field.invalid(fp.child('stabilizationWindowSeconds').toString(), window, 'must be greater than or equal to zero'))
  if (window !== undefined && window > maxStabilizationWindowSeconds) {
    errs.push(field.invalid(fp.child('stabilizationWindowSeconds').toString(), window, `must be less than or equal to ${maxStabilizationWindowSeconds}`))
  }
  if (rules.selectPolicy !== undefined && !(selectPolicies as readonly string[]).includes(rules.selectPolicy)) {
    errs.push(field.notSupported(fp.child('selectPolicy').toString(), rules.selectPolicy, selectPolicies))
  }
  const pp = fp.child('policies')
  if (!rules.policies?.length) errs.push(field.required(pp.toString(), 'must specify at least one Policy'))
  ;(rules.policies ?? []).forEach((policy, i) => {
    const ip = pp.index(i)
    if (!(policyTypes as readonly string[]).includes(policy.type)) errs.push(field.notSupported(ip.child('type').toString(), policy.type ?? '', policyTypes))
    const value = policy.value ?? 0
    if (value <= 0) errs.push(field.invalid(ip.child('value').toString(), value, 'must be greater than zero'))
    const period = policy.periodSeconds ?? 0
    if (period <= 0) errs.push(field.invalid(ip.child('periodSeconds').toString(), period, 'must be greater than zero'))
    if (period > maxPeriodSeconds) errs.push(field.invalid(ip.child('periodSeconds').toString(), period, `must be less than or equal to ${maxPeriodSeconds}`))
  })
  return errs
}

/** minReplicasLowerBound is 1, or 0 for objects already scaled to zero (HPAScaleToZero is alpha and off). */
function validateSpec(hpa: HPAv2, minReplicasLowerBound: number): FieldError[] {
  const errs: FieldError[] = []
  const spec = hpa.spec ?? ({} as Partial<v2.HorizontalPodAutoscalerSpec>)
  const sp = path('spec')
  const min = spec.minReplicas
  const max = spec.maxReplicas ?? 0
  if (min !== undefined && min < minReplicasLowerBound) {
    errs.push(field.invalid(sp.child('minReplicas').toString(), min, `must be greater than or equal to ${minReplicasLowerBound}`))
  }
  if (max < 1) errs.push(field.invalid(sp.child('maxReplicas').toString(), max, 'must be greater than 0'))
  if (min !== undefined && max < min) errs.push(field.invalid(sp.child('maxReplicas').toString(), max, 'must be greater than or equal to `minReplicas`'))
  errs.push(...validateCrossVersionObjectReference(spec.scaleTargetRef, sp.child('scaleTargetRef')))
  const metrics = spec.metrics ?? []
  metrics.forEach((m, i) => errs.push(...validateMetricSpec(m, sp.child('metrics').index(i))))
  if (min === 0 && !metrics.some((m) => m.type === 'Object' || m.type === 'External')) {
    errs.push(field.forbidden(sp.child('metrics').toString(), 'must specify at least one Object or External metric to support scaling to zero replicas'))
  }
  if (spec.behavior) {
    errs.push(...validateScalingRules(spec.behavior.scaleUp, sp.child('behavior', 'scaleUp')))
    errs.push(...validateScalingRules(spec.behavior.scaleDown, sp.child('behavior', 'scaleDown')))
  }
  return errs
}

function validateHPA(hpa: HPAv2, minReplicasLowerBound = 1): FieldError[] {
  const errs = validateCoreObjectMeta(hpa.metadata, true, nameIsDNSSubdomain, path('metadata'))
  errs.push(...validateSpec(hpa, minReplicasLowerBound))
  return errs
}

export const horizontalPodAutoscalerDefinition: ResourceDefinition<HorizontalPodAutoscalerObject> = {
  group: 'autoscaling',
  version: 'v2',
  versions: [{ version: 'v1', toStored: hpaV1ToV2, fromStored: hpaV2ToV1 }],
  kind: 'HorizontalPodAutoscaler',
  plural: 'horizontalpodautoscalers',
  singular: 'horizontalpodautoscaler',
  shortNames: ['hpa'],
  categories: ['all'],
  namespaced: true,
  hasStatus: true,
  tableColumns: horizontalPodAutoscalerColumns,

  defaults(hpa) {
    const spec = (hpa.spec ??= {} as v2.HorizontalPodAutoscalerSpec)
    if (spec.minReplicas === undefined) spec.minReplicas = 1
    if (!spec.metrics?.length) {
      spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: defaultCPUUtilization } } }]
    }
    // Behavior is filled in only when the user gave one; otherwise the controller's defaults apply silently.
    if (spec.behavior) {
      spec.behavior.scaleUp = fillRules(spec.behavior.scaleUp, defaultScaleUp())
      spec.behavior.scaleDown = fillRules(spec.behavior.scaleDown, defaultScaleDown())
    }
  },

  prepareForCreate(hpa) {
    hpa.status = { desiredReplicas: 0 }
    // v2 never keeps the annotations v1 uses to carry v2 fields.
    dropRoundTripAnnotations(hpa)
  },

  prepareForUpdate(hpa) {
    dropRoundTripAnnotations(hpa)
  },

  validate(hpa) {
    return validateHPA(hpa)
  },

  validateUpdate(hpa, old) {
    return validateHPA(hpa, old.spec?.minReplicas === 0 ? 0 : 1)
  },

  validateStatusUpdate(hpa) {
    const errs = validateNonnegative(hpa.status?.currentReplicas, path('status', 'currentReplicas'))
    errs.push(...validateNonnegative(hpa.status?.desiredReplicas, path('status', 'desiredReplicas')))
    return errs
  }
}
