import type { ObjectMeta } from 'kubernetes-types/meta/v1'
import { type FieldError, type FieldPath, field } from '../../apimachinery/field-errors'
import { type NameValidator, validateObjectMeta } from '../../apimachinery/validation'

const standardFinalizers = ['kubernetes', 'orphan', 'foregroundDeletion']

/**
 * ObjectMeta as core/validation.ValidateObjectMeta checks it for the core
 * kinds: the generic checks plus the rule that an unprefixed finalizer must be
 * one of Kubernetes' own.
 */
export function validateCoreObjectMeta(meta: ObjectMeta | undefined, namespaced: boolean, validateName: NameValidator, fp: FieldPath): FieldError[] {
  const m = meta ?? {}
  const errs = validateObjectMeta(m, { namespaced, validateName }, fp)
  ;(m.finalizers ?? []).forEach((f, i) => errs.push(...validateKubeFinalizerName(f, fp.child('finalizers').index(i))))
  return errs
}

/** validateKubeFinalizerName: `name is neither a standard finalizer name nor is it fully qualified`. */
export function validateKubeFinalizerName(name: string, fp: FieldPath): FieldError[] {
  if (!name.includes('/') && !standardFinalizers.includes(name)) return [field.invalid(fp.toString(), name, 'name is neither a standard finalizer name nor is it fully qualified')]
  return []
}
