import type { Pod } from 'kubernetes-types/core/v1'
import { serverProgram, type ServerProgram } from '../../node/programs/images'
import { nginxDocumentRoot, nginxWelcomePage } from '../../node/programs/image-files'
import type { ContainerFiles } from '../../world/types'
import { sampleAppReply } from './sample-app-replies'
import { hpaExampleReply } from './php-apache-replies'

/**
 * What a server in a pod answers one HTTP request, shaped like the real
 * software: nginx's and httpd's default pages, the guestbook frontend, the
 * tutorials' sample applications (sample-app-replies.ts), and Redis, which
 * treats an HTTP request as a cross-protocol attack and closes the
 * connection without a reply. Unknown servers answer 200 with no body.
 *
 * One model for every way a request reaches a pod: curl and wget in another
 * pod, the apiserver's pods/proxy and services/proxy, a port-forward. It is
 * a pure function of the request and the server's context; the caller
 * delivers the request (http-request.ts's deliverHttp counts it and writes
 * the log lines).
 */

/** An HTTP/1.1 request as the server reads it. */
export interface HttpRequest {
  method: string
  /** The request target: path and query, as on the request line (`/echo?msg=hi`). */
  target: string
  /** Header fields in the order the client sent them, Host included. */
  headers: [string, string][]
  body?: string
  /** The client's `ip:port` as the server sees it (after any SNAT). */
  remote: string
}

/** The server process answering: where it runs and what it knows. */
export interface ServerContext {
  pod: Pod
  container: string
  /** The port the request arrived on. */
  port: number
  /** Cluster time now (ms). */
  now: number
  /** The container's hostname (what os.Hostname() returns in it). */
  hostname: string
  /** When the process started (ms): servers that report their uptime. */
  startedAt: number
  /** Requests this process answered before this one. */
  served: number
  /** The container's file system (servers that serve files read it). */
  files?: ContainerFiles
}

/** A line a server writes to its container log while answering. */
export interface ServerLogLine {
  text: string
  stream: 'stdout' | 'stderr'
}

/**
 * The server's answer: a status line, header fields (end-to-end ones, in
 * the server's order, without Content-Length and Transfer-Encoding: see
 * rawHttpResponse) and a body; or `empty` when it closes the connection
 * without a reply. `log` is what the server writes to its log for it.
 */
export type HttpReply =
  | { kind: 'response'; status: number; reason: string; headers: [string, string][]; body: string; chunked?: boolean; log: ServerLogLine[] }
  | { kind: 'empty'; log: ServerLogLine[] }

/** Reason phrases of the statuses servers here answer (Go's http.StatusText). */
export const reasonPhrases: Record<number, string> = {
  200: 'OK', 201: 'Created', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found', 304: 'Not Modified', 307: 'Temporary Redirect', 308: 'Permanent Redirect',
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 412: 'Precondition Failed', 417: 'Expectation Failed',
  500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout'
}

/** An HTTP date (RFC 7231 IMF-fixdate), as servers send in Date. */
export const httpDate = (now: number): string => new Date(now).toUTCString()

/** The request target's path, without the query. */
export const pathOf = (target: string): string => target.split('?')[0] || '/'

/** A request header's first value (names compare case-insensitively). */
export function header(req: HttpRequest, name: string): string | undefined {
  const lower = name.toLowerCase()
  return req.headers.find(([k]) => k.toLowerCase() === lower)?.[1]
}

const nginx404 = '<html>\n<head><title>404 Not Found</title></head>\n<body>\n<center><h1>404 Not Found</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n'

const guestbookPage = `<html ng-app="redis">
  <head>
    <title>Guestbook</title>
  </head>
  <body ng-controller="RedisCtrl">
    <div style="margin-left:20px;">
      <h2>Guestbook</h2>
    </div>
  </body>
</html>
`

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const pad = (n: number): string => String(n).padStart(2, '0')

