import type { PodDisruptionBudget, PodDisruptionBudgetSpec } from 'kubernetes-types/policy/v1'
import type { Condition, LabelSelector } from 'kubernetes-types/meta/v1'
import type { KubeObject, Mutable } from '../../apimachinery/types'
import type { Clock } from '../../clock/types'
import { type FieldError, type FieldPath, field, path } from '../../apimachinery/field-errors'
import { type LabelSelectorValidationOptions, validateLabelSelector } from '../../apimachinery/label-selector'
import { nameIsPathSegment, validateObjectMeta } from '../../apimachinery/validation'
import type { ResourceDefinition, TableColumn } from '../types'
import { ageColumn, column, nameColumn } from '../columns/common'
import { validateNonnegative } from '../validation/numbers'
import { goInvalid, validateNotMoreThan100Percent, validatePositiveIntOrPercent } from './replicaset'

/**
 * policy/v1 PodDisruptionBudget (pkg/registry/policy/poddisruptionbudget,
 * pkg/apis/policy/validation): how many of the pods a selector picks may be
 * voluntarily disrupted (evicted) at a time. No defaults in policy/v1; the
 * status starts at zero and only the disruption controller and the eviction
 * subresource write it.
 */
export type PodDisruptionBudgetObject = PodDisruptionBudget & KubeObject

const unhealthyPodEvictionPolicies = ['AlwaysAllow', 'IfHealthyBudget'] as const

/** %#v of an optional pointer field: `(*T)(nil)` or a pointer address, as Go prints a struct holding it. */
function goPointer(type: string, set: boolean, slot: number): string {
  return `(*${type})(${set ? `0xc000${(0x10000 + slot * 0x10).toString(16).padStart(6, '0')}` : 'nil'})`
}

/** %#v of the internal policy.PodDisruptionBudgetSpec, the bad value of "cannot be both set". */
function goSpec(spec: PodDisruptionBudgetSpec): string {
  return (
    `policy.PodDisruptionBudgetSpec{MinAvailable:${goPointer('intstr.IntOrString', spec.minAvailable != null, 0)}, ` +
    `Selector:${goPointer('v1.LabelSelector', spec.selector != null, 1)}, ` +
    `MaxUnavailable:${goPointer('intstr.IntOrString', spec.maxUnavailable != null, 2)}, ` +
    `UnhealthyPodEvictionPolicy:${goPointer('policy.UnhealthyPodEvictionPolicyType', spec.unhealthyPodEvictionPolicy != null, 3)}}`
  )
}

/** ValidatePodDisruptionBudgetSpec. */
function validateSpec(spec: PodDisruptionBudgetSpec, opts: LabelSelectorValidationOptions): FieldError[] {
  const sp = path('spec')
  const errs: FieldError[] = []
  if (spec.minAvailable != null && spec.maxUnavailable != null) errs.push(goInvalid(sp, goSpec(spec), 'minAvailable and maxUnavailable cannot be both set'))
  for (const name of ['minAvailable', 'maxUnavailable'] as const) {
    const v = spec[name]
    if (v == null) continue
    errs.push(...validatePositiveIntOrPercent(v, sp.child(name)), ...validateNotMoreThan100Percent(v, sp.child(name)))
  }
  errs.push(...validateLabelSelector(spec.selector ?? undefined, sp.child('selector'), opts))
  const policy = spec.unhealthyPodEvictionPolicy
  if (policy != null && !(unhealthyPodEvictionPolicies as readonly string[]).includes(policy)) {
    errs.push(field.notSupported(sp.child('unhealthyPodEvictionPolicy').toString(), policy, unhealthyPodEvictionPolicies))
  }
  return errs
}

function validatePDB(pdb: PodDisruptionBudgetObject, opts: LabelSelectorValidationOptions = {}): FieldError[] {
  // The strategy checks only the spec; the generic store checks metadata with path-segment names.
  return [...validateObjectMeta(pdb.metadata ?? {}, { namespaced: true, validateName: nameIsPathSegment }, path('metadata')), ...validateSpec(pdb.spec ?? {}, opts)]
}

const conditionStatuses = ['True', 'False', 'Unknown']
const conditionReason = /^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$/

/** metav1validation.ValidateConditions, the parts a status writer can get wrong. */
function validateConditions(conditions: readonly Condition[], fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  const seen = new Set<string>()
  conditions.forEach((c, i) => {
    const cp = fp.index(i)
    if (!c.type) errs.push(field.required(cp.child('type').toString()))
    else if (seen.has(c.type)) errs.push(field.duplicate(cp.child('type').toString(), c.type))
    seen.add(c.type)
    if (!conditionStatuses.includes(c.status)) errs.push(field.notSupported(cp.child('status').toString(), c.status, conditionStatuses))
    if ((c.observedGeneration ?? 0) < 0) errs.push(field.invalid(cp.child('observedGeneration').toString(), c.observedGeneration, 'must be greater than or equal to zero'))
    if (!c.lastTransitionTime) errs.push(field.required(cp.child('lastTransitionTime').toString(), 'must be set'))
    if (!c.reason) errs.push(field.required(cp.child('reason').toString(), 'must be set'))
    else if (!conditionReason.test(c.reason)) {
      errs.push(field.invalid(cp.child('reason').toString(), c.reason, `a condition reason must start with alphabetic character, optionally followed by a string of alphanumeric characters or '_,:', and must end with an alphanumeric character or '_' (e.g. 'my_name',  or 'MY_NAME',  or 'MyName',  or 'ReasonA,ReasonB',  or 'ReasonA:ReasonB', regex used for validation is '[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?')`))
    }
    if ((c.message ?? '').length > 32768) errs.push(field.tooLong(cp.child('message').toString(), '', 32768))
  })
  return errs
}

