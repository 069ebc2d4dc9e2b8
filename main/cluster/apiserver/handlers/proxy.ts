import { methodNotAllowed, serviceUnavailable } from '../../apimachinery/errors'
import type { DialOutcome } from '../../network/toolbox/http-request'
import type { HttpRequest } from '../../network/toolbox/server-replies'
import type { SubresourceHandler } from '../api-handler'
import { readBody } from '../body'
import type { RequestContext } from './context'
import { podLocation, serviceLocation, type ProxyLocation } from './proxy-location'

/**
 * pods/proxy and services/proxy: the apiserver as an HTTP reverse proxy to
 * a pod (`kubectl proxy`, then
 * /api/v1/namespaces/default/pods/<pod>:8080/proxy/), as its
 * UpgradeAwareHandler and proxy Transport do
 * (k8s.io/apimachinery/pkg/util/proxy): every method, the path after
 * `proxy` and the query passed on, an empty path redirected to `proxy/`,
 * X-Forwarded-For/-Uri added, hop-by-hop and CORS headers dropped, the
 * backend's answer relayed as it came (a redirect's Location under the
 * proxy path), and a failed dial answered 503 `error trying to reach
 * service: ...`.
 */

/** How the apiserver reaches a backend: one request from the control plane (network/toolbox's requestFromControlPlane). */
export type ProxyDialer = (location: ProxyLocation, req: Omit<HttpRequest, 'remote'>) => Promise<DialOutcome>

/** Connection-scoped header fields a proxy does not pass on (Go's httputil.ReverseProxy hopHeaders). */
const hopHeaders = new Set(['connection', 'proxy-connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade'])

/** CORS answers of the backend, removed as corsRemovingTransport removes them. */
const corsHeaders = new Set(['access-control-allow-credentials', 'access-control-allow-headers', 'access-control-allow-methods', 'access-control-allow-origin'])

/** The subresources, as discovery lists them: connect verbs, an options kind of their own. */
export function proxySubresources(dial: ProxyDialer): SubresourceHandler[] {
  const verbs = ['create', 'delete', 'get', 'patch', 'update']
  return [
    { group: '', resource: 'pods', subresource: 'proxy', kind: { group: '', version: 'v1', kind: 'PodProxyOptions' }, verbs, handle: (ctx) => proxy(ctx, podLocation(ctx), dial) },
    { group: '', resource: 'services', subresource: 'proxy', kind: { group: '', version: 'v1', kind: 'ServiceProxyOptions' }, verbs, handle: (ctx) => proxy(ctx, serviceLocation(ctx), dial) }
  ]
}

/**
 * The request path's part after `.../<name>/proxy` (the connect handler's
 * subpath): with a leading slash when not empty, and the request's trailing
 * slash kept.
 */
function subpath(rawPath: string): { prefix: string; path: string } {
  const segments = rawPath.split('/')
  const at = segments.indexOf('proxy', segments[3] === 'namespaces' ? 7 : 5)
  let path = segments.slice(at + 1).join('/')
  if (path && !path.startsWith('/')) path = `/${path}`
  if (rawPath.endsWith('/') && !path.endsWith('/')) path += '/'
  return { prefix: segments.slice(0, at + 1).join('/'), path }
}

/** The client's address as Go's ReverseProxy appends it to X-Forwarded-For. */
function clientIP(ctx: RequestContext): string {
  const ip = ctx.req.socket.remoteAddress ?? ''
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip
}

async function proxy(ctx: RequestContext, location: ProxyLocation, dial: ProxyDialer): Promise<void> {
  const { req, res } = ctx
  const method = req.method ?? 'GET'
  if (method === 'CONNECT' || method === 'TRACE') throw methodNotAllowed()
  const rawURL = req.url ?? '/'
  const q = rawURL.indexOf('?')
  const rawPath = q < 0 ? rawURL : rawURL.slice(0, q)
  const rawQuery = q < 0 ? '' : rawURL.slice(q + 1)
  const { prefix, path } = subpath(rawPath)
  if (!path && (method === 'GET' || method === 'HEAD')) {
    // "Redirect requests with an empty path to a location that ends with a '/'" (issue 4958).
    res.writeHead(301, { Location: `${rawPath}/${rawQuery ? `?${rawQuery}` : ''}`, 'Content-Length': 0 })
    res.end()
    return
  }
  const body = method === 'GET' || method === 'HEAD' ? '' : (await readBody(req)).toString('utf8')
  const connection = new Set((req.headers.connection ?? '').split(',').map((s) => s.trim().toLowerCase()))
  const headers: [string, string][] = []
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]
    const lower = name.toLowerCase()
    if (hopHeaders.has(lower) || connection.has(lower) || lower === 'x-forwarded-for') continue
    headers.push([name, req.rawHeaders[i + 1]])
  }
  const forwarded = req.headers['x-forwarded-for']
  headers.push(['X-Forwarded-For', forwarded ? `${forwarded}, ${clientIP(ctx)}` : clientIP(ctx)])
  headers.push(['X-Forwarded-Uri', `${prefix}${path || '/'}`])
  // Go's transport asks for gzip when the client did not choose an encoding (and decompresses the answer itself).
  if (!req.headers['accept-encoding'] && !req.headers.range && method !== 'HEAD') headers.push(['Accept-Encoding', 'gzip'])
  const target = `${path || '/'}${rawQuery ? `?${rawQuery}` : ''}`
  const out = await dial(location, { method, target, headers, body: body || undefined })
  if (out.kind === 'error') throw serviceUnavailable(`error trying to reach service: ${out.message}`)
  const reply = out.reply
  if (reply.kind !== 'response') throw serviceUnavailable('error trying to reach service: EOF')
  const answer: [string, string][] = []
  for (const [name, value] of reply.headers) {
    const lower = name.toLowerCase()
    if (corsHeaders.has(lower) || hopHeaders.has(lower)) continue
    // A redirect within the backend stays under the proxy path.
    answer.push([name, lower === 'location' && value.startsWith('/') ? `${prefix}${value}` : value])
  }
  const bodiless = reply.status === 204 || reply.status === 304
  if (!reply.chunked && !bodiless) answer.push(['Content-Length', String(Buffer.byteLength(reply.body))])
  res.writeHead(reply.status, reply.reason, answer.flat())
  res.end(method === 'HEAD' || bodiless ? undefined : reply.body)
}