/** nginx's `combined` access log line (the image's log_format main adds "$http_x_forwarded_for"). */
function nginxAccessLine(req: HttpRequest, status: number, bytes: number, now: number): ServerLogLine {
  const d = new Date(now)
  const time = `${pad(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`
  const ip = req.remote.slice(0, req.remote.lastIndexOf(':'))
  const q = (v: string | undefined): string => `"${v ?? '-'}"`
  return { text: `${ip} - - [${time}] "${req.method} ${req.target} HTTP/1.1" ${status} ${bytes} ${q(header(req, 'Referer'))} ${q(header(req, 'User-Agent'))} ${q(header(req, 'X-Forwarded-For'))}`, stream: 'stdout' }
}

/**
 * nginx's default server: files under its document root (the image's
 * welcome page, or what was written or mounted there), `index.html` for a
 * directory, 301 to add a directory's slash, 403 for a directory with no
 * index, 404 otherwise, with its access log line (and its error log line on
 * stderr). Without the container's files at hand: the image's welcome page.
 */
function nginxReply(server: ServerProgram, req: HttpRequest, ctx: ServerContext): HttpReply {
  const path = decodeURIComponent(pathOf(req.target))
  const version = /^\d+\.\d+(\.\d+)?/.exec(server.tag)?.[0]
  const headers: [string, string][] = [['Server', version ? `nginx/${version.split('.').length === 2 ? `${version}.0` : version}` : 'nginx'], ['Date', httpDate(ctx.now)]]
  const answer = (status: number, body: string, type = 'text/html', error?: string, extra: [string, string][] = []): HttpReply => {
    const log = [nginxAccessLine(req, status, req.method === 'HEAD' ? 0 : Buffer.byteLength(body), ctx.now)]
    if (error) log.unshift({ text: `${nginxErrorStamp(ctx.now)} [error] 29#29: *1 ${error}, client: ${hostOf(req.remote)}, server: localhost, request: "${req.method} ${req.target} HTTP/1.1", host: "${header(req, 'Host') ?? ''}"`, stream: 'stderr' })
    // nginx's own phrase for 405.
    return { kind: 'response', status, reason: status === 405 ? 'Not Allowed' : reasonPhrases[status], headers: [...headers, ['Content-Type', type], ...extra], body, log }
  }
  const files = ctx.files
  if (!files) return path === '/' || path === '/index.html' ? answer(200, nginxWelcomePage) : answer(404, nginx404)
  const full = `${nginxDocumentRoot}${path}`
  if (files.list(full) !== undefined) {
    if (!path.endsWith('/')) return answer(301, nginx301, 'text/html', undefined, [['Location', `http://${header(req, 'Host') ?? 'localhost'}${path}/`]])
    const index = files.read(`${full}index.html`)
    if (index !== undefined && req.method !== 'GET' && req.method !== 'HEAD') return answer(405, nginx405)
    return index !== undefined ? answer(200, index) : answer(403, nginx403, 'text/html', `directory index of "${full}" is forbidden`)
  }
  const content = files.read(full)
  // The static module serves GET and HEAD only.
  if (content !== undefined && req.method !== 'GET' && req.method !== 'HEAD') return answer(405, nginx405)
  if (content !== undefined) return answer(200, content, mimeType(path))
  return answer(404, nginx404, 'text/html', `open() "${full}" failed (2: No such file or directory)`)
}

const nginx301 = '<html>\n<head><title>301 Moved Permanently</title></head>\n<body>\n<center><h1>301 Moved Permanently</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n'
const nginx405 = '<html>\n<head><title>405 Not Allowed</title></head>\n<body>\n<center><h1>405 Not Allowed</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n'
const nginx403 = '<html>\n<head><title>403 Forbidden</title></head>\n<body>\n<center><h1>403 Forbidden</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n'

