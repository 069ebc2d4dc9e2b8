import type { Service } from 'kubernetes-types/core/v1'
import type { EndpointSlice } from 'kubernetes-types/discovery/v1'
import type { DnsAnswer, DnsRecord, DnsType } from './types'

/**
 * CoreDNS's kubernetes plugin as data (plugin/kubernetes): records built
 * from Services and their EndpointSlices, per the DNS specification for
 * Kubernetes (github.com/kubernetes/dns, schema.md):
 * - `svc.ns.svc.<domain>` A → the ClusterIP; for a headless Service, the
 *   ready endpoints' addresses; ExternalName → CNAME;
 * - `hostname.svc.ns.svc.<domain>` A for headless endpoints with a hostname
 *   (else the dashed address `10-244-1-5.svc.ns.svc.<domain>`);
 * - `_port._proto.svc.ns.svc.<domain>` SRV for named ports;
 * - `d.c.b.a.in-addr.arpa` PTR for ClusterIPs and headless endpoints;
 * - `a-b-c-d.ns.pod.<domain>` A → a.b.c.d for any well-formed name (`pods insecure`).
 * A Service's records are replaced as a whole when it or its slices change.
 */

/** kubeadm's Corefile: `ttl 30`. */
export const dnsTTL = 30

const serviceNameLabel = 'kubernetes.io/service-name'

export function fqdn(name: string): string {
  const lower = name.toLowerCase()
  return lower.endsWith('.') ? lower : `${lower}.`
}

function dashed(ip: string): string {
  return ip.replace(/\./g, '-')
}

function reverseName(ip: string): string {
  return `${ip.split('.').reverse().join('.')}.in-addr.arpa.`
}

export class CoreDnsRecords {
  private readonly records = new Map<string, DnsRecord[]>()
  /**
   * Names that exist without records of their own (a headless Service with
   * no ready endpoint, `ns.svc.cluster.local.`): NODATA instead of NXDOMAIN.
   * Reference counts, one per Service under the name.
   */
  private readonly names = new Map<string, number>()
  private readonly byService = new Map<string, DnsRecord[]>()
  /** Every Service's own name, by `namespace/name`. */
  private readonly serviceNames = new Map<string, string>()
  /** Whether the kube-dns Service has a ready endpoint; undefined while there is no such Service. */
  private kubeDnsReady: boolean | undefined

  constructor(readonly clusterDomain = 'cluster.local') {}

  /** Replaces one Service's records (`key` is `namespace/name`; svc undefined when deleted). */
  syncService(key: string, svc: Service | undefined, slices: readonly EndpointSlice[]): void {
    if (key === 'kube-system/kube-dns') this.kubeDnsReady = svc ? readyEndpoints(svc, slices).length > 0 : undefined
    for (const r of this.byService.get(key) ?? []) this.drop(r)
    const records = svc ? this.serviceRecords(svc, slices) : []
    for (const r of records) this.add(r)
    if (records.length) this.byService.set(key, records)
    else this.byService.delete(key)
    const oldName = this.serviceNames.get(key)
    if (oldName) this.countName(oldName, -1)
    this.serviceNames.delete(key)
    if (svc) {
      const name = fqdn(`${svc.metadata?.name}.${svc.metadata?.namespace ?? 'default'}.svc.${this.clusterDomain}`)
      this.serviceNames.set(key, name)
      this.countName(name, 1)
    }
  }

  /**
   * Whether queries to kube-dns get an answer: not when its Service exists
   * with no ready CoreDNS pod behind it (kube-proxy rejects the packets). A
   * cluster without the Service at all (a test's bare cluster) still answers.
   */
  answering(): boolean {
    return this.kubeDnsReady !== false
  }

  /** The kube-dns ClusterIP, if the Service exists. */
  serviceIP(namespace: string, name: string): string | undefined {
    return this.records.get(fqdn(`${name}.${namespace}.svc.${this.clusterDomain}`))?.find((r) => r.type === 'A')?.data
  }

  /** What CoreDNS answers for a name in its zones; undefined when the name is outside them (forwarded upstream). */
  lookup(name: string, type: DnsType = 'A'): DnsAnswer | undefined {
    const q = fqdn(name)
    const domain = fqdn(this.clusterDomain)
    if (!q.endsWith(`.${domain}`) && q !== domain && !q.endsWith('.in-addr.arpa.')) return undefined
    if (q === domain) return { rcode: 'NOERROR', answers: [] }
    const pod = this.podRecord(q)
    if (pod) return { rcode: 'NOERROR', answers: type === 'A' ? [pod] : [] }
    const all = this.records.get(q)
    if (!all) return { rcode: this.names.has(q) ? 'NOERROR' : 'NXDOMAIN', answers: [] }
    const cname = all.find((r) => r.type === 'CNAME')
    if (cname && type !== 'CNAME') {
      const next = this.lookup(cname.data, type)
      return { rcode: 'NOERROR', answers: [cname, ...(next?.answers ?? [])] }
    }
    return { rcode: 'NOERROR', answers: all.filter((r) => r.type === type) }
  }

