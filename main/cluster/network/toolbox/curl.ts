import type { ExecCommand } from '../../world/types'
import { curlHeaders, parseUrl, sendRequest } from './http-request'
import { rawHttpResponse } from './server-replies'
import type { ToolboxContext } from './toolbox-context'

interface CurlOptions {
  silent: boolean
  showError: boolean
  verbose: boolean
  head: boolean
  include: boolean
  fail: boolean
  discard: boolean
  method?: string
  url?: string
  /** -H fields, in order. */
  headers: [string, string][]
  userAgent?: string
  data?: string
}

function parseArgs(argv: string[]): CurlOptions {
  const o: CurlOptions = { silent: false, showError: false, verbose: false, head: false, include: false, fail: false, discard: false, headers: [] }
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]
    if (a === '-X' || a === '--request') o.method = argv[++i]
    else if (a === '-o' || a === '--output') o.discard = argv[++i] === '/dev/null'
    else if (a === '-H' || a === '--header') {
      const h = argv[++i] ?? ''
      const colon = h.indexOf(':')
      if (colon > 0) o.headers.push([h.slice(0, colon).trim(), h.slice(colon + 1).trim()])
    } else if (a === '-A' || a === '--user-agent') o.userAgent = argv[++i]
    else if (a === '-d' || a === '--data') o.data = argv[++i]
    else if (['-m', '--max-time', '--connect-timeout', '-w', '--write-out'].includes(a)) i++
    else if (a.startsWith('--')) {
      if (a === '--silent') o.silent = true
      else if (a === '--show-error') o.showError = true
      else if (a === '--verbose') o.verbose = true
      else if (a === '--head') o.head = true
      else if (a === '--include') o.include = true
      else if (a === '--fail') o.fail = true
    } else if (a.startsWith('-') && a.length > 1) {
      for (const f of a.slice(1)) {
        if (f === 's') o.silent = true
        else if (f === 'S') o.showError = true
        else if (f === 'v') o.verbose = true
        else if (f === 'I') o.head = true
        else if (f === 'i') o.include = true
        else if (f === 'f') o.fail = true
      }
    } else o.url = a
  }
  return o
}

/** curl: an HTTP request through the trace engine, with curl's output and exit codes (6, 7, 28, 52, 22). */
export function curl(tc: ToolboxContext): ExecCommand {
  return async (ctx) => {
    const o = parseArgs(ctx.argv)
    const err = (code: number, message: string): number => {
      if (!o.silent || o.showError) ctx.stderr(`curl: (${code}) ${message}\n`)
      return code
    }
    if (!o.url) {
      ctx.stderr("curl: try 'curl --help' or 'curl --manual' for more information\n")
      return 2
    }
    const url = parseUrl(o.url)
    if (!url) return err(3, `URL rejected: Malformed input to a URL function`)
    const method = o.method ?? (o.head ? 'HEAD' : o.data !== undefined ? 'POST' : 'GET')
    // curl's own fields, replaced by -H fields of the same name, then the others -H adds.
    const own = curlHeaders(url).map(([k, v]): [string, string] => [k, k === 'User-Agent' && o.userAgent !== undefined ? o.userAgent : v])
    if (o.data !== undefined) own.push(['Content-Length', String(Buffer.byteLength(o.data))], ['Content-Type', 'application/x-www-form-urlencoded'])
    const named = new Set(o.headers.map(([k]) => k.toLowerCase()))
    const headers = [...own.filter(([k]) => !named.has(k.toLowerCase())), ...o.headers]
    const out = await sendRequest(tc, ctx.pod, url, method, headers, o.data)
    const ip = out.kind === 'unresolved' ? '' : out.remote.slice(0, out.remote.lastIndexOf(':'))
    if (o.verbose && out.kind !== 'unresolved') ctx.stderr(`*   Trying ${ip}:${url.port}...\n`)
    switch (out.kind) {
      case 'unresolved':
        return err(6, `Could not resolve host: ${url.host}`)
      case 'refused':
        return err(7, `Failed to connect to ${url.host} port ${url.port} after 0 ms: Couldn't connect to server`)
      case 'timeout':
        return err(28, `Failed to connect to ${url.host} port ${url.port} after 130000 ms: Couldn't connect to server`)
    }
    if (o.verbose) {
      ctx.stderr(`* Connected to ${url.host} (${ip}) port ${url.port}\n`)
      ctx.stderr(`> ${method} ${url.path} HTTP/1.1\n${headers.map(([k, v]) => `> ${k}: ${v}\n`).join('')}>\n`)
    }
    const reply = out.reply
    if (reply.kind === 'empty') return err(52, 'Empty reply from server')
    const raw = rawHttpResponse(reply, method)
    const head = raw.slice(0, raw.indexOf('\r\n\r\n')).split('\r\n')
    if (o.verbose) ctx.stderr([...head, ''].map((h) => `< ${h}`).join('\n') + '\n')
    if (o.fail && reply.status >= 400) return err(22, `The requested URL returned error: ${reply.status}`)
    if (o.head || o.include) ctx.stdout([...head, ''].join('\r\n') + '\r\n')
    if (!o.head && !o.discard) ctx.stdout(reply.body)
    return 0
  }
}
