import type { Lease } from 'kubernetes-types/coordination/v1'
import type { KubeObject } from '../../apimachinery/types'
import { type FieldError, field, path } from '../../apimachinery/field-errors'
import { nameIsDNSSubdomain, validateObjectMeta } from '../../apimachinery/validation'
import type { ResourceDefinition } from '../types'
import { leaseColumns } from '../columns/simple'

/**
 * coordination.k8s.io/v1 Lease: the heartbeat and leader-election record
 * (node leases in kube-node-lease, controller leader locks). No defaults,
 * no status, validation as pkg/apis/coordination/validation.
 */
export type LeaseObject = Lease & KubeObject

/** Fields of the CoordinatedLeaderElection feature (alpha in 1.32, off by default). */
interface GatedLeaseSpec {
  strategy?: string
  preferredHolder?: string
}

function validateLease(lease: LeaseObject): FieldError[] {
  const errs = validateObjectMeta(lease.metadata, { namespaced: true, validateName: nameIsDNSSubdomain }, path('metadata'))
  const spec = lease.spec ?? {}
  if (spec.leaseDurationSeconds !== undefined && spec.leaseDurationSeconds !== null && spec.leaseDurationSeconds <= 0) {
    errs.push(field.invalid('spec.leaseDurationSeconds', spec.leaseDurationSeconds, 'must be greater than 0'))
  }
  if (spec.leaseTransitions !== undefined && spec.leaseTransitions !== null && spec.leaseTransitions < 0) {
    errs.push(field.invalid('spec.leaseTransitions', spec.leaseTransitions, 'must be greater than or equal to 0'))
  }
  return errs
}

/** Drops the feature-gated fields unless the stored object already uses them, as dropDisabledFields does. */
function dropDisabledFields(lease: LeaseObject, old: LeaseObject | undefined): void {
  const spec = lease.spec as GatedLeaseSpec | undefined
  const oldSpec = old?.spec as GatedLeaseSpec | undefined
  if (!spec || oldSpec?.strategy !== undefined || oldSpec?.preferredHolder !== undefined) return
  delete spec.strategy
  delete spec.preferredHolder
}

export const leaseDefinition: ResourceDefinition<LeaseObject> = {
  group: 'coordination.k8s.io',
  version: 'v1',
  kind: 'Lease',
  plural: 'leases',
  singular: 'lease',
  shortNames: [],
  categories: [],
  namespaced: true,
  hasStatus: false,
  tableColumns: leaseColumns,

  defaults() {},

  prepareForCreate(lease) {
    dropDisabledFields(lease, undefined)
  },

  prepareForUpdate(lease, old) {
    dropDisabledFields(lease, old)
  },

  validate: validateLease,

  validateUpdate(lease) {
    return validateLease(lease)
  }
}
