import type { PersistentVolumeClaim, PersistentVolumeClaimSpec, TypedObjectReference } from 'kubernetes-types/core/v1'
import { type FieldError, type FieldPath, field, path } from '../../apimachinery/field-errors'
import type { Mutable } from '../../apimachinery/types'
import { isDNS1123Label, isDNS1123Subdomain, nameIsDNSSubdomain, validateImmutable } from '../../apimachinery/validation'
import { validateLabelSelector } from '../../apimachinery/label-selector'
import type { ResourceDefinition } from '../types'
import { persistentVolumeClaimColumns } from '../columns/storage'
import { semanticEqual } from '../validation/equality'
import { validateCoreObjectMeta } from '../validation/object-meta'
import { defaultResourceList, quantityError, toQuantity } from '../validation/resources'
import { validateAccessModes, volumeModes } from './persistentvolume'

/**
 * PersistentVolumeClaims (pkg/registry/core/persistentvolumeclaim): a
 * request for storage, Pending until bound to a PersistentVolume. The spec is
 * fixed once created, except that a bound claim may grow.
 */

const storageClassAnnotation = 'volume.beta.kubernetes.io/storage-class'

function validateDataSource(ds: TypedObjectReference, fp: FieldPath, isRef: boolean): FieldError[] {
  const errs: FieldError[] = []
  if (!ds.name) errs.push(field.required(fp.child('name').toString()))
  if (!ds.kind) errs.push(field.required(fp.child('kind').toString()))
  const group = ds.apiGroup ?? ''
  if (!group && ds.kind !== 'PersistentVolumeClaim') errs.push(field.invalid(fp.toString(), ds.kind, "must be 'PersistentVolumeClaim' when referencing the default apiGroup"))
  if (group) for (const m of isDNS1123Subdomain(group)) errs.push(field.invalid(fp.child('apiGroup').toString(), group, m))
  if (isRef && ds.namespace) for (const m of isDNS1123Label(ds.namespace)) errs.push(field.invalid(fp.child('namespace').toString(), ds.namespace, m))
  return errs
}

/** ValidatePersistentVolumeClaimSpec. */
function validateSpec(spec: PersistentVolumeClaimSpec): FieldError[] {
  const sp = path('spec')
  const errs: FieldError[] = []
  const modes = spec.accessModes ?? []
  if (modes.length === 0) errs.push(field.required(sp.child('accessModes').toString(), 'at least 1 access mode is required'))
  if (spec.selector) errs.push(...validateLabelSelector(spec.selector, sp.child('selector')))
  errs.push(...validateAccessModes(modes, sp.child('accessModes')))
  // Kubernetes names this path spec.resources[storage], not spec.resources.requests[storage].
  const rp = sp.child('resources').key('storage')
  const storage = spec.resources?.requests?.storage
  if (storage === undefined) errs.push(field.required(rp.toString()))
  else {
    const n = toQuantity(storage)
    if (!n) errs.push(field.invalid(rp.toString(), storage, quantityError(storage) ?? ''))
    else if (n.sign() <= 0) errs.push(field.invalid(rp.toString(), n.toString(), 'must be greater than zero'))
  }
  if (spec.storageClassName) {
    for (const m of isDNS1123Subdomain(spec.storageClassName)) errs.push(field.invalid(sp.child('storageClassName').toString(), spec.storageClassName, m))
  }
  if (spec.volumeMode !== undefined && !volumeModes.includes(spec.volumeMode)) errs.push(field.notSupported(sp.child('volumeMode').toString(), spec.volumeMode, volumeModes))
  if (spec.dataSource) errs.push(...validateDataSource(spec.dataSource, sp.child('dataSource'), false))
  if (spec.dataSourceRef) errs.push(...validateDataSource(spec.dataSourceRef, sp.child('dataSourceRef'), true))
  if (spec.dataSourceRef?.namespace) {
    if (spec.dataSource) errs.push(field.invalid(sp.toString(), 'spec.dataSource', 'may not be specified when dataSourceRef.namespace is specified'))
  } else if (spec.dataSource && spec.dataSourceRef) {
    const a = spec.dataSource
    const b = spec.dataSourceRef
    if ((a.apiGroup ?? null) !== (b.apiGroup ?? null) || a.kind !== b.kind || a.name !== b.name) errs.push(field.invalid(sp.toString(), 'spec.dataSource', 'must match dataSourceRef'))
  }
  return errs
}

function validate(pvc: PersistentVolumeClaim): FieldError[] {
  return [...validateCoreObjectMeta(pvc.metadata, true, nameIsDNSSubdomain, path('metadata')), ...validateSpec(pvc.spec ?? {})]
}