/** nginx's mime.types for what people put in a document root; anything else is its default_type. */
function mimeType(path: string): string {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase()
  const types: Record<string, string> = { html: 'text/html', htm: 'text/html', css: 'text/css', js: 'application/javascript', json: 'application/json', txt: 'text/plain', xml: 'text/xml', svg: 'image/svg+xml', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', ico: 'image/x-icon' }
  return path.includes('.') ? (types[ext] ?? 'application/octet-stream') : 'application/octet-stream'
}

/** `2026/11/27 05:40:01`, nginx's error log time. */
function nginxErrorStamp(now: number): string {
  const d = new Date(now)
  return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
}

const hostOf = (ipPort: string): string => ipPort.slice(0, ipPort.lastIndexOf(':'))

/** The container's image name (`docker.io/library/nginx:1.27` -> `nginx`). */
function imageOf(pod: Pod, container: string): string {
  const image = pod.spec?.containers.find((c) => c.name === container)?.image ?? ''
  const last = image.split('@')[0].split('/').pop() ?? ''
  return last.split(':')[0]
}

/** What the server of `ctx.container` answers `req`. */
export function httpReply(ctx: ServerContext, req: HttpRequest): HttpReply {
  const spec = ctx.pod.spec?.containers.find((c) => c.name === ctx.container)
  const program = spec ? serverProgram(spec) : undefined
  // The program answers on its own ports; a port only declared in containerPorts is someone else's.
  const server = program?.ports.some((p) => p.port === ctx.port && p.protocol === 'TCP') ? program : undefined
  const sample = server && sampleAppReply(server, ctx, req)
  if (sample) return sample
  const image = imageOf(ctx.pod, ctx.container)
  if (image.includes('redis')) return { kind: 'empty', log: [] }
  const html = (serverName: string, body: string): HttpReply => ({ kind: 'response', status: 200, reason: 'OK', headers: [['Date', httpDate(ctx.now)], ['Server', serverName], ['Content-Type', 'text/html']], body, log: [] })
  if (server?.name === 'nginx') return nginxReply(server, req, ctx)
  if (image === 'httpd') return html('Apache/2.4.62 (Unix)', '<html><body><h1>It works!</h1></body></html>\n')
  if (image === 'gb-frontend') return html('Apache/2.4.10 (Debian)', guestbookPage)
  if (image === 'hpa-example') return hpaExampleReply(ctx, req)
  return { kind: 'response', status: 200, reason: 'OK', headers: [['Date', httpDate(ctx.now)], ['Content-Type', 'text/plain']], body: '', log: [] }
}

/**
 * The reply as bytes on the wire (HTTP/1.1): the status line, the header
 * fields with the framing the server uses (Content-Length, or chunks for
 * servers that stream their body), and the body (none for HEAD: the
 * reply keeps the body a GET would get, so Content-Length says its size).
 */
export function rawHttpResponse(reply: Extract<HttpReply, { kind: 'response' }>, method = 'GET'): string {
  const lines = [`HTTP/1.1 ${reply.status} ${reply.reason}`, ...reply.headers.map(([k, v]) => `${k}: ${v}`)]
  const bodyless = method === 'HEAD' || reply.status === 204 || reply.status === 304
  if (reply.chunked) {
    // Node frames a body in chunks; a HEAD answer has none, so no Transfer-Encoding either.
    lines.push('Connection: keep-alive', ...(bodyless ? [] : ['Transfer-Encoding: chunked']))
    const chunks = reply.body ? `${Buffer.byteLength(reply.body).toString(16)}\r\n${reply.body}\r\n` : ''
    return `${lines.join('\r\n')}\r\n\r\n${bodyless ? '' : `${chunks}0\r\n\r\n`}`
  }
  if (reply.status !== 204 && reply.status !== 304) lines.push(`Content-Length: ${Buffer.byteLength(reply.body)}`)
  return `${lines.join('\r\n')}\r\n\r\n${bodyless ? '' : reply.body}`
}
