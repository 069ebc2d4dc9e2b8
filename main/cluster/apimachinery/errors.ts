import type { Status, StatusCause } from 'kubernetes-types/meta/v1'
import { type FieldError, fieldErrorString } from './field-errors'

/**
 * Kubernetes API errors, built as k8s.io/apimachinery/pkg/api/errors builds
 * them: the same reasons, codes and messages, so that kubectl and client
 * libraries print exactly what they print against a real cluster.
 */

/** A group + resource, as used in messages: `pods`, `deployments.apps`. */
export interface GroupResource {
  group: string
  resource: string
}

/** A group + kind, as used in Invalid messages: `Pod`, `Deployment.apps`. */
export interface GroupKind {
  group: string
  kind: string
}

export type StatusReason =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'BadRequest'
  | 'Expired'
  | 'Gone'
  | 'MethodNotAllowed'
  | 'Forbidden'
  | 'Unauthorized'
  | 'RequestEntityTooLarge'
  | 'UnsupportedMediaType'
  | 'NotAcceptable'
  | 'InternalError'
  | 'ServiceUnavailable'
  | 'Timeout'
  | 'TooManyRequests'

/** An error that carries the Status object the API answers with. */
export class StatusError extends Error {
  constructor(readonly status: Status & { code: number; reason: StatusReason | '' ; message: string }) {
    super(status.message)
    this.name = 'StatusError'
  }
  get code(): number {
    return this.status.code
  }
  get reason(): StatusReason | '' {
    return this.status.reason
  }
}

function groupResourceString(gr: GroupResource): string {
  return gr.group ? `${gr.resource}.${gr.group}` : gr.resource
}

function groupKindString(gk: GroupKind): string {
  return gk.group ? `${gk.kind}.${gk.group}` : gk.kind
}

function make(code: number, reason: StatusReason | '', message: string, details?: Status['details']): StatusError {
  const status: Status & { code: number; reason: StatusReason | ''; message: string } = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code
  }
  if (details) status.details = details
  return new StatusError(status)
}

/** `pods "web-0" not found` (404). */
export function notFound(gr: GroupResource, name: string): StatusError {
  return make(404, 'NotFound', `${groupResourceString(gr)} ${JSON.stringify(name)} not found`, {
    name,
    group: gr.group || undefined,
    kind: gr.resource
  })
}

/** `pods "web-0" already exists` (409). */
export function alreadyExists(gr: GroupResource, name: string): StatusError {
  return make(409, 'AlreadyExists', `${groupResourceString(gr)} ${JSON.stringify(name)} already exists`, {
    name,
    group: gr.group || undefined,
    kind: gr.resource
  })
}

/** The optimistic-concurrency message clients retry on. */
export const conflictDetail = 'the object has been modified; please apply your changes to the latest version and try again'

/** `Operation cannot be fulfilled on pods "web-0": <detail>` (409). */
export function conflict(gr: GroupResource, name: string, detail: string = conflictDetail): StatusError {
  return make(409, 'Conflict', `Operation cannot be fulfilled on ${groupResourceString(gr)} ${JSON.stringify(name)}: ${detail}`, {
    name,
    group: gr.group || undefined,
    kind: gr.resource
  })
}

/** `Pod "x" is invalid: spec.containers[0].image: Required value` (422); several errors are listed in brackets. */
export function invalid(gk: GroupKind, name: string, errors: FieldError[]): StatusError {
  const causes: StatusCause[] = errors.map((e) => ({
    reason: e.type,
    message: fieldErrorString(e).slice(e.field ? e.field.length + 2 : 0),
    field: e.field
  }))
  let message = `${groupKindString(gk)} ${JSON.stringify(name)} is invalid`
  if (errors.length === 1) message += `: ${fieldErrorString(errors[0])}`
  else if (errors.length > 1) message += `: [${errors.map(fieldErrorString).join(', ')}]`
  return make(422, 'Invalid', message, { name, group: gk.group || undefined, kind: gk.kind, causes })
}

/** 400 with a free-form message. */
export function badRequest(message: string): StatusError {
  return make(400, 'BadRequest', message)
}

/** 410: a watch or list from a revision older than the kept history. */
export function expired(message: string): StatusError {
  return make(410, 'Expired', message)
}

/** The message etcd-backed apiservers give for a compacted revision. */
export function resourceVersionTooOld(requested: number, oldest: number): StatusError {
  return expired(`too old resource version: ${requested} (${oldest})`)
}

/** 405: `the server does not allow this method on the requested resource`. */
export function methodNotAllowed(): StatusError {
  return make(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource')
}

/** 403 with the real message form: `pods "x" is forbidden: <reason>`. */
export function forbidden(gr: GroupResource, name: string, reason: string): StatusError {
  const subject = name ? `${groupResourceString(gr)} ${JSON.stringify(name)}` : groupResourceString(gr)
  return make(403, 'Forbidden', `${subject} is forbidden: ${reason}`, { name: name || undefined, group: gr.group || undefined, kind: gr.resource })
}

/** 401, as for a request without credentials. */
export function unauthorized(message = 'Unauthorized'): StatusError {
  return make(401, 'Unauthorized', message)
}

/** 413: a request body over the limit. */
export function requestEntityTooLarge(limitBytes: number): StatusError {
  return make(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${limitBytes}`)
}

/** 415. */
export function unsupportedMediaType(contentType: string): StatusError {
  return make(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf (got ${contentType})`)
}

/** 404 for a path that names no resource. */
export function notFoundPath(): StatusError {
  // NewGenericServerResponse's empty details: clients tell this 404 from a missing object's by details.name == "".
  return make(404, 'NotFound', 'the server could not find the requested resource', {})
}

/** 500: `Internal error occurred: <detail>`. */
export function internalError(detail: string): StatusError {
  return make(500, 'InternalError', `Internal error occurred: ${detail}`, { causes: [{ message: detail }] })
}

/** 429 (NewTooManyRequests): a retryAfterSeconds above 0 travels in details and as a Retry-After header. */
export function tooManyRequests(message: string, retryAfterSeconds: number, causes?: StatusCause[]): StatusError {
  const details: NonNullable<Status['details']> = {}
  if (retryAfterSeconds > 0) details.retryAfterSeconds = retryAfterSeconds
  if (causes?.length) details.causes = causes
  return make(429, 'TooManyRequests', message, details)
}

/** 429 / 503 style errors are not needed yet; this is the generic form. */
export function serviceUnavailable(message: string): StatusError {
  return make(503, 'ServiceUnavailable', message)
}

export function isStatusError(e: unknown): e is StatusError {
  return e instanceof StatusError
}

export function isNotFound(e: unknown): boolean {
  return isStatusError(e) && e.reason === 'NotFound'
}

export function isAlreadyExists(e: unknown): boolean {
  return isStatusError(e) && e.reason === 'AlreadyExists'
}

export function isConflict(e: unknown): boolean {
  return isStatusError(e) && e.reason === 'Conflict'
}

export function isExpired(e: unknown): boolean {
  return isStatusError(e) && (e.reason === 'Expired' || e.code === 410)
}

export function isInvalid(e: unknown): boolean {
  return isStatusError(e) && e.reason === 'Invalid'
}
