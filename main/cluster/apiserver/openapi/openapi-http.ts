import type { IncomingMessage, ServerResponse } from 'node:http'
import { methodNotAllowed, notFoundPath } from '../../apimachinery/errors'
import type { OpenApiService } from './openapi-service'
import { openApiV2Path, openApiV2Reply } from './v2-http'

/**
 * HTTP answers for `/openapi/v3` and `/openapi/v3/<gv>`, as kube-openapi's
 * handler3 gives them: the index as JSON; a document as JSON with its hash
 * as ETag (304 for a matching If-None-Match); with a stale `?hash=`, a 301 to
 * the current one; with the current `?hash=`, cacheable for good.
 */

/** What to write back. */
export interface OpenApiReply {
  code: number
  headers: Record<string, string>
  body: string
}

const prefix = '/openapi/v3'

/** Whether a URL path is one this module answers (/openapi/v2 included, see v2-http.ts). */
export function isOpenApiPath(pathname: string): boolean {
  return pathname === openApiV2Path || pathname === prefix || pathname === `${prefix}/` || pathname.startsWith(`${prefix}/`)
}

/**
 * The reply to a request for `pathname` (already known to be under
 * /openapi/v3). Throws StatusErrors (404 unknown group-version, 405 not GET)
 * for the caller's error writer.
 */
export function openApiReply(service: OpenApiService, method: string, pathname: string, query: URLSearchParams, ifNoneMatch?: string): OpenApiReply {
  if (method !== 'GET' && method !== 'HEAD') throw methodNotAllowed()
  const rest = pathname.slice(prefix.length).replace(/^\/+|\/+$/g, '')
  if (rest === '') {
    return { code: 200, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' }, body: JSON.stringify(service.index()) }
  }
  const json = service.documentJSON(rest)
  if (json === undefined) throw notFoundPath()
  const hash = service.hash(rest)
  const etag = `"${hash}"`
  const requested = query.get('hash')
  if (requested !== null && requested !== hash) {
    const location = `${prefix}/${rest}?hash=${hash}`
    return { code: 301, headers: { Location: location, 'Cache-Control': 'no-cache, private', 'Content-Type': 'text/plain; charset=utf-8' }, body: '' }
  }
  const cache = requested === hash ? 'public, immutable, max-age=31536000' : 'no-cache, private'
  if (ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim() === etag)) {
    return { code: 304, headers: { ETag: etag, 'Cache-Control': cache }, body: '' }
  }
  return { code: 200, headers: { 'Content-Type': 'application/json', ETag: etag, 'Cache-Control': cache }, body: json }
}

/** Writes the reply to `/openapi/v3...` or `/openapi/v2` on a Node response (HEAD gets the headers only). */
export function serveOpenApi(service: OpenApiService, req: IncomingMessage, res: ServerResponse, url: URL): void {
  const method = req.method ?? 'GET'
  if (url.pathname === openApiV2Path) {
    const v2 = openApiV2Reply(service, method, req.headers.accept, req.headers['if-none-match'])
    res.writeHead(v2.code, v2.code === 200 ? { ...v2.headers, 'Content-Length': v2.body.length } : v2.headers)
    res.end(method === 'HEAD' ? undefined : v2.body)
    return
  }
  const reply = openApiReply(service, method, url.pathname, url.searchParams, req.headers['if-none-match'])
  const headers: Record<string, string | number> = { ...reply.headers }
  if (reply.code === 200) headers['Content-Length'] = Buffer.byteLength(reply.body)
  res.writeHead(reply.code, headers)
  res.end(method === 'HEAD' ? undefined : reply.body)
}
