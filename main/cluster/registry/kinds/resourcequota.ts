import type { ResourceQuota } from 'kubernetes-types/core/v1'
import type { KubeObject } from '../../apimachinery/types'
import { type FieldError, type FieldPath, field, path } from '../../apimachinery/field-errors'
import { tryParseQuantity } from '../../apimachinery/quantity'
import { isQualifiedName, nameIsDNSSubdomain } from '../../apimachinery/validation'
import type { ResourceDefinition } from '../types'
import { resourceQuotaColumns } from '../columns/resourcequota'
import { validateCoreObjectMeta } from '../validation/object-meta'

/**
 * core/v1 ResourceQuota: caps on what a namespace's objects may use in total.
 * The quota controller fills status.hard (from spec.hard) and status.used;
 * the ResourceQuota admission plugin refuses creates that would pass a cap.
 */
export type ResourceQuotaObject = ResourceQuota & KubeObject

const scopes = ['Terminating', 'NotTerminating', 'BestEffort', 'NotBestEffort', 'PriorityClass', 'CrossNamespacePodAffinity'] as const

function validateResourceList(list: Record<string, unknown> | undefined, fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  for (const [name, v] of Object.entries(list ?? {})) {
    const kp = fp.key(name).toString()
    for (const m of isQualifiedName(name)) errs.push(field.invalid(kp, name, m))
    const q = tryParseQuantity(String(v))
    if (q && q.sign() < 0) errs.push(field.invalid(kp, String(v), 'must be greater than or equal to 0'))
  }
  return errs
}

function validateQuota(q: ResourceQuotaObject): FieldError[] {
  const errs = validateCoreObjectMeta(q.metadata, true, nameIsDNSSubdomain, path('metadata'))
  errs.push(...validateResourceList(q.spec?.hard as Record<string, unknown> | undefined, path('spec', 'hard')))
  ;(q.spec?.scopes ?? []).forEach((s, i) => {
    if (!(scopes as readonly string[]).includes(s)) errs.push(field.notSupported(path('spec', 'scopes').index(i).toString(), s, scopes))
  })
  return errs
}

export const resourceQuotaDefinition: ResourceDefinition<ResourceQuotaObject> = {
  group: '',
  version: 'v1',
  kind: 'ResourceQuota',
  plural: 'resourcequotas',
  singular: 'resourcequota',
  shortNames: ['quota'],
  categories: [],
  namespaced: true,
  hasStatus: true,
  tableColumns: resourceQuotaColumns,

  defaults() {},

  prepareForCreate(q) {
    // Status is the controller's: a new quota starts with none.
    delete q.status
  },

  validate: validateQuota,
  validateUpdate: validateQuota,

  validateStatusUpdate(q) {
    return [
      ...validateResourceList(q.status?.hard as Record<string, unknown> | undefined, path('status', 'hard')),
      ...validateResourceList(q.status?.used as Record<string, unknown> | undefined, path('status', 'used'))
    ]
  }
}
