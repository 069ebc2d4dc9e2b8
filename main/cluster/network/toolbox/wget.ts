import type { ExecCommand } from '../../world/types'
import { parseUrl, sendRequest } from './http-request'
import type { ToolboxContext } from './toolbox-context'

/** busybox wget: `wget -qO- URL` prints the body; without -O the page is "saved" as index.html. */
export function wget(tc: ToolboxContext): ExecCommand {
  return async (ctx) => {
    let quiet = false
    let output: string | undefined
    let raw: string | undefined
    const args = ctx.argv.slice(1)
    for (let i = 0; i < args.length; i++) {
      const a = args[i]
      if (a === '-T' || a === '--timeout') i++
      else if (a.startsWith('-') && a.length > 1) {
        // Combined short flags: -q, -qO-, -qO FILE
        for (let j = 1; j < a.length; j++) {
          if (a[j] === 'q') quiet = true
          else if (a[j] === 'O') {
            output = a.slice(j + 1) || args[++i]
            break
          }
        }
      } else raw = a
    }
    if (!raw) {
      ctx.stderr('BusyBox v1.36.1 (2023-06-14 00:00:00 UTC) multi-call binary.\n\nUsage: wget [-cqS] [-O FILE] URL...\n')
      return 1
    }
    const url = parseUrl(raw)
    if (!url) {
      ctx.stderr(`wget: bad address '${raw}'\n`)
      return 1
    }
    // busybox wget's request: Host, its User-Agent, and a connection it closes after one request.
    const out = await sendRequest(tc, ctx.pod, url, 'GET', [['Host', url.port === 80 ? url.host : `${url.host}:${url.port}`], ['User-Agent', 'Wget'], ['Connection', 'close']])
    if (out.kind === 'unresolved') {
      ctx.stderr(`wget: bad address '${url.host}${url.port === 80 ? '' : `:${url.port}`}'\n`)
      return 1
    }
    const ip = out.remote.slice(0, out.remote.lastIndexOf(':'))
    if (!quiet) ctx.stderr(`Connecting to ${url.host}${url.port === 80 ? '' : `:${url.port}`} (${ip}:${url.port})\n`)
    if (out.kind === 'refused') {
      ctx.stderr(`wget: can't connect to remote host (${ip}): Connection refused\n`)
      return 1
    }
    if (out.kind === 'timeout') {
      ctx.stderr('wget: download timed out\n')
      return 1
    }
    if (out.reply.kind === 'empty') {
      ctx.stderr('wget: error getting response: Connection reset by peer\n')
      return 1
    }
    if (out.reply.status >= 400) {
      ctx.stderr(`wget: server returned error: HTTP/1.1 ${out.reply.status} ${out.reply.reason}\n`)
      return 1
    }
    if (output === '-') {
      ctx.stdout(out.reply.body)
      return 0
    }
    const file = output ?? 'index.html'
    if (!quiet) ctx.stderr(`saving to '${file}'\n${file.padEnd(20)} 100% |********************************| ${Buffer.byteLength(out.reply.body)}  0:00:00 ETA\n'${file}' saved\n`)
    return 0
  }
}
