import type { ExecCommand } from '../../world/types'
import type { ToolboxContext } from './toolbox-context'

/**
 * nslookup as BIND's prints it (the one in most debug images): the server
 * the pod's resolv.conf names, then the answer found through the search
 * list, or `** server can't find NAME: NXDOMAIN` (exit 1); when no server
 * answers (no ready CoreDNS), `;; connection timed out; no servers could be reached`.
 */
export function nslookup(tc: ToolboxContext): ExecCommand {
  return (ctx) => {
    const args = ctx.argv.slice(1).filter((a) => !a.startsWith('-'))
    const name = args[0]
    if (!name) {
      ctx.stderr('Usage: nslookup NAME [SERVER]\n')
      return 1
    }
    const conf = tc.dns.resolvConf(ctx.pod)
    const server = args[1] ?? conf.nameservers[0] ?? tc.dns.clusterDNSIP()
    const head = `Server:\t\t${server}\nAddress:\t${server}#53\n\n`
    const result = tc.dns.resolve(ctx.pod, name)
    const addresses = result.answers.filter((r) => r.type === 'A')
    if (result.rcode === 'TIMEOUT') {
      ctx.stdout(';; connection timed out; no servers could be reached\n\n')
      return 1
    }
    if (result.rcode !== 'NOERROR' || !addresses.length) {
      ctx.stdout(head)
      ctx.stdout(`** server can't find ${name}: ${result.rcode === 'NOERROR' ? 'NXDOMAIN' : result.rcode}\n\n`)
      return 1
    }
    let text = head
    for (const cname of result.answers.filter((r) => r.type === 'CNAME')) text += `${cname.name.replace(/\.$/, '')}\tcanonical name = ${cname.data.replace(/\.$/, '')}.\n`
    for (const a of addresses) text += `Name:\t${a.name.replace(/\.$/, '')}\nAddress: ${a.data}\n`
    ctx.stdout(text + '\n')
    return 0
  }
}