/** ValidatePodDisruptionBudgetStatusUpdate (policy/v1): counters non-negative, conditions well formed. */
function validateStatus(pdb: PodDisruptionBudgetObject): FieldError[] {
  const s = pdb.status ?? ({} as NonNullable<PodDisruptionBudget['status']>)
  const fp = path('status')
  return [
    ...validateConditions(s.conditions ?? [], fp.child('conditions')),
    ...validateNonnegative(s.disruptionsAllowed, fp.child('disruptionsAllowed')),
    ...validateNonnegative(s.currentHealthy, fp.child('currentHealthy')),
    ...validateNonnegative(s.desiredHealthy, fp.child('desiredHealthy')),
    ...validateNonnegative(s.expectedPods, fp.child('expectedPods'))
  ]
}

/** The status of a new budget: its four counters are not optional in Go, so they read 0. */
function emptyStatus(): NonNullable<PodDisruptionBudget['status']> {
  return { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 }
}

/** printPodDisruptionBudget: an unset bound reads N/A. */
const intOrStringCell = (v: number | string | undefined | null): string => (v == null ? 'N/A' : String(v))

export const podDisruptionBudgetColumns: TableColumn<PodDisruptionBudgetObject>[] = [
  nameColumn(),
  column('Min Available', 'The minimum number of pods that must be available.', (p) => intOrStringCell(p.spec?.minAvailable)),
  column('Max Unavailable', 'The maximum number of pods that may be unavailable.', (p) => intOrStringCell(p.spec?.maxUnavailable)),
  column('Allowed Disruptions', 'Calculated number of pods that may be disrupted at this time.', (p) => p.status?.disruptionsAllowed ?? 0, 0, 'integer'),
  ageColumn()
]

/** Selectors stored before label values were checked strictly may keep their values on update. */
function hadInvalidSelector(sel: LabelSelector | undefined): boolean {
  return !!sel && validateLabelSelector(sel, path('spec', 'selector')).length > 0
}

export const podDisruptionBudgetDefinition: ResourceDefinition<PodDisruptionBudgetObject> = {
  group: 'policy',
  version: 'v1',
  kind: 'PodDisruptionBudget',
  plural: 'poddisruptionbudgets',
  singular: 'poddisruptionbudget',
  shortNames: ['pdb'],
  categories: [],
  namespaced: true,
  hasStatus: true,
  tracksGeneration: true,
  tableColumns: podDisruptionBudgetColumns,

  defaults() {},

  prepareForCreate(pdb) {
    ;(pdb as Mutable<PodDisruptionBudgetObject>).status = emptyStatus()
  },

  validate: (pdb) => validatePDB(pdb),

  validateUpdate(pdb, old) {
    return validatePDB(pdb, { allowInvalidLabelValueInSelector: hadInvalidSelector(old.spec?.selector) })
  },

  validateStatusUpdate: (pdb) => validateStatus(pdb)
}

/**
 * apimeta.SetStatusCondition for the budget's DisruptionAllowed condition:
 * reason, message and observedGeneration always follow; the transition time
 * moves only when the status flips.
 */
export function setDisruptionAllowed(pdb: PodDisruptionBudget, clock: Clock, status: 'True' | 'False', reason: string, message = ''): void {
  const s = pdb.status!
  const want: Condition = { type: 'DisruptionAllowed', status, reason, message, lastTransitionTime: clock.rfc3339() }
  // observedGeneration is omitempty in Go.
  if (s.observedGeneration) want.observedGeneration = s.observedGeneration
  const conditions = (s.conditions ??= [])
  const i = conditions.findIndex((c) => c.type === want.type)
  if (i < 0) conditions.push(want)
  else conditions[i] = { ...want, lastTransitionTime: conditions[i].status === status ? conditions[i].lastTransitionTime : want.lastTransitionTime }
}

/** pdbhelper.UpdateDisruptionAllowedCondition: True (SufficientPods) while disruptions are allowed, else False (InsufficientPods). */
export function setDisruptionAllowedCondition(pdb: PodDisruptionBudget, clock: Clock): void {
  if (pdb.status!.disruptionsAllowed > 0) setDisruptionAllowed(pdb, clock, 'True', 'SufficientPods')
  else setDisruptionAllowed(pdb, clock, 'False', 'InsufficientPods')
}

/** pdbhelper.ConditionsAreUpToDate. */
export function disruptionConditionUpToDate(pdb: PodDisruptionBudget): boolean {
  const cond = pdb.status?.conditions?.find((c) => c.type === 'DisruptionAllowed')
  if (!cond || (pdb.status?.observedGeneration ?? 0) !== (pdb.metadata?.generation ?? 0)) return false
  if ((pdb.status?.disruptionsAllowed ?? 0) > 0) return cond.status === 'True' && cond.reason === 'SufficientPods'
  return cond.status === 'False' && cond.reason === 'InsufficientPods'
}