/** ValidatePersistentVolumeClaimUpdate. */
function validateUpdate(pvc: PersistentVolumeClaim, old: PersistentVolumeClaim): FieldError[] {
  const errs = validate(pvc)
  const now: PersistentVolumeClaimSpec = structuredClone(pvc.spec ?? {})
  const was: PersistentVolumeClaimSpec = structuredClone(old.spec ?? {})
  // The PV controller sets volumeName once.
  if (!was.volumeName) {
    if (now.volumeName === undefined) delete was.volumeName
    else was.volumeName = now.volumeName
  }
  const oldAnn = old.metadata?.annotations?.[storageClassAnnotation]
  const newAnn = pvc.metadata?.annotations?.[storageClassAnnotation]
  const fromAnnotation = oldAnn !== undefined && was.storageClassName === undefined && now.storageClassName === oldAnn && (newAnn === undefined || newAnn === oldAnn)
  if (fromAnnotation) {
    now.storageClassName = undefined
  } else {
    if ((newAnn ?? '') !== (oldAnn ?? '')) errs.push(field.invalid(path('metadata', 'annotations', storageClassAnnotation).toString(), newAnn ?? '', 'field is immutable'))
    // A claim without a class may be given one once, e.g. by the default-class controller.
    if (now.storageClassName !== undefined && was.storageClassName === undefined && (oldAnn === undefined || now.storageClassName === oldAnn)) {
      now.storageClassName = undefined
    }
  }
  const bound = pvc.status?.phase === 'Bound'
  if (bound && now.resources?.requests) now.resources.requests.storage = old.spec?.resources?.requests?.storage as string
  if (bound && now.volumeAttributesClassName !== undefined) now.volumeAttributesClassName = was.volumeAttributesClassName
  if (!semanticEqual(now, was)) {
    errs.push(field.forbidden('spec', `spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n${specDiff(was, now)}`))
  }
  const zero = toQuantity('0')!
  const newSize = toQuantity(pvc.spec?.resources?.requests?.storage) ?? zero
  const oldSize = toQuantity(old.spec?.resources?.requests?.storage) ?? zero
  const statusSize = toQuantity(old.status?.capacity?.storage) ?? zero
  // RecoverVolumeExpansionFailure (beta, on since 1.32): a claim may shrink back, but not below what it has.
  if (newSize.cmp(oldSize) < 0 && newSize.cmp(statusSize) <= 0) {
    errs.push(field.forbidden(path('spec', 'resources', 'requests', 'storage').toString(), 'field can not be less than status.capacity'))
  }
  // Kubernetes reports this one without the `spec.` prefix.
  errs.push(...validateImmutable(pvc.spec?.volumeMode, old.spec?.volumeMode, 'volumeMode'))
  return errs
}

function specDiff(was: PersistentVolumeClaimSpec, now: PersistentVolumeClaimSpec): string {
  const lines = ['  core.PersistentVolumeClaimSpec{']
  for (const k of new Set([...Object.keys(was), ...Object.keys(now)])) {
    const a = (was as Record<string, unknown>)[k]
    const b = (now as Record<string, unknown>)[k]
    if (semanticEqual(a, b)) continue
    const goName = k.charAt(0).toUpperCase() + k.slice(1)
    if (a !== undefined) lines.push(`- \t${goName}: ${JSON.stringify(a)},`)
    if (b !== undefined) lines.push(`+ \t${goName}: ${JSON.stringify(b)},`)
  }
  lines.push('  }')
  return lines.join('\n')
}

function validateStatusUpdate(pvc: PersistentVolumeClaim): FieldError[] {
  const errs: FieldError[] = []
  // Kubernetes capitalises Spec in this path.
  if (!pvc.spec?.accessModes?.length) errs.push(field.required('Spec.accessModes'))
  for (const [r, q] of Object.entries(pvc.status?.capacity ?? {})) {
    const n = toQuantity(q)
    if (!n || n.sign() < 0) errs.push(field.invalid(path('status', 'capacity').key(r).toString(), q, 'must be a valid resource quantity'))
  }
  return errs
}

export const persistentVolumeClaimDefinition: ResourceDefinition<PersistentVolumeClaim> = {
  group: '',
  version: 'v1',
  kind: 'PersistentVolumeClaim',
  plural: 'persistentvolumeclaims',
  singular: 'persistentvolumeclaim',
  shortNames: ['pvc'],
  categories: [],
  namespaced: true,
  hasStatus: true,
  tableColumns: persistentVolumeClaimColumns,
  defaults: (pvc) => {
    const status = ((pvc as Mutable<PersistentVolumeClaim>).status ??= {})
    if (!status.phase) status.phase = 'Pending'
    const spec = (pvc.spec ??= {})
    if (!spec.volumeMode) spec.volumeMode = 'Filesystem'
    defaultResourceList(spec.resources?.requests)
    defaultResourceList(spec.resources?.limits)
    defaultResourceList(status.capacity)
  },
  prepareForCreate: (pvc) => {
    ;(pvc as Mutable<PersistentVolumeClaim>).status = { phase: 'Pending' }
  },
  prepareForUpdate: (pvc, old) => {
    ;(pvc as Mutable<PersistentVolumeClaim>).status = old.status
  },
  validate,
  validateUpdate,
  validateStatusUpdate,
  // "name" is a legacy alias Kubernetes keeps for compatibility.
  selectableFields: (pvc) => ({ name: pvc.metadata?.name ?? '' })
  // Table columns and the OpenAPI schema are added here by a later change.
}
