import type { ExecCommand } from '../../world/types'
import type { ToolboxContext } from './toolbox-context'

/**
 * iptables-save in a host-network pod that carries it (kube-proxy's image):
 * that node's rules as kube-proxy wrote them. Other containers have no such
 * program.
 */
export function iptablesSave(tc: ToolboxContext): ExecCommand {
  return (ctx) => {
    const pod = ctx.pod
    const image = pod.spec?.containers.find((c) => c.name === ctx.container)?.image ?? ''
    if (!pod.spec?.hostNetwork || !/kube-proxy/.test(image)) {
      ctx.stderr('sh: iptables-save: not found\n')
      return 127
    }
    const t = ctx.argv.indexOf('-t')
    const table = t >= 0 ? ctx.argv[t + 1] : undefined
    if (table !== undefined && table !== 'nat' && table !== 'filter') {
      ctx.stderr(`iptables-save v1.8.9 (nf_tables): Cannot initialize: Table does not exist (do you need to insmod?)\n`)
      return 1
    }
    const text = tc.proxyRules.iptablesSave(pod.spec.nodeName ?? '', { ...(table ? { table } : {}), time: new Date(tc.now()) })
    if (text === undefined) {
      ctx.stderr('iptables-save v1.8.9 (nf_tables): no rules yet\n')
      return 1
    }
    ctx.stdout(text)
    return 0
  }
}
