import type { StorageClass } from 'kubernetes-types/storage/v1'
import type { TopologySelectorTerm } from 'kubernetes-types/core/v1'
import type { KubeObject } from '../../apimachinery/types'
import { type FieldError, type FieldPath, field, path } from '../../apimachinery/field-errors'
import { deepEqual, nameIsDNSSubdomain, validateImmutable } from '../../apimachinery/validation'
import type { ResourceDefinition } from '../types'
import { storageClassColumns } from '../columns/storage'
import { validateQualifiedName } from '../validation/names'
import { validateCoreObjectMeta } from '../validation/object-meta'

/**
 * storage.k8s.io/v1 StorageClass: cluster-scoped, no spec/status split.
 * Defaults as pkg/apis/storage/v1/defaults.go, validation as
 * pkg/apis/storage/validation (provisioner, parameters, reclaimPolicy and
 * volumeBindingMode may not change once created).
 */
export type StorageClassObject = StorageClass & KubeObject

const reclaimPolicies = ['Delete', 'Retain'] as const
const bindingModes = ['Immediate', 'WaitForFirstConsumer'] as const
/** At most this many parameters, of at most this many bytes in all. */
const maxParameters = 512
const maxParameterBytes = 256 * 1024

function validateParameters(params: Record<string, string> | undefined, fp: FieldPath): FieldError[] {
  const entries = Object.entries(params ?? {})
  if (entries.length > maxParameters) return [field.tooLong(fp.toString(), 'Provisioner Parameters exceeded max allowed', maxParameters)]
  const errs: FieldError[] = []
  let total = 0
  for (const [k, v] of entries) {
    if (k.length < 1) errs.push(field.invalid(fp.toString(), k, 'field can not be empty.'))
    total += Buffer.byteLength(k) + Buffer.byteLength(v ?? '')
  }
  if (total > maxParameterBytes) errs.push(field.tooLong(fp.toString(), '', maxParameterBytes))
  return errs
}

/** ValidateTopologySelectorTerm for each term, plus duplicate terms. */
function validateAllowedTopologies(terms: TopologySelectorTerm[] | undefined, fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  const seen: Map<string, string[]>[] = []
  ;(terms ?? []).forEach((term, i) => {
    const ep = fp.index(i).child('matchLabelExpressions')
    const exprs = new Map<string, string[]>()
    ;(term.matchLabelExpressions ?? []).forEach((rq, j) => {
      const rp = ep.index(j)
      const values = rq.values ?? []
      if (values.length === 0) errs.push(field.required(rp.child('values').toString()))
      const set = new Set<string>()
      values.forEach((v, k) => {
        if (set.has(v)) errs.push(field.duplicate(rp.child('values').index(k).toString(), v))
        set.add(v)
      })
      errs.push(...validateQualifiedName(rq.key, rp.child('key')))
      if (exprs.has(rq.key)) errs.push(field.duplicate(rp.child('key').toString(), rq.key))
      exprs.set(rq.key, [...set].sort())
    })
    if (seen.some((s) => deepEqual(Object.fromEntries(s), Object.fromEntries(exprs)))) errs.push(field.duplicate(ep.toString(), ''))
    seen.push(exprs)
  })
  return errs
}

function validateStorageClass(sc: StorageClassObject): FieldError[] {
  const errs = validateCoreObjectMeta(sc.metadata, false, nameIsDNSSubdomain, path('metadata'))
  const provisioner = sc.provisioner ?? ''
  if (!provisioner) errs.push(field.required('provisioner'))
  else errs.push(...validateQualifiedName(provisioner.toLowerCase(), path('provisioner')))
  errs.push(...validateParameters(sc.parameters, path('parameters')))
  // Defaulting always sets both; an explicit empty reclaimPolicy is let through, as Kubernetes does.
  if (sc.reclaimPolicy && !(reclaimPolicies as readonly string[]).includes(sc.reclaimPolicy)) {
    errs.push(field.notSupported('reclaimPolicy', sc.reclaimPolicy, reclaimPolicies))
  }
  if (sc.volumeBindingMode === undefined) errs.push(field.required('volumeBindingMode'))
  else if (!(bindingModes as readonly string[]).includes(sc.volumeBindingMode)) errs.push(field.notSupported('volumeBindingMode', sc.volumeBindingMode, bindingModes))
  errs.push(...validateAllowedTopologies(sc.allowedTopologies, path('allowedTopologies')))
  return errs
}

export const storageClassDefinition: ResourceDefinition<StorageClassObject> = {
  group: 'storage.k8s.io',
  version: 'v1',
  kind: 'StorageClass',
  plural: 'storageclasses',
  singular: 'storageclass',
  shortNames: ['sc'],
  categories: [],
  namespaced: false,
  hasStatus: false,
  tableColumns: storageClassColumns,

  defaults(sc) {
    if (sc.reclaimPolicy === undefined) sc.reclaimPolicy = 'Delete'
    if (sc.volumeBindingMode === undefined) sc.volumeBindingMode = 'Immediate'
  },

  validate: validateStorageClass,

  validateUpdate(sc, old) {
    const errs = validateStorageClass(sc)
    if (!deepEqual(sc.parameters ?? {}, old.parameters ?? {})) errs.push(field.forbidden('parameters', 'updates to parameters are forbidden.'))
    if (sc.provisioner !== old.provisioner) errs.push(field.forbidden('provisioner', 'updates to provisioner are forbidden.'))
    if ((sc.reclaimPolicy ?? '') !== (old.reclaimPolicy ?? '')) errs.push(field.forbidden('reclaimPolicy', 'updates to reclaimPolicy are forbidden.'))
    errs.push(...validateImmutable(sc.volumeBindingMode, old.volumeBindingMode, 'volumeBindingMode'))
    return errs
  }
}
