import type { ReplicaSet, ReplicaSetStatus } from 'kubernetes-types/apps/v1'
import type { PodTemplateSpec } from 'kubernetes-types/core/v1'
import type { LabelSelector } from 'kubernetes-types/meta/v1'
import { type FieldError, type FieldPath, field, path } from '../../apimachinery/field-errors'
import { labelSelectorFromObject, type Selector, validateLabelSelector } from '../../apimachinery/label-selector'
import type { Mutable } from '../../apimachinery/types'
import { nameIsDNSSubdomain } from '../../apimachinery/validation'
import type { ResourceDefinition } from '../types'
import { replicaSetColumns } from '../columns/workloads'
import { defaultPodTemplateSpec, validatePodTemplateSpec } from './pod-spec'
import { semanticEqual } from '../validation/equality'
import { validateNonnegative } from '../validation/numbers'
import { validateCoreObjectMeta } from '../validation/object-meta'
import { regexError } from '../../apimachinery/validation'
import { templateWarnings } from './pod-spec/write-warnings'

/**
 * apps/v1 ReplicaSet (pkg/registry/apps/replicaset, pkg/apis/apps/validation),
 * and the pieces the apps workloads share: Kubernetes validates a Deployment's
 * template with the ReplicaSet rules, and all three kinds print their bad
 * values the way Go's %#v prints the internal types.
 */

// ---------------------------------------------------------------- Go value text

/**
 * An Invalid error whose value is shown as Go prints it (`map[string]string{"app":"x"}`),
 * not as JSON: the value text travels in the detail, so the message reads
 * exactly as Kubernetes' does.
 */
export function goInvalid(fp: FieldPath | string, goValue: string, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field: fp.toString(), detail: `${goValue}: ${detail}` }
}

/** An Unsupported-value error with a Go-printed value. */
export function goNotSupported(fp: FieldPath | string, goValue: string, supported: readonly string[]): FieldError {
  return { type: 'FieldValueNotSupported', field: fp.toString(), detail: `${goValue}: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}` }
}

function goQuote(s: string): string {
  return JSON.stringify(s)
}

/** %#v of a map[string]string: keys sorted, `(nil)` when absent. */
export function goStringMap(m: Readonly<Record<string, string>> | undefined | null): string {
  if (m === undefined || m === null) return 'map[string]string(nil)'
  const keys = Object.keys(m).sort()
  return `map[string]string{${keys.map((k) => `${goQuote(k)}:${goQuote(m[k])}`).join(', ')}}`
}

function goStringSlice(xs: readonly string[] | undefined | null): string {
  if (xs === undefined || xs === null) return '[]string(nil)'
  return `[]string{${xs.map(goQuote).join(', ')}}`
}

/** %#v of a metav1.LabelSelector value (the pointer dereferenced, as field errors do). */
export function goLabelSelector(sel: LabelSelector): string {
  const exprs = sel.matchExpressions
  const exprText =
    exprs === undefined || exprs === null
      ? '[]v1.LabelSelectorRequirement(nil)'
      : `[]v1.LabelSelectorRequirement{${exprs
          .map((e) => `v1.LabelSelectorRequirement{Key:${goQuote(e.key ?? '')}, Operator:${goQuote(e.operator ?? '')}, Values:${goStringSlice(e.values)}}`)
          .join(', ')}}`
  return `v1.LabelSelector{MatchLabels:${goStringMap(sel.matchLabels)}, MatchExpressions:${exprText}}`
}

/** An int-or-string field as JSON carries it. */
export type IntOrString = number | string

/** %#v of the internal (non-pointer) intstr.IntOrString: an unset value is the zero int. */
export function goIntOrString(v: IntOrString | undefined | null): string {
  if (typeof v === 'string') return `intstr.IntOrString{Type:1, IntVal:0, StrVal:${goQuote(v)}}`
  return `intstr.IntOrString{Type:0, IntVal:${v ?? 0}, StrVal:""}`
}

// ---------------------------------------------------------------- int-or-percent (rolling update knobs)

const percentFmt = '[0-9]+%'
const percentRe = /^[0-9]+%$/

/** The percentage of a valid percent string, else undefined. */
function percentValue(v: IntOrString | undefined | null): number | undefined {
  if (typeof v !== 'string' || !percentRe.test(v)) return undefined
  return Number(v.slice(0, -1))
}

