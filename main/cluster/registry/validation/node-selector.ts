import { type FieldError, type FieldPath, field } from '../../apimachinery/field-errors'
import { isValidLabelValue } from '../../apimachinery/validation'
import { validateQualifiedName } from './names'

/**
 * One node selector requirement (ValidateNodeSelectorRequirement); also used by PersistentVolume nodeAffinity.
 *
 * Not shared with apimachinery's validateLabelSelectorRequirement: node selectors also accept
 * the Gt and Lt operators, which a label selector rejects as `not a valid selector operator`.
 */
export function validateNodeSelectorRequirement(rq: { key: string; operator: string; values?: string[] }, fp: FieldPath, allowInvalidValues: boolean): FieldError[] {
  const errs: FieldError[] = []
  const values = rq.values ?? []
  switch (rq.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) errs.push(field.required(fp.child('values').toString(), "must be specified when `operator` is 'In' or 'NotIn'"))
      break
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) errs.push(field.forbidden(fp.child('values').toString(), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"))
      break
    case 'Gt':
    case 'Lt':
      if (values.length !== 1) errs.push(field.required(fp.child('values').toString(), "must be specified single value when `operator` is 'Lt' or 'Gt'"))
      break
    default:
      errs.push(field.invalid(fp.child('operator').toString(), rq.operator, 'not a valid selector operator'))
  }
  errs.push(...validateQualifiedName(rq.key, fp.child('key')))
  if (!allowInvalidValues) values.forEach((v, i) => isValidLabelValue(v).forEach((m) => errs.push(field.invalid(fp.child('values').index(i).toString(), v, m))))
  return errs
}
