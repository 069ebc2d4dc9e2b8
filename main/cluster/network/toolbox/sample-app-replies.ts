import type { ServerProgram } from '../../node/programs/images'
import { goLogStamp, klogLine } from '../../node/programs/sample-apps'
import { header, httpDate, pathOf, reasonPhrases, type HttpReply, type HttpRequest, type ServerContext, type ServerLogLine } from './server-replies'

/**
 * What the tutorials' sample applications answer, and the line each writes
 * to its log per request, as their sources do: kubernetes-bootcamp's
 * server.js, hello-app's main.go, jmalloc's echo-server (kicbase/echo-server)
 * and agnhost's netexec. Their start-up lines are node/programs/sample-apps.ts.
 */

type Response = Extract<HttpReply, { kind: 'response' }>

/** A Go net/http answer: Date, then the body's sniffed type (text) when the handler set none and wrote something. */
function goResponse(now: number, status: number, body: string, log: ServerLogLine[], headers: [string, string][] = []): Response {
  const all: [string, string][] = [...headers, ['Date', httpDate(now)]]
  if (body && !headers.some(([k]) => k === 'Content-Type')) all.push(['Content-Type', 'text/plain; charset=utf-8'])
  return { kind: 'response', status, reason: reasonPhrases[status] ?? 'status code ' + status, headers: all, body, log }
}

/** Go's time.Time.String() of a process started at `startedAt`: `2024-11-27 05:00:00.123 +0000 UTC m=+12.345000000`. */
function goTime(now: number, startedAt: number): string {
  const d = new Date(now)
  const pad = (n: number): string => String(n).padStart(2, '0')
  const ms = d.getUTCMilliseconds()
  // Go trims the fraction's trailing zeros (layout .999999999).
  const frac = ms ? `.${String(ms).padStart(3, '0').replace(/0+$/, '')}` : ''
  const mono = Math.max(0, now - startedAt) / 1000
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${frac} +0000 UTC m=+${mono.toFixed(9)}`
}

/** Go's FormValue: the query's first value (a form body's, for POST of a urlencoded form, first). */
function formValue(req: HttpRequest, name: string): string {
  const form = /application\/x-www-form-urlencoded/.test(header(req, 'Content-Type') ?? '') && req.body ? new URLSearchParams(req.body).get(name) : null
  return form ?? new URLSearchParams(req.target.split('?')[1] ?? '').get(name) ?? ''
}

/** Go's http.Header canonical form: `user-agent` -> `User-Agent`. */
const canonical = (name: string): string => name.toLowerCase().replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase())

function bootcamp(server: ServerProgram, ctx: ServerContext): Response {
  const version = /^v(\d+)/.exec(server.tag)?.[1] ?? '1'
  const log = `Running On: ${ctx.hostname} | Total Requests: ${ctx.served + 1} | App Uptime: ${(ctx.now - ctx.startedAt) / 1000} seconds | Log Time: ${new Date(ctx.now).toISOString()}`
  // Node's http server: the headers set, Date, and a chunked body (server.js writes it in pieces).
  return { kind: 'response', status: 200, reason: 'OK', headers: [['Content-Type', 'text/plain'], ['Date', httpDate(ctx.now)]], body: `Hello Kubernetes bootcamp! | Running on: ${ctx.hostname} | v=${version}\n`, chunked: true, log: [{ text: log, stream: 'stdout' }] }
}

function helloApp(server: ServerProgram, ctx: ServerContext, req: HttpRequest): Response {
  const major = /^\d+/.exec(server.tag)?.[0] ?? '1'
  const log = { text: `${goLogStamp(ctx.now)} Serving request: ${pathOf(req.target)}`, stream: 'stderr' as const }
  return goResponse(ctx.now, 200, `Hello, world!\nVersion: ${major}.0.0\nHostname: ${ctx.hostname}\n`, [log])
}

function echoServer(ctx: ServerContext, req: HttpRequest): Response {
  const host = header(req, 'Host') ?? ''
  const rest = req.headers.filter(([k]) => k.toLowerCase() !== 'host').map(([k, v]) => [canonical(k), v] as const)
  rest.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
  let body = `Request served by ${ctx.hostname}\n\nHTTP/1.1 ${req.method} ${req.target}\n\nHost: ${host}\n${rest.map(([k, v]) => `${k}: ${v}\n`).join('')}`
  if (req.body) body += `\n${req.body}`
  return goResponse(ctx.now, 200, body, [{ text: `${req.remote} | ${req.method} ${req.target}`, stream: 'stdout' }], [['Content-Type', 'text/plain']])
}

/** agnhost netexec's HTTP endpoints (its DefaultServeMux: unknown paths fall to the root handler). */
function netexec(ctx: ServerContext, req: HttpRequest): Response {
  const logged = (text: string): ServerLogLine[] => [{ text: klogLine(ctx.now, text), stream: 'stderr' }]
  const path = pathOf(req.target)
  switch (path) {
    case '/hostname':
    case '/hostName':
      return goResponse(ctx.now, 200, ctx.hostname, logged(`GET ${path}`))
    case '/clientip':
      return goResponse(ctx.now, 200, req.remote, logged('GET /clientip'))
    case '/healthz':
      // Ready once its UDP server started, which it has whenever the process runs here.
      return goResponse(ctx.now, 200, '', logged('GET /healthz'))
    case '/echo': {
      const msg = formValue(req, 'msg')
      const code = formValue(req, 'code')
      const log = logged(`GET /echo?msg=${msg}&code=${code}`)
      if (code && !/^-?\d+$/.test(code)) return goResponse(ctx.now, 200, `argument 'code' must be an integer or empty, got ${JSON.stringify(code)}\n`, log)
      return goResponse(ctx.now, code ? Number(code) : 200, msg, log)
    }
    case '/redirect': {
      const location = formValue(req, 'location')
      const code = formValue(req, 'code')
      const log = logged(`${req.method} /redirect?msg=${location}&code=${code}`)
      if (code && !/^-?\d+$/.test(code)) return goResponse(ctx.now, 200, `argument 'code' must be an integer or empty, got ${JSON.stringify(code)}\n`, log)
      const status = code ? Number(code) : 302
      // http.Redirect: a short HTML note for GET and HEAD.
      const body = req.method === 'GET' || req.method === 'HEAD' ? `<a href="${location}">${reasonPhrases[status] ?? ''}</a>.\n\n` : ''
      return goResponse(ctx.now, status, body, log, [['Content-Type', 'text/html; charset=utf-8'], ['Location', location]])
    }
    case '/dial':
    case '/shell':
    case '/upload':
    case '/exit':
    case '/shutdown':
      // Not simulated: these run commands, dial out or stop the process. Said plainly rather than faked.
      return goResponse(ctx.now, 501, `kubelab: netexec ${path} is not simulated\n`, logged(`GET ${path}`))
  }
  return goResponse(ctx.now, 200, `NOW: ${goTime(ctx.now, ctx.startedAt)}`, logged('GET /'))
}

/** The reply of a sample application; undefined for other servers. */
export function sampleAppReply(server: ServerProgram, ctx: ServerContext, req: HttpRequest): HttpReply | undefined {
  switch (server.name) {
    case 'kubernetes-bootcamp':
      return bootcamp(server, ctx)
    case 'hello-app':
      return helloApp(server, ctx, req)
    case 'echo-server':
      return echoServer(ctx, req)
    case 'netexec':
      return netexec(ctx, req)
  }
  return undefined
}