/** getIntOrPercentValue: the number behind 3 or "25%"; strings that are no percentage count as Atoi would read them. */
export function intOrPercentValue(v: IntOrString | undefined | null): number {
  const pct = percentValue(v)
  if (pct !== undefined) return pct
  if (typeof v === 'number') return v
  return typeof v === 'string' && /^[+-]?\d+$/.test(v) ? Number(v) : 0
}

/** ValidatePositiveIntOrPercent. */
export function validatePositiveIntOrPercent(v: IntOrString | undefined | null, fp: FieldPath): FieldError[] {
  if (typeof v === 'string') {
    if (percentRe.test(v)) return []
    return [goInvalid(fp, goIntOrString(v), regexError("a valid percent string must be a numeric string followed by an ending '%'", percentFmt, '1%', '93%'))]
  }
  return validateNonnegative(v ?? 0, fp)
}

/** IsNotMoreThan100Percent. */
export function validateNotMoreThan100Percent(v: IntOrString | undefined | null, fp: FieldPath): FieldError[] {
  const pct = percentValue(v)
  if (pct === undefined || pct <= 100) return []
  return [goInvalid(fp, goIntOrString(v), 'must not be greater than 100%')]
}

// ---------------------------------------------------------------- selector and template

/** metav1.LabelSelectorAsSelector, or undefined when the selector cannot be converted. */
export function selectorOf(sel: LabelSelector | undefined | null): Selector | undefined {
  try {
    return labelSelectorFromObject(sel)
  } catch {
    return undefined
  }
}

/**
 * The selector checks Deployments and ReplicaSets share: required, valid,
 * not empty (the ReplicaSet message says "deployment" too, as in Kubernetes),
 * and convertible to a selector.
 */
export function validateWorkloadSelector(sel: LabelSelector | undefined | null, fp: FieldPath): { errs: FieldError[]; selector: Selector | undefined } {
  const errs: FieldError[] = []
  if (sel === undefined || sel === null) {
    errs.push(field.required(fp.toString()))
  } else {
    errs.push(...validateLabelSelector(sel, fp))
    if (Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions?.length ?? 0) === 0) {
      errs.push(goInvalid(fp, goLabelSelector(sel), 'empty selector is invalid for deployment'))
    }
  }
  const selector = selectorOf(sel)
  if (!selector && sel) errs.push(goInvalid(fp, goLabelSelector(sel), 'invalid label selector'))
  return { errs, selector }
}

/** The `selector` does not match template `labels` error. */
export function selectorMismatch(template: PodTemplateSpec | undefined, fp: FieldPath): FieldError {
  return goInvalid(fp.child('metadata', 'labels'), goStringMap(template?.metadata?.labels), '`selector` does not match template `labels`')
}

/** Template rules every controller-owned pod obeys: they always restart, and never have a deadline. */
export function validateTemplateRestart(template: PodTemplateSpec | undefined, fp: FieldPath, kind: string): FieldError[] {
  const errs: FieldError[] = []
  const rp = template?.spec?.restartPolicy ?? ''
  if (rp !== 'Always') errs.push(field.notSupported(fp.child('spec', 'restartPolicy').toString(), rp, ['Always']))
  const ads = template?.spec?.activeDeadlineSeconds
  if (ads !== undefined && ads !== null) errs.push(field.forbidden(fp.child('spec', 'activeDeadlineSeconds').toString(), `activeDeadlineSeconds in ${kind} is not Supported`))
  return errs
}

/** ValidatePodTemplateSpecForReplicaSet (Deployments use it too). */
export function validateTemplateForReplicaSet(template: PodTemplateSpec | undefined, selector: Selector, fp: FieldPath): FieldError[] {
  if (!template) return [field.required(fp.toString())]
  const errs: FieldError[] = []
  if (!selector.empty() && !selector.matches(template.metadata?.labels)) errs.push(selectorMismatch(template, fp))
  errs.push(...validatePodTemplateSpec(template, fp))
  errs.push(...validateTemplateRestart(template, fp, 'ReplicaSet'))
  return errs
}

