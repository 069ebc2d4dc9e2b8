/**
 * Requirements: one `key op values` term of a label selector, validated and
 * printed as labels.NewRequirement and Requirement.String() do.
 */

import { badRequest } from '../errors'
import { field, fieldErrorString } from '../field-errors'
import { isQualifiedName, isValidLabelValue } from '../validation'

/** selection.Operator values; the strings are the ones Kubernetes prints in messages. */
export type Operator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt'

/** Binary operators in the order Kubernetes lists them in "expected: ..." messages. */
export const binaryOperators: readonly Operator[] = ['in', 'notin', '=', '==', '!=', 'gt', 'lt']
const validOperators: readonly Operator[] = [...binaryOperators, 'exists', '!']

/** Path of the requirement being built; undefined renders as Go's nil path, `<nil>`. */
type ReqPath = string | undefined

function child(path: ReqPath, name: string): string {
  return path ? `${path}.${name}` : name
}

/** One `key op values` term. Construct with newRequirement() so it is validated. */
export class Requirement {
  /** @internal use newRequirement() */
  constructor(
    readonly key: string,
    readonly operator: Operator,
    readonly values: readonly string[]
  ) {}

  /** Whether a label set satisfies this requirement (labels.Requirement.Matches). */
  matches(labels: Readonly<Record<string, string>> | undefined): boolean {
    const has = labels !== undefined && Object.hasOwn(labels, this.key)
    const value = has ? labels[this.key] : ''
    switch (this.operator) {
      case '=':
      case '==':
      case 'in':
        return has && this.values.includes(value)
      case '!=':
      case 'notin':
        return !has || !this.values.includes(value)
      case 'exists':
        return has
      case '!':
        return !has
      case 'gt':
      case 'lt': {
        // Both sides must parse as int64; anything else simply does not match.
        if (!has || this.values.length !== 1) return false
        const actual = parseInt64(value)
        const bound = parseInt64(this.values[0])
        if (actual === undefined || bound === undefined) return false
        return this.operator === 'gt' ? actual > bound : actual < bound
      }
    }
  }

  /** Canonical text, e.g. `x in (a,b)`, `!x`, `x>1`; values of set operators are sorted. */
  toString(): string {
    const k = this.key
    switch (this.operator) {
      case 'exists':
        return k
      case '!':
        return `!${k}`
      case 'in':
        return `${k} in (${joinSorted(this.values)})`
      case 'notin':
        return `${k} notin (${joinSorted(this.values)})`
      case 'gt':
        return `${k}>${joinSorted(this.values)}`
      case 'lt':
        return `${k}<${joinSorted(this.values)}`
      default:
        return `${k}${this.operator}${joinSorted(this.values)}`
    }
  }
}

function joinSorted(values: readonly string[]): string {
  return [...values].sort(compareStrings).join(',')
}

/** Byte-wise string order, as Go's sort.Strings (all valid keys and values are ASCII). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** strconv.ParseInt(s, 10, 64): optional sign, decimal digits, int64 range. */
function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined
  const n = BigInt(s)
  return n >= -(1n << 63n) && n < 1n << 63n ? n : undefined
}

/** Go's %#v of a []string, the form Kubernetes prints for a bad value set. */
function goStringSlice(values: readonly string[] | undefined): string {
  if (values === undefined) return '[]string(nil)'
  return `[]string{${values.map((v) => JSON.stringify(v)).join(', ')}}`
}

/** field.Invalid(path, []string{...}, detail) rendered as Go renders it. */
function invalidSlice(path: string, values: readonly string[] | undefined, detail: string): string {
  return `${path}: Invalid value: ${goStringSlice(values)}: ${detail}`
}

/** The label-key check of labels.validateLabelKey, at the given path. */
export function labelKeyError(key: string, path: ReqPath): string | undefined {
  const errs = isQualifiedName(key)
  if (errs.length === 0) return undefined
  return fieldErrorString(field.invalid(path ?? '<nil>', key, errs.join('; ')))
}

/** utilerrors.Aggregate.Error(): one message alone, several deduplicated in brackets. */
function aggregate(messages: string[]): string {
  const unique = [...new Set(messages)]
  return unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`
}

/**
 * labels.NewRequirement: validates the key, the operator and the values and
 * throws a 400 with Kubernetes' aggregated field-error message if any is wrong.
 * `path` prefixes the field paths in messages (Kubernetes passes none).
 */
export function newRequirement(key: string, operator: Operator, values: readonly string[] | undefined, path?: string): Requirement {
  const message = requirementErrors(key, operator, values, path)
  if (message) throw badRequest(message)
  return new Requirement(key, operator, [...(values ?? [])])
}

/** The aggregated error of labels.NewRequirement, or undefined when valid. */
export function requirementErrors(key: string, operator: string, values: readonly string[] | undefined, path: ReqPath): string | undefined {
  const errs: string[] = []
  const keyErr = labelKeyError(key, child(path, 'key'))
  if (keyErr) errs.push(keyErr)
  const valuesPath = child(path, 'values')
  const n = values?.length ?? 0
  switch (operator) {
    case 'in':
    case 'notin':
      if (n === 0) errs.push(invalidSlice(valuesPath, values, "for 'in', 'notin' operators, values set can't be empty"))
      break
    case '=':
    case '==':
    case '!=':
      if (n !== 1) errs.push(invalidSlice(valuesPath, values, 'exact-match compatibility requires one single value'))
      break
    case 'exists':
    case '!':
      if (n !== 0) errs.push(invalidSlice(valuesPath, values, 'values set must be empty for exists and does not exist'))
      break
    case 'gt':
    case 'lt':
      if (n !== 1) errs.push(invalidSlice(valuesPath, values, "for 'Gt', 'Lt' operators, exactly one value is required"))
      values?.forEach((v, i) => {
        if (parseInt64(v) === undefined) {
          errs.push(fieldErrorString(field.invalid(`${valuesPath}[${i}]`, v, "for 'Gt', 'Lt' operators, the value must be an integer")))
        }
      })
      break
    default:
      errs.push(fieldErrorString(field.notSupported(child(path, 'operator'), operator, validOperators)))
  }
  values?.forEach((v, i) => {
    const msgs = isValidLabelValue(v)
    if (msgs.length) errs.push(fieldErrorString(field.invalid(`${valuesPath}[${i}][${key}]`, v, msgs.join('; '))))
  })
  return errs.length ? aggregate(errs) : undefined
}
