import { kubeExternalServices, kubeMarkMasq, kubeNodePorts, kubeProxyFirewall, kubeServices } from './service-rules'
import type { IptablesTable, ProxyRule, RuleMatch, RuleTarget } from './types'

/**
 * The rules kube-proxy installs whatever the Services: jumps from the
 * built-in chains into its own (iptablesJumpChains), masquerade marking and
 * KUBE-POSTROUTING, KUBE-FORWARD, and the last rule of nat KUBE-SERVICES
 * sending local-address traffic to KUBE-NODEPORTS.
 */

export const kubePostrouting = 'KUBE-POSTROUTING'
export const kubeForward = 'KUBE-FORWARD'
/** kube-proxy's masquerade mark (--iptables-masquerade-bit 14). */
export const masqueradeMark = '0x4000'

/**
 * kube-proxy's canary (utiliptables.Monitor): an empty chain in the mangle,
 * nat and filter tables; when it disappears, someone flushed the tables and
 * kube-proxy rewrites everything.
 */
export const kubeProxyCanary = 'KUBE-PROXY-CANARY'

/** The mangle table, where kube-proxy keeps only its canary. */
export const mangleTable = { builtins: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'], chains: [kubeProxyCanary] }

/** The built-in chains iptables-save lists first, per table. */
export const builtinChains: Record<IptablesTable, string[]> = {
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING']
}

/** kube-proxy's fixed chains, per table. */
export const fixedChains: Record<IptablesTable, string[]> = {
  filter: [kubeExternalServices, kubeForward, kubeNodePorts, kubeProxyCanary, kubeProxyFirewall, kubeServices],
  nat: [kubeMarkMasq, kubeNodePorts, kubePostrouting, kubeProxyCanary, kubeServices]
}

const rule = (table: IptablesTable, chain: string, match: RuleMatch, target: RuleTarget): ProxyRule => ({ table, chain, match, target })

/** The fixed rules, in order; the nodeports rule of nat KUBE-SERVICES comes last (after every service's). */
export function fixedRules(): { head: ProxyRule[]; servicesTail: ProxyRule } {
  const NEW = 'NEW'
  const head: ProxyRule[] = [
    rule('filter', 'INPUT', { ctstate: NEW, comment: 'kubernetes load balancer firewall' }, { jump: kubeProxyFirewall }),
    rule('filter', 'INPUT', { comment: 'kubernetes health check service ports' }, { jump: kubeNodePorts }),
    rule('filter', 'INPUT', { ctstate: NEW, comment: 'kubernetes externally-visible service portals' }, { jump: kubeExternalServices }),
    rule('filter', 'FORWARD', { ctstate: NEW, comment: 'kubernetes load balancer firewall' }, { jump: kubeProxyFirewall }),
    rule('filter', 'FORWARD', { comment: 'kubernetes forwarding rules' }, { jump: kubeForward }),
    rule('filter', 'FORWARD', { ctstate: NEW, comment: 'kubernetes service portals' }, { jump: kubeServices }),
    rule('filter', 'FORWARD', { ctstate: NEW, comment: 'kubernetes externally-visible service portals' }, { jump: kubeExternalServices }),
    rule('filter', 'OUTPUT', { ctstate: NEW, comment: 'kubernetes load balancer firewall' }, { jump: kubeProxyFirewall }),
    rule('filter', 'OUTPUT', { ctstate: NEW, comment: 'kubernetes service portals' }, { jump: kubeServices }),
    rule('filter', kubeForward, { ctstate: 'INVALID' }, { jump: 'DROP' }),
    rule('filter', kubeForward, { comment: 'kubernetes forwarding rules', mark: `${masqueradeMark}/${masqueradeMark}` }, { jump: 'ACCEPT' }),
    rule('filter', kubeForward, { comment: 'kubernetes forwarding conntrack rule', ctstate: 'RELATED,ESTABLISHED' }, { jump: 'ACCEPT' }),
    rule('nat', 'PREROUTING', { comment: 'kubernetes service portals' }, { jump: kubeServices }),
    rule('nat', 'OUTPUT', { comment: 'kubernetes service portals' }, { jump: kubeServices }),
    rule('nat', 'POSTROUTING', { comment: 'kubernetes postrouting rules' }, { jump: kubePostrouting }),
    rule('nat', kubeMarkMasq, {}, { jump: 'MARK', orMark: masqueradeMark }),
    rule('nat', kubePostrouting, { mark: `${masqueradeMark}/${masqueradeMark}`, markNegated: true }, { jump: 'RETURN' }),
    rule('nat', kubePostrouting, {}, { jump: 'MARK', xorMark: masqueradeMark }),
    rule('nat', kubePostrouting, { comment: 'kubernetes service traffic requiring SNAT' }, { jump: 'MASQUERADE', randomFully: true })
  ]
  const servicesTail = rule(
    'nat',
    kubeServices,
    { comment: 'kubernetes service nodeports; NOTE: this must be the last rule in this chain', dstTypeLocal: true },
    { jump: kubeNodePorts }
  )
  return { head, servicesTail }
}
