import { header, httpDate, rawHttpResponse, type HttpReply, type HttpRequest, type ServerContext, type ServerLogLine } from './server-replies'

/**
 * registry.k8s.io/hpa-example, the HorizontalPodAutoscaler walkthrough's
 * php-apache: php:5-apache (Apache 2.4.10 on Debian jessie, PHP 5.6) serving
 * one index.php that takes a million square roots and prints `OK!`. (The CPU
 * each request costs is node/behaviour's image profile.) Apache writes the
 * `combined` access log to the container's stdout, as the php image links it.
 */

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const pad = (n: number): string => String(n).padStart(2, '0')

/** Apache's `combined` format: `%h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i"` (%O: bytes sent, headers included). */
export function apacheAccessLine(req: HttpRequest, status: number, bytesSent: number, now: number): ServerLogLine {
  const d = new Date(now)
  const time = `${pad(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`
  const ip = req.remote.slice(0, req.remote.lastIndexOf(':'))
  const q = (v: string | undefined): string => `"${v ?? '-'}"`
  return { text: `${ip} - - [${time}] "${req.method} ${req.target} HTTP/1.1" ${status} ${bytesSent} ${q(header(req, 'Referer'))} ${q(header(req, 'User-Agent'))}`, stream: 'stdout' }
}

/** What php-apache answers: `OK!` to any path (Apache hands every request under / to index.php only for /; other paths are 404). */
export function hpaExampleReply(ctx: ServerContext, req: HttpRequest): HttpReply {
  const path = req.target.split('?')[0]
  const found = path === '/' || path === '/index.php'
  const status = found ? 200 : 404
  const body = found
    ? 'OK!'
    : `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL ${path} was not found on this server.</p>\n<hr>\n<address>Apache/2.4.10 (Debian) Server at ${header(req, 'Host')?.split(':')[0] ?? ''} Port ${ctx.port}</address>\n</body></html>\n`
  const headers: [string, string][] = [['Date', httpDate(ctx.now)], ['Server', 'Apache/2.4.10 (Debian)'], ...(found ? ([['X-Powered-By', 'PHP/5.6.23']] as [string, string][]) : []), ['Content-Type', found ? 'text/html' : 'text/html; charset=iso-8859-1']]
  const reply = { kind: 'response' as const, status, reason: found ? 'OK' : 'Not Found', headers, body, log: [] as ServerLogLine[] }
  reply.log.push(apacheAccessLine(req, status, Buffer.byteLength(rawHttpResponse(reply, req.method)), ctx.now))
  return reply
}
