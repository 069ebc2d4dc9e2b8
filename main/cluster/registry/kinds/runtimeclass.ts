import type { RuntimeClass } from 'kubernetes-types/node/v1'
import type { KubeObject } from '../../apimachinery/types'
import { type FieldError, field, path } from '../../apimachinery/field-errors'
import { nameIsDNSSubdomain } from '../../apimachinery/validation'
import type { ResourceDefinition } from '../types'
import { ageColumn, column, nameColumn } from '../columns/common'
import { validateCoreObjectMeta } from '../validation/object-meta'
import { validateDNS1123Label } from '../validation/names'
import { quantityError } from '../validation/resources'
import { validateTolerations } from '../validation/tolerations'

/**
 * node.k8s.io/v1 RuntimeClass: a container runtime configuration a pod asks
 * for by name (runtimeClassName), mapped to the CRI handler the nodes know
 * (runc, gVisor's runsc, kata). None exist by default; Kubelab's nodes run
 * every pod alike whatever class it names. Validation as
 * ValidateRuntimeClass: the handler is a DNS label and never changes.
 */
export type RuntimeClassObject = RuntimeClass & KubeObject

function validateRuntimeClass(rc: RuntimeClassObject): FieldError[] {
  const errs = validateCoreObjectMeta(rc.metadata, false, nameIsDNSSubdomain, path('metadata'))
  if (!rc.handler) errs.push(field.required('handler', ''))
  else errs.push(...validateDNS1123Label(rc.handler, path('handler')))
  for (const [name, value] of Object.entries(rc.overhead?.podFixed ?? {})) {
    const problem = quantityError(value)
    if (problem) errs.push(field.invalid(`overhead.podFixed[${name}]`, value, problem))
  }
  if (rc.scheduling?.tolerations?.length) errs.push(...validateTolerations(rc.scheduling.tolerations, path('scheduling').child('tolerations')))
  return errs
}

export const runtimeClassDefinition: ResourceDefinition<RuntimeClassObject> = {
  group: 'node.k8s.io',
  version: 'v1',
  kind: 'RuntimeClass',
  plural: 'runtimeclasses',
  singular: 'runtimeclass',
  shortNames: [],
  categories: [],
  namespaced: false,
  hasStatus: false,
  tableColumns: [nameColumn(), column('Handler', 'handler specifies the underlying runtime and configuration that the CRI implementation will use to handle pods of this class.', (rc) => rc.handler ?? ''), ageColumn()],

  defaults() {},

  validate: validateRuntimeClass,

  validateUpdate(rc, old) {
    const errs = validateRuntimeClass(rc)
    if (rc.handler !== old.handler) errs.push(field.invalid('handler', rc.handler, 'field is immutable'))
    return errs
  }
}
