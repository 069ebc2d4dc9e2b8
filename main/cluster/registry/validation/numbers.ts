import { type FieldError, type FieldPath, field } from '../../apimachinery/field-errors'

/** Numeric range checks and their messages, as pkg/apis/core/validation words them. */

/** `must be greater than or equal to 0`, as ValidateNonnegativeField. */
export function validateNonnegative(value: number | undefined, fp: FieldPath): FieldError[] {
  if (value !== undefined && value < 0) return [field.invalid(fp.toString(), value, 'must be greater than or equal to 0')]
  return []
}

/** `must be between lo and hi, inclusive`, as InclusiveRangeError. */
export function inclusiveRangeError(lo: number, hi: number): string {
  return `must be between ${lo} and ${hi}, inclusive`
}
