import type { ServerResponse } from 'node:http'
import { StatusError, internalError } from '../apimachinery/errors'

/** Writes a JSON body with a status code. */
export function writeJSON(res: ServerResponse, code: number, body: unknown, contentType = 'application/json', indent?: number): void {
  const text = JSON.stringify(body, null, indent)
  res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache, private' })
  res.end(text)
}

/** Writes a non-API object as kube-apiserver's WriteRawJSON does: indented by two spaces (/version, /). */
export function writeRawJSON(res: ServerResponse, code: number, body: unknown): void {
  writeJSON(res, code, body, 'application/json', 2)
}

/** Any thrown value as a Kubernetes Status error; unexpected ones become 500 InternalError. */
export function asStatusError(e: unknown): StatusError {
  if (e instanceof StatusError) return e
  return internalError(e instanceof Error ? e.message : String(e))
}

/** Writes the Status object of an error, with its HTTP code. */
export function writeError(res: ServerResponse, e: unknown): void {
  const err = asStatusError(e)
  if (res.headersSent) {
    res.destroy()
    return
  }
  // As the apiserver's responsewriters: clients (client-go) wait that long before retrying.
  const retryAfter = err.status.details?.retryAfterSeconds
  if (retryAfter) res.setHeader('Retry-After', String(retryAfter))
  writeJSON(res, err.code, err.status)
}

/** The Status a successful delete of a collection or an eviction answers with. */
export function successStatus(details?: Record<string, unknown>): unknown {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', ...(details ? { details } : {}) }
}
