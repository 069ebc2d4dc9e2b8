import ipaddr from 'ipaddr.js'
import type { Pod } from 'kubernetes-types/core/v1'
import type { EndpointSlice } from 'kubernetes-types/discovery/v1'
import type { Service } from 'kubernetes-types/core/v1'
import { CoreDnsRecords } from './records'
import { podResolvConf, renderResolvConf } from './resolv-conf'
import { resolveWith } from './resolver'
import type { ClusterDns, DnsAnswer, DnsType, ResolvConf, ResolveResult } from './types'

/** Where DNS sits on the cluster's networks. */
export interface ClusterDnsOptions {
  clusterDomain: string
  /** The service range: kube-dns's ClusterIP is its tenth address until the Service exists. */
  serviceCIDR: string
  /** The node network: its first address is the nodes' upstream resolver (dnsPolicy Default). */
  nodeCIDR: string
  /** Answers for names outside the cluster (CoreDNS's `forward . /etc/resolv.conf`); default: none (NXDOMAIN), the lab is offline. */
  upstream?: (name: string, type: DnsType) => DnsAnswer | undefined
}

function nthAddress(cidr: string, n: number): string {
  const [addr] = ipaddr.IPv4.parseCIDR(cidr)
  const bytes = addr.toByteArray()
  bytes[3] += n
  return ipaddr.fromByteArray(bytes).toString()
}

/**
 * The cluster DNS (world.dns): CoreDNS's records behind kube-dns, the
 * node's upstream resolver, and each pod's resolv.conf and stub resolver.
 */
export class CoreDns implements ClusterDns {
  private records: CoreDnsRecords
  private options: ClusterDnsOptions
  /** Services changed since their records were last built: the latest state of each, in the order they changed. */
  private readonly pending = new Map<string, { svc: Service | undefined; slices: readonly EndpointSlice[] }>()

  constructor(options: Partial<ClusterDnsOptions> = {}) {
    this.options = { clusterDomain: 'cluster.local', serviceCIDR: '10.96.0.0/12', nodeCIDR: '172.18.0.0/16', ...options }
    this.records = new CoreDnsRecords(this.options.clusterDomain)
  }

  /** Sets the cluster's ranges and domain (before any record is added: records are rebuilt empty). */
  configure(options: Partial<ClusterDnsOptions>): void {
    this.options = { ...this.options, ...options }
    this.records = new CoreDnsRecords(this.options.clusterDomain)
  }

  get clusterDomain(): string {
    return this.options.clusterDomain
  }

  /**
   * Replaces one Service's records from the Service (undefined when deleted)
   * and its EndpointSlices. The records are built from the latest state when
   * next looked up: a headless Service whose thousand pods churn is not
   * rebuilt per change.
   */
  syncService(key: string, svc: Service | undefined, slices: readonly EndpointSlice[]): void {
    this.pending.delete(key)
    this.pending.set(key, { svc, slices })
  }

  /** The records, with every pending Service built. */
  private current(): CoreDnsRecords {
    for (const [key, { svc, slices }] of this.pending) {
      this.pending.delete(key)
      this.records.syncService(key, svc, slices)
    }
    return this.records
  }

  clusterDNSIP(): string {
    return this.current().serviceIP('kube-system', 'kube-dns') ?? nthAddress(this.options.serviceCIDR, 10)
  }

  /** The nodes' resolver (kind's network gateway), which knows nothing of the cluster domain. */
  hostResolvConf(): ResolvConf {
    return { nameservers: [nthAddress(this.options.nodeCIDR, 1)], searches: [], options: [] }
  }

  lookup(name: string, type: DnsType = 'A'): DnsAnswer {
    const records = this.current()
    if (!records.answering()) return { rcode: 'TIMEOUT', answers: [] }
    return records.lookup(name, type) ?? this.upstream(name, type)
  }

  resolvConf(pod: Pod): ResolvConf {
    return podResolvConf(pod, { clusterDomain: this.clusterDomain, clusterDNS: [this.clusterDNSIP()], hostResolvConf: this.hostResolvConf() })
  }

  resolvConfText(pod: Pod): string {
    return renderResolvConf(this.resolvConf(pod))
  }

  resolve(pod: Pod, name: string, type: DnsType = 'A'): ResolveResult {
    const cluster = this.clusterDNSIP()
    return resolveWith(this.resolvConf(pod), name, type, (server, n, t) => (server === cluster ? this.lookup(n, t) : this.upstream(n, t)))
  }

  private upstream(name: string, type: DnsType): DnsAnswer {
    return this.options.upstream?.(name, type) ?? { rcode: 'NXDOMAIN', answers: [] }
  }
}
