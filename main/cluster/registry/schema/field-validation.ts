import { type StatusError, badRequest, invalid } from '../../apimachinery/errors'
import { field } from '../../apimachinery/field-errors'
import type { GroupVersionKind } from '../../apimachinery/types'

/**
 * The `fieldValidation` directive of create, update and patch requests, and
 * the errors and warnings kube-apiserver answers with
 * (staging/src/k8s.io/apiserver/pkg/endpoints/handlers: create.go,
 * update.go, patch.go, rest.go). The strict errors themselves come from
 * unknown-fields.ts.
 */

/** What to do with unknown and duplicate fields. */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore'

/** The options kind named in the 422 for a bad directive. */
export type WriteOptionsKind = 'CreateOptions' | 'UpdateOptions' | 'PatchOptions'

/**
 * The request's directive. Absent or empty means Warn (the server default;
 * kubectl always sends Strict unless told otherwise). Anything else is a 422:
 * `CreateOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "x": supported values: "", "Ignore", "Strict", "Warn"`.
 */
export function fieldValidationDirective(query: URLSearchParams, options: WriteOptionsKind): FieldValidation {
  const value = query.get('fieldValidation') ?? ''
  if (value === '') return 'Warn'
  if (value === 'Strict' || value === 'Warn' || value === 'Ignore') return value
  throw invalid({ group: 'meta.k8s.io', kind: options }, '', [field.notSupported('fieldValidation', value, ['', 'Ignore', 'Strict', 'Warn'])])
}

/** `strict decoding error: unknown field "a", duplicate field "b"` */
export function strictDecodingMessage(errors: readonly string[]): string {
  return `strict decoding error: ${errors.join(', ')}`
}

/**
 * The 400 of a create or update (POST/PUT) body with strict errors:
 * `Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.x"`.
 * `gvk` is the body's kind and version (the URL's when the body names none);
 * `kind` the endpoint's kind when it differs.
 */
export function fieldValidationError(gvk: GroupVersionKind, errors: readonly string[], kind: string = gvk.kind): StatusError {
  return badRequest(`${gvk.kind} in version ${JSON.stringify(gvk.version)} cannot be handled as a ${kind}: ${strictDecodingMessage(errors)}`)
}

/**
 * The 422 of a PATCH whose result has strict errors:
 * ` "" is invalid: patch: Invalid value: "<shown>": strict decoding error: ...`
 * (kubectl prints "The request is invalid: patch: ..."). `shown` is what the
 * apiserver prints: the patched object's JSON for JSON and merge patches,
 * Go's `%+v` of the patch map for strategic merge patches.
 */
export function patchFieldValidationError(errors: readonly string[], shown: string): StatusError {
  return invalid({ group: '', kind: '' }, '', [field.invalid('patch', shown, strictDecodingMessage(errors))])
}

/** A `Warning` header value: `299 - "unknown field \"spec.x\""` (quotes and backslashes escaped). */
export function warningHeaderValue(text: string): string {
  return `299 - "${text.replace(/["\\]/g, (c) => `\\${c}`)}"`
}

/** One `Warning` header value per strict error (duplicates dropped, as the apiserver's recorder does). */
export function fieldValidationWarnings(errors: readonly string[]): string[] {
  return [...new Set(errors)].map(warningHeaderValue)
}

/**
 * Applies a directive to the strict errors of a request: Strict throws
 * `strictError()`, Warn returns the Warning header values to add, Ignore (or
 * no errors) returns []. Compute the errors only when the directive is not
 * Ignore: the apiserver does not look for them then.
 */
export function enforceFieldValidation(directive: FieldValidation, errors: readonly string[], strictError: () => StatusError): string[] {
  if (errors.length === 0 || directive === 'Ignore') return []
  if (directive === 'Strict') throw strictError()
  return fieldValidationWarnings(errors)
}
