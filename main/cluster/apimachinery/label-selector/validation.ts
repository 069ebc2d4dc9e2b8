/**
 * metav1validation of an API object's LabelSelector: field errors, not parsing.
 */

import type { LabelSelector, LabelSelectorRequirement } from 'kubernetes-types/meta/v1'
import { type FieldError, type FieldPath, field } from '../field-errors'
import { isQualifiedName, isValidLabelValue, validateLabels } from '../validation'

/** Options of metav1validation.LabelSelectorValidationOptions. */
export interface LabelSelectorValidationOptions {
  /** Skip the label-value check of matchExpressions values (for old stored objects). */
  allowInvalidLabelValueInSelector?: boolean
}

/**
 * metav1validation.ValidateLabelSelector: the field errors an API object's
 * selector (e.g. spec.selector of a Deployment) is rejected with.
 */
export function validateLabelSelector(sel: LabelSelector | null | undefined, fp: FieldPath, opts: LabelSelectorValidationOptions = {}): FieldError[] {
  if (!sel) return []
  const errs = validateLabels(sel.matchLabels, fp.child('matchLabels'))
  ;(sel.matchExpressions ?? []).forEach((expr, i) => {
    errs.push(...validateLabelSelectorRequirement(expr, fp.child('matchExpressions').index(i), opts))
  })
  return errs
}

/** metav1validation.ValidateLabelSelectorRequirement for one matchExpressions entry. */
export function validateLabelSelectorRequirement(
  req: LabelSelectorRequirement,
  fp: FieldPath,
  opts: LabelSelectorValidationOptions = {}
): FieldError[] {
  const errs: FieldError[] = []
  const values = req.values ?? []
  switch (req.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) errs.push(field.required(fp.child('values').toString(), "must be specified when `operator` is 'In' or 'NotIn'"))
      break
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) errs.push(field.forbidden(fp.child('values').toString(), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"))
      break
    default:
      errs.push(field.invalid(fp.child('operator').toString(), req.operator, 'not a valid selector operator'))
  }
  for (const msg of isQualifiedName(req.key)) errs.push(field.invalid(fp.child('key').toString(), req.key, msg))
  if (!opts.allowInvalidLabelValueInSelector) {
    values.forEach((v, i) => {
      for (const msg of isValidLabelValue(v)) errs.push(field.invalid(fp.child('values').index(i).toString(), v, msg))
    })
  }
  return errs
}
