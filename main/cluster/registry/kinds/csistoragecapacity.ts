import type { CSIStorageCapacity } from 'kubernetes-types/storage/v1'
import type { KubeObject } from '../../apimachinery/types'
import { type FieldError, field, path } from '../../apimachinery/field-errors'
import { nameIsDNSSubdomain } from '../../apimachinery/validation'
import type { ResourceDefinition } from '../types'
import { column, nameColumn } from '../columns/common'
import { validateCoreObjectMeta } from '../validation/object-meta'
import { validateDNS1123Subdomain } from '../validation/names'
import { quantityError, toQuantity } from '../validation/resources'

/**
 * storage.k8s.io/v1 CSIStorageCapacity: how much a storage class can still
 * provision in one topology segment, published by a CSI driver's external
 * provisioner for the scheduler. Namespaced (the driver's namespace); none
 * exist by default. Validation as ValidateCSIStorageCapacity. Its Table has
 * no Age column, as kube-apiserver's printer has none.
 */
export type CSIStorageCapacityObject = CSIStorageCapacity & KubeObject

function validateQuantityField(value: string | undefined, fp: string): FieldError[] {
  if (value === undefined) return []
  const problem = quantityError(value)
  if (problem) return [field.invalid(fp, value, problem)]
  const q = toQuantity(value)
  return q && q.sign() < 0 ? [field.invalid(fp, value, 'must be greater than or equal to 0')] : []
}

function validateCapacity(c: CSIStorageCapacityObject): FieldError[] {
  const errs = validateCoreObjectMeta(c.metadata, true, nameIsDNSSubdomain, path('metadata'))
  if (!c.storageClassName) errs.push(field.required('storageClassName', ''))
  else errs.push(...validateDNS1123Subdomain(c.storageClassName, path('storageClassName')))
  errs.push(...validateQuantityField(c.capacity, 'capacity'))
  errs.push(...validateQuantityField(c.maximumVolumeSize, 'maximumVolumeSize'))
  return errs
}

export const csiStorageCapacityDefinition: ResourceDefinition<CSIStorageCapacityObject> = {
  group: 'storage.k8s.io',
  version: 'v1',
  kind: 'CSIStorageCapacity',
  plural: 'csistoragecapacities',
  singular: 'csistoragecapacity',
  shortNames: [],
  categories: [],
  namespaced: true,
  hasStatus: false,
  tableColumns: [
    nameColumn(),
    column('StorageClassName', 'storageClassName represents the name of the StorageClass that the reported capacity applies to.', (c) => c.storageClassName ?? ''),
    column('Capacity', 'capacity is the value reported by the CSI driver in its GetCapacityResponse.', (c) => c.capacity ?? '<unset>')
  ],

  defaults() {},

  validate: validateCapacity,

  validateUpdate(c, old) {
    const errs = validateCapacity(c)
    if (c.storageClassName !== old.storageClassName) errs.push(field.invalid('storageClassName', c.storageClassName, 'field is immutable'))
    return errs
  }
}
