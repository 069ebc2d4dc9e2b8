import { endpointChainName, serviceChainNames, servicePortNameString } from './chain-names'
import { categorizeEndpoints, externallyAccessible, usesClusterEndpoints, usesLocalEndpoints, type EndpointInfo, type ServicePortInfo } from './service-ports'
import type { ProxyRule, RuleMatch, RuleTarget, ServicePortName } from './types'

/**
 * The rules of one service port on one node, as syncProxyRules writes them
 * (pkg/proxy/iptables/proxier.go, 1.32): its own chains (KUBE-SVC, KUBE-SVL,
 * KUBE-EXT, KUBE-SEP) and its lines in the shared chains (KUBE-SERVICES,
 * KUBE-NODEPORTS, KUBE-EXTERNAL-SERVICES). A fragment is regenerated alone
 * when its Service or endpoints change.
 */

export const kubeServices = 'KUBE-SERVICES'
export const kubeNodePorts = 'KUBE-NODEPORTS'
export const kubeExternalServices = 'KUBE-EXTERNAL-SERVICES'
export const kubeMarkMasq = 'KUBE-MARK-MASQ'
export const kubeProxyFirewall = 'KUBE-PROXY-FIREWALL'

/** The node facts rules depend on. */
export interface NodeRuleContext {
  node: string
  /** The cluster's pod range: kube-proxy's local-traffic detector (`-s 10.244.0.0/16`). */
  clusterCIDR: string
}

/** The rules of one service port. */
export interface ServiceFragment {
  /** `namespace/name:port/protocol`: unique per service port. */
  key: string
  spn: ServicePortName
  /** Whether the rules differ from node to node (a Local traffic policy). */
  perNode: boolean
  /** The nat chains the fragment owns, in the order they were declared. */
  ownChains: string[]
  /** Rules of the owned chains, by chain, in order. */
  chainRules: Map<string, ProxyRule[]>
  /** Lines in the shared chains (nat KUBE-SERVICES/KUBE-NODEPORTS, filter KUBE-SERVICES/KUBE-EXTERNAL-SERVICES), in order. */
  sharedRules: ProxyRule[]
}

/** The fragment key of a service port. */
export function fragmentKey(spn: ServicePortName): string {
  return `${servicePortNameString(spn)}/${spn.protocol}`
}

/** Whether a service port's rules depend on the node (its endpoints are chosen by locality). */
export function isPerNode(info: ServicePortInfo): boolean {
  return usesLocalEndpoints(info)
}

/** kube-proxy's probability for the i-th of n remaining endpoints: `%0.10f` of 1/n. */
export function probability(remaining: number): string {
  return (1 / remaining).toFixed(10)
}

