import type { PriorityClass } from 'kubernetes-types/scheduling/v1'
import type { KubeObject } from '../../apimachinery/types'
import { type FieldError, field, path } from '../../apimachinery/field-errors'
import { nameIsDNSSubdomain, validateImmutable } from '../../apimachinery/validation'
import type { ResourceDefinition } from '../types'
import { priorityClassColumns } from '../columns/priorityclass'
import { validateCoreObjectMeta } from '../validation/object-meta'

/**
 * scheduling.k8s.io/v1 PriorityClass: a name for a pod priority. The two
 * system classes exist from the start; other `system-` names are reserved,
 * and user classes stay at or below one billion. Value and preemption
 * policy never change. Validation as pkg/apis/scheduling/validation.
 */
export type PriorityClassObject = PriorityClass & KubeObject

/** The classes the apiserver creates at start (scheduling.SystemPriorityClasses). */
export const systemPriorityClasses: PriorityClass[] = [
  {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: 'system-node-critical' },
    value: 2000001000,
    description: 'Used for system critical pods that must not be moved from their current node.'
  },
  {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: 'system-cluster-critical' },
    value: 2000000000,
    description: 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.'
  }
]

const systemPrefix = 'system-'
const highestUserDefinablePriority = 1000000000
const preemptionPolicies = ['Never', 'PreemptLowerPriority'] as const

/** IsKnownSystemPriorityClass: '' when the name, value and default flag are a system class's, else why not. */
function systemClassProblem(pc: PriorityClass): string {
  const known = systemPriorityClasses.find((s) => s.metadata?.name === pc.metadata?.name)
  if (!known) return `${pc.metadata?.name} is not a known system priority class`
  if (known.value !== pc.value) return `value of ${pc.metadata?.name} PriorityClass must be ${known.value}`
  if (Boolean(pc.globalDefault) !== false) return `globalDefault of ${pc.metadata?.name} PriorityClass must be false`
  return ''
}

function validatePriorityClass(pc: PriorityClassObject): FieldError[] {
  const errs = validateCoreObjectMeta(pc.metadata, false, nameIsDNSSubdomain, path('metadata'))
  if ((pc.metadata.name ?? '').startsWith(systemPrefix)) {
    const problem = systemClassProblem(pc)
    if (problem) errs.push(field.forbidden('metadata.name', `priority class names with '${systemPrefix}' prefix are reserved for system use only. error: ${problem}`))
  } else if ((pc.value ?? 0) > highestUserDefinablePriority) {
    errs.push(field.forbidden('value', `maximum allowed value of a user defined priority is ${highestUserDefinablePriority}`))
  }
  if (pc.preemptionPolicy !== undefined && !(preemptionPolicies as readonly string[]).includes(pc.preemptionPolicy)) {
    errs.push(field.notSupported('preemptionPolicy', pc.preemptionPolicy, preemptionPolicies))
  }
  return errs
}

export const priorityClassDefinition: ResourceDefinition<PriorityClassObject> = {
  group: 'scheduling.k8s.io',
  version: 'v1',
  kind: 'PriorityClass',
  plural: 'priorityclasses',
  singular: 'priorityclass',
  shortNames: ['pc'],
  categories: [],
  namespaced: false,
  hasStatus: false,
  tableColumns: priorityClassColumns,

  defaults(pc) {
    pc.preemptionPolicy ??= 'PreemptLowerPriority'
  },

  validate: validatePriorityClass,

  validateUpdate(pc, old) {
    const errs = validatePriorityClass(pc)
    if (pc.value !== old.value) errs.push(field.forbidden('value', 'may not be changed in an update.'))
    errs.push(...validateImmutable(pc.preemptionPolicy, old.preemptionPolicy, 'preemptionPolicy'))
    return errs
  }
}
