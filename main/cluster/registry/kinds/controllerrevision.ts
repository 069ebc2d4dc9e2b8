import type { ControllerRevision } from 'kubernetes-types/apps/v1'
import { type FieldError, field, path } from '../../apimachinery/field-errors'
import { nameIsDNSSubdomain, validateImmutable } from '../../apimachinery/validation'
import type { ResourceDefinition } from '../types'
import { controllerRevisionColumns } from '../columns/statefulset'
import { validateNonnegative } from '../validation/numbers'
import { validateCoreObjectMeta } from '../validation/object-meta'

/**
 * apps/v1 ControllerRevision (pkg/registry/apps/controllerrevision): an
 * immutable snapshot of a controller's state (a StatefulSet's or DaemonSet's
 * pod template patch) with a revision number, which rollouts and
 * `kubectl rollout history/undo` read. No status; only the number may change.
 */

function validateControllerRevision(cr: ControllerRevision): FieldError[] {
  const errs = validateCoreObjectMeta(cr.metadata, true, nameIsDNSSubdomain, path('metadata'))
  if (cr.data === undefined || cr.data === null) errs.push(field.required('data', 'data is mandatory'))
  errs.push(...validateNonnegative(cr.revision, path('revision')))
  return errs
}

export const controllerRevisionDefinition: ResourceDefinition<ControllerRevision> = {
  group: 'apps',
  version: 'v1',
  kind: 'ControllerRevision',
  plural: 'controllerrevisions',
  singular: 'controllerrevision',
  shortNames: [],
  categories: [],
  namespaced: true,
  hasStatus: false,
  tableColumns: controllerRevisionColumns,

  defaults() {},

  validate: validateControllerRevision,

  validateUpdate(cr, old) {
    return [...validateControllerRevision(cr), ...validateImmutable(cr.data, old.data, 'data')]
  }
}