/** Builds one service port's rules for a node. */
export function serviceFragment(info: ServicePortInfo, endpoints: readonly EndpointInfo[], ctx: NodeRuleContext): ServiceFragment {
  const spn = info.name
  const name = servicePortNameString(spn)
  const proto = spn.protocol.toLowerCase() as RuleMatch['protocol']
  const chains = serviceChainNames(spn)
  const eps = categorizeEndpoints(info, endpoints, ctx.node)
  const fragment: ServiceFragment = { key: fragmentKey(spn), spn, perNode: isPerNode(info), ownChains: [], chainRules: new Map(), sharedRules: [] }
  const declare = (chain: string) => {
    fragment.ownChains.push(chain)
    fragment.chainRules.set(chain, [])
  }
  const nat = (chain: string, match: RuleMatch, target: RuleTarget) => {
    const rule: ProxyRule = { table: 'nat', chain, match, target, service: spn }
    const own = fragment.chainRules.get(chain)
    if (own) own.push(rule)
    else fragment.sharedRules.push(rule)
  }
  const filter = (chain: string, match: RuleMatch, target: RuleTarget) => fragment.sharedRules.push({ table: 'filter', chain, match, target, service: spn })

  const usesClusterChain = eps.cluster.length > 0 && usesClusterEndpoints(info)
  const usesLocalChain = eps.local.length > 0 && usesLocalEndpoints(info)
  let internalChain = chains.cluster
  let hasInternal = eps.hasAny
  if (info.internalPolicyLocal) {
    internalChain = chains.local
    if (!eps.local.length) hasInternal = false
  }
  let externalPolicyChain = chains.cluster
  let hasExternal = eps.hasAny
  if (info.externalPolicyLocal) {
    externalPolicyChain = chains.local
    if (!eps.local.length) hasExternal = false
  }
  const usesExtChain = eps.hasAny && externallyAccessible(info)
  const noEndpoints = `${name} has no endpoints`
  const noLocal = `${name} has no local endpoints`
  // No endpoints anywhere: REJECT; endpoints, but none on this node for a Local policy: DROP.
  const internalFilter = !eps.hasAny ? { jump: 'REJECT', comment: noEndpoints } : { jump: 'DROP', comment: noLocal }
  const externalFilter = !eps.hasAny ? internalFilter : !hasExternal ? { jump: 'DROP', comment: noLocal } : undefined

  if (usesClusterChain) declare(chains.cluster)
  if (usesLocalChain) declare(chains.local)
  if (usesExtChain) {
    declare(chains.external)
    if (!info.externalPolicyLocal) {
      nat(chains.external, { comment: `masquerade traffic for ${name} external destinations` }, { jump: kubeMarkMasq })
    } else if (usesClusterChain) {
      nat(chains.external, { comment: `pod traffic for ${name} external destinations`, source: ctx.clusterCIDR }, { jump: chains.cluster })
      nat(chains.external, { comment: `masquerade LOCAL traffic for ${name} external destinations`, srcTypeLocal: true }, { jump: kubeMarkMasq })
      nat(chains.external, { comment: `route LOCAL traffic for ${name} external destinations`, srcTypeLocal: true }, { jump: chains.cluster })
    }
    if (hasExternal) nat(chains.external, {}, { jump: externalPolicyChain })
  }

  // The cluster IP: off-cluster sources are masqueraded, then the internal policy chain.
  const clusterIPMatch: RuleMatch = { comment: `${name} cluster IP`, protocol: proto, destination: info.clusterIP, dport: info.port }
  if (hasInternal) {
    nat(internalChain, { ...clusterIPMatch, source: ctx.clusterCIDR, sourceNegated: true }, { jump: kubeMarkMasq })
    nat(kubeServices, clusterIPMatch, { jump: internalChain })
  } else {
    filter(kubeServices, { ...clusterIPMatch, comment: internalFilter.comment }, { jump: internalFilter.jump })
  }

  for (const ip of info.externalIPs) {
    if (usesExtChain) nat(kubeServices, { comment: `${name} external IP`, protocol: proto, destination: ip, dport: info.port }, { jump: chains.external })
    if (externalFilter) filter(kubeExternalServices, { comment: externalFilter.comment, protocol: proto, destination: ip, dport: info.port }, { jump: externalFilter.jump })
  }
  // Load-balancer IPs; with source ranges, through the KUBE-FW chain, whose leftovers KUBE-PROXY-FIREWALL drops.
  const usesFirewall = usesExtChain && info.loadBalancerIPs.length > 0 && info.loadBalancerSourceRanges.length > 0
  if (usesFirewall) {
    declare(chains.firewall)
    for (const src of info.loadBalancerSourceRanges) nat(chains.firewall, { comment: `${name} loadbalancer IP`, source: src }, { jump: chains.external })
    nat(chains.firewall, { comment: `other traffic to ${name} will be dropped by KUBE-PROXY-FIREWALL` }, { jump: '' })
  }
  for (const ip of info.loadBalancerIPs) {
    const lb: RuleMatch = { protocol: proto, destination: ip, dport: info.port }
    if (usesExtChain) nat(kubeServices, { comment: `${name} loadbalancer IP`, ...lb }, { jump: usesFirewall ? chains.firewall : chains.external })
    if (usesFirewall) filter(kubeProxyFirewall, { comment: `${name} traffic not accepted by ${chains.firewall}`, ...lb }, { jump: 'DROP' })
    if (externalFilter) filter(kubeExternalServices, { comment: externalFilter.comment, ...lb }, { jump: externalFilter.jump })
  }
  if (info.nodePort) {
    if (usesExtChain) nat(kubeNodePorts, { comment: name, protocol: proto, dport: info.nodePort }, { jump: chains.external })
    if (externalFilter) {
      filter(kubeExternalServices, { comment: externalFilter.comment, dstTypeLocal: true, protocol: proto, dport: info.nodePort }, { jump: externalFilter.jump })
    }
  }

  if (info.healthCheckNodePort) {
    // Whether or not this node has local endpoints, the health check port answers.
    filter(kubeNodePorts, { comment: `${name} health check node port`, protocol: 'tcp', dport: info.healthCheckNodePort }, { jump: 'ACCEPT' })
  }

  if (usesClusterChain) writeServiceToEndpointRules(info, chains.cluster, eps.cluster, nat)
  if (usesLocalChain) writeServiceToEndpointRules(info, chains.local, eps.local, nat)

  for (const ep of eps.reachable) {
    const chain = endpointChainName(spn, ep.endpoint)
    declare(chain)
    nat(chain, { comment: name, source: ep.ip }, { jump: kubeMarkMasq })
    const dnat: RuleMatch = { comment: name, protocol: proto }
    if (info.stickySeconds) dnat.recent = { name: chain, mode: 'set' }
    nat(chain, dnat, { jump: 'DNAT', toDestination: ep.endpoint })
  }
  return fragment
}

/** Session-affinity checks first (`-m recent --rcheck`), then one statistic rule per endpoint, the last one certain. */
function writeServiceToEndpointRules(
  info: ServicePortInfo,
  chain: string,
  endpoints: readonly EndpointInfo[],
  nat: (chain: string, match: RuleMatch, target: RuleTarget) => void
): void {
  const name = servicePortNameString(info.name)
  if (info.stickySeconds) {
    for (const ep of endpoints) {
      const sep = endpointChainName(info.name, ep.endpoint)
      nat(chain, { comment: `${name} -> ${ep.endpoint}`, recent: { name: sep, mode: 'rcheck', seconds: info.stickySeconds } }, { jump: sep })
    }
  }
  endpoints.forEach((ep, i) => {
    const match: RuleMatch = { comment: `${name} -> ${ep.endpoint}` }
    if (i < endpoints.length - 1) match.probability = probability(endpoints.length - i)
    nat(chain, match, { jump: endpointChainName(info.name, ep.endpoint) })
  })
}
