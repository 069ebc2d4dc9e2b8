import { StatusError, badRequest } from '../../apimachinery/errors'

/**
 * Errors of the patch appliers, typed by how kube-apiserver answers them
 * (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go):
 *
 * - `BadRequest` (400): the body cannot be decoded, or a directive is
 *   malformed in a way apimachinery's `mergepatch` package names
 *   (`invalid patch format of retainKeys`, ...).
 * - `Unprocessable` (422): a JSON patch operation failed, or a strategic
 *   patch hit `lists of lists are not supported`. The apiserver wraps these
 *   with `NewGenericServerResponse(422, ...)`, which discards the detail and
 *   answers `the server rejected our request due to an error in our request`.
 * - `Internal` (500): any other strategic-merge error (`map: ... does not
 *   contain declared merge key: name`, `unknown patch type: ...`). The
 *   apiserver passes these through unconverted, so the Status carries the
 *   bare message with an empty reason.
 * - `TooLarge` (413): a JSON patch with more than 10000 operations.
 */
export type PatchErrorKind = 'BadRequest' | 'Unprocessable' | 'Internal' | 'TooLarge'

/** A patch that cannot be applied; `message` is the underlying library's text. */
export class PatchError extends Error {
  constructor(
    message: string,
    readonly kind: PatchErrorKind
  ) {
    super(message)
    this.name = 'PatchError'
  }
}

/** The message NewGenericServerResponse gives every 422. */
export const genericUnprocessableMessage = 'the server rejected our request due to an error in our request'

/** The Status error kube-apiserver answers for a failed patch. */
export function patchErrorToStatus(e: PatchError): StatusError {
  const base = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure' }
  switch (e.kind) {
    case 'BadRequest':
      return badRequest(e.message)
    case 'Unprocessable':
      return new StatusError({ ...base, code: 422, reason: 'Invalid', message: genericUnprocessableMessage, details: {} })
    case 'TooLarge':
      return new StatusError({ ...base, code: 413, reason: 'RequestEntityTooLarge', message: `Request entity too large: ${e.message}` })
    case 'Internal':
      // Not a StatusError in Go: ErrorToAPIStatus makes a 500 with reason "" and the raw text.
      return new StatusError({ ...base, code: 500, reason: '', message: e.message })
  }
}

/** Narrowing helper. */
export function isPatchError(e: unknown): e is PatchError {
  return e instanceof PatchError
}
