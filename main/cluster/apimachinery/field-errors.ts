/**
 * Field errors, as k8s.io/apimachinery/pkg/util/validation/field builds them.
 * Their string forms are what users read inside an Invalid Status message:
 * `spec.containers[0].image: Required value`.
 */

/** The reasons a field can be wrong; the values are Kubernetes' CauseType strings. */
export type FieldErrorType =
  | 'FieldValueNotFound'
  | 'FieldValueRequired'
  | 'FieldValueDuplicate'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'InternalError'
  | 'FieldValueTypeInvalid'

/** One problem with one field of an object. */
export interface FieldError {
  /** Which kind of problem. */
  type: FieldErrorType
  /** Path to the field, e.g. `spec.containers[0].image`. */
  field: string
  /** The offending value, when one is shown. */
  badValue?: unknown
  /** Extra explanation, e.g. the regex a name must match. */
  detail?: string
}

const typeText: Record<FieldErrorType, string> = {
  FieldValueNotFound: 'Not found',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  InternalError: 'Internal error',
  FieldValueTypeInvalid: 'Invalid value'
}

/** Types whose message shows the bad value, as field.Error.ErrorBody does. */
const showsValue = new Set<FieldErrorType>(['FieldValueInvalid', 'FieldValueNotSupported', 'FieldValueDuplicate', 'FieldValueNotFound', 'FieldValueTypeInvalid'])

function formatValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v)
  if (v === null || v === undefined) return 'null'
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  // A []byte field (a CSR's spec.request), as Go's %#v prints it.
  if (v instanceof Uint8Array) return `[]byte{${Array.from(v, (b) => `0x${b.toString(16)}`).join(', ')}}`
  return JSON.stringify(v)
}

/** The message body after the field path: `Invalid value: "Foo": a lowercase RFC 1123 ...`. */
export function fieldErrorBody(e: FieldError): string {
  let s = typeText[e.type]
  if (showsValue.has(e.type) && e.badValue !== undefined) s += `: ${formatValue(e.badValue)}`
  if (e.detail) s += `: ${e.detail}`
  return s
}

/** The whole message for one field error: `<field>: <body>`. */
export function fieldErrorString(e: FieldError): string {
  return e.field ? `${e.field}: ${fieldErrorBody(e)}` : fieldErrorBody(e)
}

/** Builders named as in Go's field package. */
export const field = {
  required: (path: string, detail = ''): FieldError => ({ type: 'FieldValueRequired', field: path, detail }),
  invalid: (path: string, badValue: unknown, detail = ''): FieldError => ({ type: 'FieldValueInvalid', field: path, badValue, detail }),
  notSupported: (path: string, badValue: unknown, supported: readonly string[]): FieldError => ({
    type: 'FieldValueNotSupported',
    field: path,
    badValue,
    detail: supported.length ? 'supported values: ' + supported.map((v) => JSON.stringify(v)).join(', ') : ''
  }),
  forbidden: (path: string, detail: string): FieldError => ({ type: 'FieldValueForbidden', field: path, detail }),
  duplicate: (path: string, badValue: unknown): FieldError => ({ type: 'FieldValueDuplicate', field: path, badValue }),
  notFound: (path: string, badValue: unknown): FieldError => ({ type: 'FieldValueNotFound', field: path, badValue }),
  tooLong: (path: string, badValue: unknown, max: number): FieldError => ({
    type: 'FieldValueTooLong',
    field: path,
    detail: `may not be more than ${max} bytes`,
    badValue
  }),
  tooMany: (path: string, actual: number, max: number): FieldError => ({
    type: 'FieldValueTooMany',
    field: path,
    detail: `must have at most ${max} items`,
    badValue: actual
  }),
  internal: (path: string, detail: string): FieldError => ({ type: 'InternalError', field: path, detail })
}

/**
 * The field path helper: `path('spec').child('containers').index(0).child('image')`
 * renders `spec.containers[0].image`; `.key('app')` renders `metadata.labels[app]`.
 */
export class FieldPath {
  constructor(private readonly text: string = '') {}
  child(name: string, ...more: string[]): FieldPath {
    let t = this.text ? `${this.text}.${name}` : name
    for (const m of more) t += `.${m}`
    return new FieldPath(t)
  }
  index(i: number): FieldPath {
    return new FieldPath(`${this.text}[${i}]`)
  }
  key(k: string): FieldPath {
    return new FieldPath(`${this.text}[${k}]`)
  }
  toString(): string {
    return this.text
  }
}

/** Root of a field path. */
export function path(name: string, ...more: string[]): FieldPath {
  return new FieldPath().child(name, ...more)
}