  /** `a-b-c-d.ns.pod.<domain>`: answered from the name itself (`pods insecure`). */
  private podRecord(q: string): DnsRecord | undefined {
    const suffix = `.pod.${fqdn(this.clusterDomain)}`
    if (!q.endsWith(suffix)) return undefined
    const labels = q.slice(0, -suffix.length).split('.')
    if (labels.length !== 2) return undefined
    const octets = labels[0].split('-')
    if (octets.length !== 4 || !octets.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255)) return undefined
    return { name: q, type: 'A', ttl: dnsTTL, data: octets.map(Number).join('.') }
  }

  private serviceRecords(svc: Service, slices: readonly EndpointSlice[]): DnsRecord[] {
    const namespace = svc.metadata?.namespace ?? 'default'
    const svcName = fqdn(`${svc.metadata?.name}.${namespace}.svc.${this.clusterDomain}`)
    const spec = svc.spec ?? {}
    const out: DnsRecord[] = []
    if (spec.type === 'ExternalName') {
      if (spec.externalName) out.push({ name: svcName, type: 'CNAME', ttl: dnsTTL, data: fqdn(spec.externalName) })
      return out
    }
    const named = (spec.ports ?? []).filter((p) => p.name)
    if (spec.clusterIP && spec.clusterIP !== 'None') {
      out.push({ name: svcName, type: 'A', ttl: dnsTTL, data: spec.clusterIP })
      out.push({ name: reverseName(spec.clusterIP), type: 'PTR', ttl: dnsTTL, data: svcName })
      for (const p of named) {
        const srv = `_${p.name}._${(p.protocol ?? 'TCP').toLowerCase()}.${svcName}`
        out.push({ name: srv, type: 'SRV', ttl: dnsTTL, data: svcName, priority: 0, weight: 100, port: p.port })
      }
      return out
    }
    // Headless: one A record per ready endpoint address, plus a name per endpoint.
    const endpoints = readyEndpoints(svc, slices)
    const seen = new Set<string>()
    for (const ep of endpoints) {
      if (seen.has(ep.ip)) continue
      seen.add(ep.ip)
      const host = fqdn(`${ep.hostname ?? dashed(ep.ip)}.${svcName}`)
      out.push({ name: svcName, type: 'A', ttl: dnsTTL, data: ep.ip })
      out.push({ name: host, type: 'A', ttl: dnsTTL, data: ep.ip })
      out.push({ name: reverseName(ep.ip), type: 'PTR', ttl: dnsTTL, data: host })
    }
    for (const p of named) {
      const proto = (p.protocol ?? 'TCP').toLowerCase()
      const srv = `_${p.name}._${proto}.${svcName}`
      const targets = endpoints.filter((ep) => ep.ports.has(`${p.name}/${p.protocol ?? 'TCP'}`))
      const weight = targets.length ? Math.floor(100 / targets.length) : 0
      for (const ep of targets) {
        const host = fqdn(`${ep.hostname ?? dashed(ep.ip)}.${svcName}`)
        out.push({ name: srv, type: 'SRV', ttl: dnsTTL, data: host, priority: 0, weight, port: ep.ports.get(`${p.name}/${p.protocol ?? 'TCP'}`)! })
      }
    }
    return out
  }

  private add(r: DnsRecord): void {
    const list = this.records.get(r.name)
    if (list) list.push(r)
    else this.records.set(r.name, [r])
  }

  private drop(r: DnsRecord): void {
    const list = this.records.get(r.name)?.filter((x) => x !== r)
    if (list?.length) this.records.set(r.name, list)
    else this.records.delete(r.name)
  }

  /** Counts a Service name and the names above it, up to the cluster domain. */
  private countName(name: string, delta: number): void {
    const domain = fqdn(this.clusterDomain)
    for (let n = name; n.length > domain.length && n.endsWith(domain); n = n.slice(n.indexOf('.') + 1)) {
      const count = (this.names.get(n) ?? 0) + delta
      if (count > 0) this.names.set(n, count)
      else this.names.delete(n)
    }
  }
}

interface ReadyEndpoint {
  ip: string
  hostname?: string
  /** `name/protocol` → port number. */
  ports: Map<string, number>
}

/** The ready endpoints of a Service's slices (publishNotReadyAddresses: all of them). */
function readyEndpoints(svc: Service, slices: readonly EndpointSlice[]): ReadyEndpoint[] {
  const out: ReadyEndpoint[] = []
  for (const slice of slices) {
    if (slice.metadata?.labels?.[serviceNameLabel] !== svc.metadata?.name || slice.addressType !== 'IPv4') continue
    const ports = new Map<string, number>()
    for (const p of slice.ports ?? []) if (p.name && p.port !== undefined) ports.set(`${p.name}/${p.protocol ?? 'TCP'}`, p.port)
    for (const ep of slice.endpoints ?? []) {
      const ready = ep.conditions?.ready ?? true
      if (!ready && !svc.spec?.publishNotReadyAddresses) continue
      for (const ip of ep.addresses ?? []) out.push({ ip, hostname: ep.hostname, ports })
    }
  }
  return out.sort((a, b) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0))
}