/** The selector of apps/v1 workloads may not change (it would orphan their pods). */
export function validateSelectorImmutable(sel: LabelSelector | undefined, old: LabelSelector | undefined, fp: FieldPath): FieldError[] {
  if (semanticEqual(sel ?? null, old ?? null)) return []
  // A nil pointer is printed as the string "null" by field.Error.
  if (sel === undefined || sel === null) return [field.invalid(fp.toString(), 'null', 'field is immutable')]
  return [goInvalid(fp, goLabelSelector(sel), 'field is immutable')]
}

/** `cannot be greater than status.replicas` and friends, for status counters. */
export function validateNotAbove(value: number | undefined, limit: number | undefined, fp: FieldPath, detail: string): FieldError[] {
  // Unset counters are Go zero values: they print as 0.
  if ((value ?? 0) > (limit ?? 0)) return [field.invalid(fp.toString(), value ?? 0, detail)]
  return []
}

// ---------------------------------------------------------------- ReplicaSet

function validateSpec(rs: ReplicaSet): FieldError[] {
  const sp = path('spec')
  const spec = rs.spec ?? ({} as Partial<NonNullable<ReplicaSet['spec']>>)
  const errs = validateNonnegative(spec.replicas, sp.child('replicas'))
  errs.push(...validateNonnegative(spec.minReadySeconds, sp.child('minReadySeconds')))
  const { errs: selErrs, selector } = validateWorkloadSelector(spec.selector, sp.child('selector'))
  errs.push(...selErrs)
  if (selector) errs.push(...validateTemplateForReplicaSet(spec.template, selector, sp.child('template')))
  return errs
}

function validateReplicaSet(rs: ReplicaSet): FieldError[] {
  return [...validateCoreObjectMeta(rs.metadata, true, nameIsDNSSubdomain, path('metadata')), ...validateSpec(rs)]
}

function validateStatus(status: ReplicaSetStatus | undefined): FieldError[] {
  const s = status ?? { replicas: 0 }
  const st = path('status')
  const errs: FieldError[] = []
  for (const k of ['replicas', 'fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'observedGeneration'] as const) {
    errs.push(...validateNonnegative(s[k], st.child(k)))
  }
  const msg = 'cannot be greater than status.replicas'
  errs.push(...validateNotAbove(s.fullyLabeledReplicas, s.replicas, st.child('fullyLabeledReplicas'), msg))
  errs.push(...validateNotAbove(s.readyReplicas, s.replicas, st.child('readyReplicas'), msg))
  errs.push(...validateNotAbove(s.availableReplicas, s.replicas, st.child('availableReplicas'), msg))
  errs.push(...validateNotAbove(s.availableReplicas, s.readyReplicas, st.child('availableReplicas'), 'cannot be greater than readyReplicas'))
  return errs
}

export const replicaSetDefinition: ResourceDefinition<ReplicaSet> = {
  group: 'apps',
  version: 'v1',
  kind: 'ReplicaSet',
  plural: 'replicasets',
  singular: 'replicaset',
  shortNames: ['rs'],
  categories: ['all'],
  namespaced: true,
  hasStatus: true,
  tableColumns: replicaSetColumns,
  tracksGeneration: true,
  scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.spec.selector' },

  defaults(rs) {
    const spec = (rs.spec ??= {} as NonNullable<ReplicaSet['spec']>)
    if (spec.replicas === undefined || spec.replicas === null) spec.replicas = 1
    spec.template ??= {}
    defaultPodTemplateSpec(spec.template)
  },

  prepareForCreate(rs) {
    // status.replicas has no omitempty in Go: a new ReplicaSet reads back with `status: {replicas: 0}`.
    ;(rs as Mutable<ReplicaSet>).status = { replicas: 0 }
  },

  validate: validateReplicaSet,
  warnings: templateWarnings<ReplicaSet>(['spec', 'template'], 'Pod names and hostnames'),

  validateUpdate(rs, old) {
    return [...validateReplicaSet(rs), ...validateSelectorImmutable(rs.spec?.selector, old.spec?.selector, path('spec', 'selector'))]
  },

  validateStatusUpdate(rs) {
    return validateStatus(rs.status)
  },

  selectableFields(rs) {
    return { 'status.replicas': String(rs.status?.replicas ?? 0) }
  }
}
