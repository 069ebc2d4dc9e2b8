import type { Namespace } from 'kubernetes-types/core/v1'
import { type FieldError, field, path } from '../../apimachinery/field-errors'
import type { Mutable } from '../../apimachinery/types'
import { isQualifiedName, nameIsDNSLabel } from '../../apimachinery/validation'
import type { ResourceDefinition } from '../types'
import { namespaceColumns } from '../columns/simple'
import { validateCoreObjectMeta, validateKubeFinalizerName } from '../validation/object-meta'

/**
 * Namespaces (pkg/registry/core/namespace): Active on create with the
 * `kubernetes` finalizer, Terminating on delete until the namespace
 * controller has emptied them and removed that finalizer.
 */

/** The label every namespace carries with its own name (SetDefaults_Namespace). */
export const namespaceNameLabel = 'kubernetes.io/metadata.name'

function defaults(ns: Namespace): void {
  const name = ns.metadata?.name
  // A generateName-only namespace gets the label once named, on its next write.
  if (name) {
    ns.metadata!.labels = { ...(ns.metadata!.labels ?? {}), [namespaceNameLabel]: name }
  }
  const status = ((ns as Mutable<Namespace>).status ??= {})
  if (!status.phase) status.phase = 'Active'
}

function prepareForCreate(ns: Namespace): void {
  ;(ns as Mutable<Namespace>).status = { phase: 'Active' }
  // Kept out of defaulting on purpose: the namespace controller removes it during deletion.
  const finalizers = ns.spec?.finalizers ?? []
  if (!finalizers.includes('kubernetes')) ns.spec = { ...(ns.spec ?? {}), finalizers: [...finalizers, 'kubernetes'] }
}

function prepareForUpdate(ns: Namespace, old: Namespace): void {
  // spec.finalizers change only through the finalize subresource.
  const spec = { ...(ns.spec ?? {}) }
  if (old.spec?.finalizers) spec.finalizers = old.spec.finalizers
  else delete spec.finalizers
  ns.spec = spec
  ;(ns as Mutable<Namespace>).status = old.status
}

function validate(ns: Namespace): FieldError[] {
  const errs = validateCoreObjectMeta(ns.metadata, false, nameIsDNSLabel, path('metadata'))
  // Kubernetes reports spec.finalizers problems at the list, without an index.
  const fp = path('spec', 'finalizers')
  for (const f of ns.spec?.finalizers ?? []) {
    for (const m of isQualifiedName(f)) errs.push(field.invalid(fp.toString(), f, m))
    errs.push(...validateKubeFinalizerName(f, fp))
  }
  return errs
}

function validateStatusUpdate(ns: Namespace): FieldError[] {
  const phase = ns.status?.phase ?? ''
  const fp = path('status', 'Phase').toString()
  if (!ns.metadata?.deletionTimestamp) {
    if (phase !== 'Active') return [field.invalid(fp, phase, "may only be 'Active' if `deletionTimestamp` is empty")]
  } else if (phase !== 'Terminating') {
    return [field.invalid(fp, phase, "may only be 'Terminating' if `deletionTimestamp` is not empty")]
  }
  return []
}

/** Deleting a namespace with finalizers marks it Terminating; the namespace controller finishes the job. */
function finalizeOnDelete(ns: Namespace): Namespace | undefined {
  if (!ns.spec?.finalizers?.length) return undefined
  ;(ns as Mutable<Namespace>).status = { ...(ns.status ?? {}), phase: 'Terminating' }
  return ns
}

export const namespaceDefinition: ResourceDefinition<Namespace> = {
  group: '',
  version: 'v1',
  kind: 'Namespace',
  plural: 'namespaces',
  singular: 'namespace',
  shortNames: ['ns'],
  categories: [],
  namespaced: false,
  hasStatus: true,
  // The namespace REST serves no deletecollection: DELETE /api/v1/namespaces is 405, as in Kubernetes.
  verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  tableColumns: namespaceColumns,
  defaults,
  prepareForCreate,
  prepareForUpdate,
  validate,
  // Updates check metadata only (ValidateNamespaceUpdate); the labels and annotations still have to be valid.
  validateUpdate: (ns) => validateCoreObjectMeta(ns.metadata, false, nameIsDNSLabel, path('metadata')),
  validateStatusUpdate,
  finalizeOnDelete,
  shouldDeleteDuringUpdate: (ns) => !ns.spec?.finalizers?.length,
  // "name" is a legacy alias Kubernetes keeps for compatibility.
  selectableFields: (ns) => ({ 'status.phase': ns.status?.phase ?? '', name: ns.metadata?.name ?? '' })
  // Table columns and the OpenAPI schema are added here by a later change.
}
