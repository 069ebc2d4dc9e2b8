import type { Pod } from 'kubernetes-types/core/v1'

/**
 * The cluster DNS as CoreDNS's kubernetes plugin answers it behind the
 * kube-dns Service (kubeadm's Corefile: `kubernetes cluster.local
 * in-addr.arpa ip6.arpa { pods insecure }`, `ttl 30`), and the stub resolver
 * inside pods (glibc's search-list walk over the pod's /etc/resolv.conf).
 * Names are lower case and fully qualified, with the trailing dot.
 */

export type DnsType = 'A' | 'SRV' | 'CNAME' | 'PTR'

export interface DnsRecord {
  /** Owner name, e.g. `redis-master.default.svc.cluster.local.`. */
  name: string
  type: DnsType
  ttl: number
  /** A: the address; CNAME/PTR/SRV: the target name (fully qualified). */
  data: string
  /** SRV only. */
  priority?: number
  weight?: number
  port?: number
}

/** TIMEOUT is no DNS code: no server answered (kube-dns has no ready endpoint), and the resolver gave up. */
export type DnsRcode = 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL' | 'TIMEOUT'

/** One server answer. NOERROR with no answers is NODATA (the name exists, not with that type). */
export interface DnsAnswer {
  rcode: DnsRcode
  answers: DnsRecord[]
}

/** A pod's /etc/resolv.conf, parsed. */
export interface ResolvConf {
  nameservers: string[]
  searches: string[]
  options: { name: string; value?: string }[]
}

/** One query the stub resolver sent while resolving a name. */
export interface DnsQuery {
  /** The name asked (fully qualified, trailing dot). */
  name: string
  type: DnsType
  /** The nameserver asked. */
  server: string
  rcode: DnsRcode
  answers: DnsRecord[]
}

/** What resolving a name from a pod gave. */
export interface ResolveResult {
  /** The name as the program asked for it. */
  query: string
  type: DnsType
  /** NOERROR with answers when resolved; otherwise the last server answer (NXDOMAIN for unknown names). */
  rcode: DnsRcode
  /** The answer section of the query that succeeded (a CNAME chain first, then the addresses). */
  answers: DnsRecord[]
  /** Every query tried, in order (the search list walk). */
  queries: DnsQuery[]
  /** The resolv.conf that drove it. */
  resolvConf: ResolvConf
}

/** The cluster DNS as the world keeps it (world.dns). */
export interface ClusterDns {
  /** The cluster domain (`cluster.local`). */
  readonly clusterDomain: string
  /** The kube-dns Service's ClusterIP (what pods' resolv.conf names). */
  clusterDNSIP(): string
  /** Asks CoreDNS directly (what `dig @10.96.0.10 NAME` does). */
  lookup(name: string, type?: DnsType): DnsAnswer
  /** Resolves a name the way a program in the pod does: its resolv.conf, search list and ndots. */
  resolve(pod: Pod, name: string, type?: DnsType): ResolveResult
  /** The pod's resolv.conf (dnsPolicy, dnsConfig, hostNetwork). */
  resolvConf(pod: Pod): ResolvConf
  /** The text of the pod's /etc/resolv.conf. */
  resolvConfText(pod: Pod): string
}
