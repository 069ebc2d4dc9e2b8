import type { Pod } from 'kubernetes-types/core/v1'
import type { ResolvConf } from './types'

/**
 * A pod's /etc/resolv.conf as the kubelet builds it (pkg/kubelet/network/dns):
 * ClusterFirst points at the cluster DNS with the namespace's search path and
 * ndots:5; Default takes the node's resolv.conf; None only the pod's
 * dnsConfig; a hostNetwork pod under ClusterFirst falls back to Default
 * (ClusterFirstWithHostNet keeps the cluster DNS). dnsConfig is merged in:
 * nameservers and searches appended without duplicates, options by name.
 */

/** What the kubelet knows besides the pod. */
export interface ResolvConfContext {
  clusterDomain: string
  /** kubelet --cluster-dns: the kube-dns ClusterIP. */
  clusterDNS: string[]
  /** The node's own resolv.conf (kubelet --resolv-conf), used by dnsPolicy Default. */
  hostResolvConf: ResolvConf
}

/** The kubelet's limits (validation.MaxDNSNameservers, MaxDNSSearchPaths). */
const maxNameservers = 3
const maxSearches = 32

function unique<T>(items: T[]): T[] {
  return [...new Set(items)]
}

export function podResolvConf(pod: Pod, ctx: ResolvConfContext): ResolvConf {
  const spec = pod.spec
  const policy = spec?.dnsPolicy ?? 'ClusterFirst'
  const namespace = pod.metadata?.namespace ?? 'default'
  let conf: ResolvConf
  const clusterFirst = policy === 'ClusterFirstWithHostNet' || (policy === 'ClusterFirst' && !spec?.hostNetwork)
  if (policy === 'None') {
    conf = { nameservers: [], searches: [], options: [] }
  } else if (clusterFirst) {
    const d = ctx.clusterDomain
    conf = {
      nameservers: [...ctx.clusterDNS],
      searches: unique([`${namespace}.svc.${d}`, `svc.${d}`, d, ...ctx.hostResolvConf.searches]),
      options: [{ name: 'ndots', value: '5' }]
    }
  } else {
    conf = structuredClone(ctx.hostResolvConf)
  }
  const extra = spec?.dnsConfig
  if (extra) {
    conf.nameservers = unique([...conf.nameservers, ...(extra.nameservers ?? [])])
    conf.searches = unique([...conf.searches, ...(extra.searches ?? [])])
    for (const o of extra.options ?? []) {
      if (!o.name) continue
      const at = conf.options.findIndex((x) => x.name === o.name)
      const option = o.value === undefined ? { name: o.name } : { name: o.name, value: o.value }
      if (at >= 0) conf.options[at] = option
      else conf.options.push(option)
    }
  }
  conf.nameservers = conf.nameservers.slice(0, maxNameservers)
  conf.searches = conf.searches.slice(0, maxSearches)
  return conf
}

/** The file's text as the container runtime writes it: search, nameserver lines, options. */
export function renderResolvConf(conf: ResolvConf): string {
  const lines: string[] = []
  if (conf.searches.length) lines.push(`search ${conf.searches.join(' ')}`)
  for (const ns of conf.nameservers) lines.push(`nameserver ${ns}`)
  if (conf.options.length) lines.push(`options ${conf.options.map((o) => (o.value === undefined ? o.name : `${o.name}:${o.value}`)).join(' ')}`)
  return lines.map((l) => `${l}\n`).join('')
}

/** The `ndots` option (1 when absent, as in glibc; capped at 15). */
export function ndotsOf(conf: ResolvConf): number {
  const v = conf.options.find((o) => o.name === 'ndots')?.value
  const n = v === undefined ? 1 : Number.parseInt(v, 10)
  return Number.isFinite(n) ? Math.min(Math.max(n, 0), 15) : 1
}
