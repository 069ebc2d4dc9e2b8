import { describe, expect, it } from 'vitest'
import type { Pod, Service } from 'kubernetes-types/core/v1'
import { CoreDns } from '../../../../main/cluster/network/dns/cluster-dns'
import { slice } from '../kube-proxy/fixtures'

/**
 * The cluster DNS per the Kubernetes DNS specification (CoreDNS's kubernetes
 * plugin) and a pod's stub resolver walking its search path with ndots:5.
 */

const svc = (namespace: string, name: string, spec: Service['spec']): Service => ({ apiVersion: 'v1', kind: 'Service', metadata: { namespace, name }, spec })
const pod = (namespace: string, spec: Partial<NonNullable<Pod['spec']>> = {}): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { namespace, name: 'client' },
  spec: { containers: [{ name: 'c', image: 'busybox' }], ...spec }
})

/** One ready CoreDNS pod behind kube-dns. */
const coreDnsPods = slice('kube-system', 'kube-dns', [{ name: 'dns', port: 53, protocol: 'UDP' }], [{ ip: '10.244.0.2' }])

function guestbook(): CoreDns {
  const dns = new CoreDns({ serviceCIDR: '10.96.0.0/12', nodeCIDR: '172.18.0.0/16' })
  dns.syncService('kube-system/kube-dns', svc('kube-system', 'kube-dns', { clusterIP: '10.96.0.10', ports: [{ name: 'dns', port: 53, protocol: 'UDP' }] }), [coreDnsPods])
  dns.syncService('default/redis-master', svc('default', 'redis-master', { clusterIP: '10.96.100.1', ports: [{ name: 'redis', port: 6379 }] }), [])
  dns.syncService('other/redis-master', svc('other', 'redis-master', { clusterIP: '10.96.200.2', ports: [{ port: 6379 }] }), [])
  dns.syncService(
    'default/db',
    svc('default', 'db', { clusterIP: 'None', ports: [{ name: 'pg', port: 5432 }] }),
    [
      slice('default', 'db', [{ name: 'pg', port: 5432 }], [
        { ip: '10.244.1.5', hostname: 'db-0' },
        { ip: '10.244.2.6' },
        { ip: '10.244.3.7', ready: false }
      ])
    ]
  )
  dns.syncService('default/empty', svc('default', 'empty', { clusterIP: 'None', ports: [{ port: 80 }] }), [])
  dns.syncService('default/search', svc('default', 'search', { type: 'ExternalName', externalName: 'search.example.com' }), [])
  return dns
}

const names = (r: { queries: { name: string; rcode: string }[] }) => r.queries.map((q) => `${q.name} ${q.rcode}`)

describe('cluster DNS records', () => {
  it.each([
    ['redis-master.default.svc.cluster.local', 'A', ['10.96.100.1']],
    ['REDIS-MASTER.default.svc.cluster.local.', 'A', ['10.96.100.1']],
    ['db.default.svc.cluster.local', 'A', ['10.244.1.5', '10.244.2.6']],
    ['db-0.db.default.svc.cluster.local', 'A', ['10.244.1.5']],
    ['10-244-2-6.db.default.svc.cluster.local', 'A', ['10.244.2.6']],
    ['10-244-1-5.default.pod.cluster.local', 'A', ['10.244.1.5']],
    ['_redis._tcp.redis-master.default.svc.cluster.local', 'SRV', ['0 100 6379 redis-master.default.svc.cluster.local.']],
    ['_pg._tcp.db.default.svc.cluster.local', 'SRV', ['0 50 5432 db-0.db.default.svc.cluster.local.', '0 50 5432 10-244-2-6.db.default.svc.cluster.local.']],
    ['1.100.96.10.in-addr.arpa', 'PTR', ['redis-master.default.svc.cluster.local.']],
    ['5.1.244.10.in-addr.arpa', 'PTR', ['db-0.db.default.svc.cluster.local.']],
    ['6.2.244.10.in-addr.arpa', 'PTR', ['10-244-2-6.db.default.svc.cluster.local.']],
    ['search.default.svc.cluster.local', 'A', ['CNAME search.example.com.']]
  ] as const)('%s %s → %o', (name, type, expected) => {
    const answer = guestbook().lookup(name, type)
    const shown = answer.answers.map((r) => (r.type === 'SRV' ? `${r.priority} ${r.weight} ${r.port} ${r.data}` : r.type === 'CNAME' ? `CNAME ${r.data}` : r.data))
    expect(shown).toEqual(expected)
  })

  it.each([
    ['nosuch.default.svc.cluster.local', 'NXDOMAIN'],
    ['redis-master.nosuch.svc.cluster.local', 'NXDOMAIN'],
    ['10-244-3-7.db.default.svc.cluster.local', 'NXDOMAIN'], // not ready: no record
    ['empty.default.svc.cluster.local', 'NOERROR'], // headless, no endpoints: the name exists (NODATA)
    ['default.svc.cluster.local', 'NOERROR'],
    ['cluster.local', 'NOERROR'], // the zone apex
    ['999-1-1-1.default.pod.cluster.local', 'NXDOMAIN'],
    ['example.com', 'NXDOMAIN'] // forwarded upstream: the lab is offline
  ])('%s answers %s', (name, rcode) => {
    const answer = guestbook().lookup(name)
    expect(answer.rcode).toBe(rcode)
    expect(answer.answers).toEqual([])
  })

  it('a deleted Service loses its records; kube-dns leaves to the default address', () => {
    const dns = guestbook()
    dns.syncService('default/redis-master', undefined, [])
    expect(dns.lookup('redis-master.default.svc.cluster.local').rcode).toBe('NXDOMAIN')
    expect(dns.clusterDNSIP()).toBe('10.96.0.10')
    dns.syncService('kube-system/kube-dns', svc('kube-system', 'kube-dns', { clusterIP: '10.96.0.53', ports: [{ port: 53 }] }), [coreDnsPods])
    expect(dns.clusterDNSIP()).toBe('10.96.0.53')
  })

  it('no ready CoreDNS pod behind kube-dns: no answer at all, and the resolver gives up', () => {
    const dns = guestbook()
    dns.syncService('kube-system/kube-dns', svc('kube-system', 'kube-dns', { clusterIP: '10.96.0.10', ports: [{ name: 'dns', port: 53, protocol: 'UDP' }] }), [
      slice('kube-system', 'kube-dns', [{ name: 'dns', port: 53, protocol: 'UDP' }], [{ ip: '10.244.0.2', ready: false }])
    ])
    expect(dns.lookup('redis-master.default.svc.cluster.local').rcode).toBe('TIMEOUT')
    const r = dns.resolve(pod('default'), 'redis-master')
    expect(r.rcode).toBe('TIMEOUT')
    expect(r.queries).toHaveLength(1)
  })
})

describe('resolving from a pod (search path, ndots:5)', () => {
  it('a short name resolves through the first search domain, its own namespace', () => {
    const r = guestbook().resolve(pod('default'), 'redis-master')
    expect(r.rcode).toBe('NOERROR')
    expect(r.answers.map((a) => a.data)).toEqual(['10.96.100.1'])
    expect(names(r)).toEqual(['redis-master.default.svc.cluster.local. NOERROR'])
    expect(r.queries[0].server).toBe('10.96.0.10')
  })

  it('`redis-master.other` crosses namespaces on the second search domain', () => {
    const r = guestbook().resolve(pod('default'), 'redis-master.other')
    expect(r.answers.map((a) => a.data)).toEqual(['10.96.200.2'])
    expect(names(r)).toEqual(['redis-master.other.default.svc.cluster.local. NXDOMAIN', 'redis-master.other.svc.cluster.local. NOERROR'])
  })

  it('the same short name from another namespace finds that namespace\'s Service', () => {
    expect(guestbook().resolve(pod('other'), 'redis-master').answers.map((a) => a.data)).toEqual(['10.96.200.2'])
  })

  it('an unknown name walks the whole search list, then the name itself: NXDOMAIN', () => {
    const r = guestbook().resolve(pod('default'), 'nosuch')
    expect(r.rcode).toBe('NXDOMAIN')
    expect(r.answers).toEqual([])
    expect(names(r)).toEqual([
      'nosuch.default.svc.cluster.local. NXDOMAIN',
      'nosuch.svc.cluster.local. NXDOMAIN',
      'nosuch.cluster.local. NXDOMAIN',
      'nosuch. NXDOMAIN'
    ])
  })

  it('a name with 5 dots is tried as it is first; a trailing dot means only as it is', () => {
    const dns = guestbook()
    expect(names(dns.resolve(pod('default'), 'db-0.db.default.svc.cluster.local'))).toEqual(['db-0.db.default.svc.cluster.local. NOERROR'])
    expect(names(dns.resolve(pod('default'), 'redis-master.default.svc.cluster.local.'))).toEqual(['redis-master.default.svc.cluster.local. NOERROR'])
    // 4 dots < ndots:5: the search list comes first.
    expect(names(dns.resolve(pod('default'), 'redis-master.default.svc.cluster.local'))[0]).toBe('redis-master.default.svc.cluster.local.default.svc.cluster.local. NXDOMAIN')
  })

  it('headless Service names resolve to the ready endpoints', () => {
    expect(guestbook().resolve(pod('default'), 'db').answers.map((a) => a.data)).toEqual(['10.244.1.5', '10.244.2.6'])
  })

  it('dnsPolicy Default uses the node resolver, which does not know the cluster domain', () => {
    const r = guestbook().resolve(pod('default', { dnsPolicy: 'Default' }), 'redis-master')
    expect(r.rcode).toBe('NXDOMAIN')
    expect(r.queries.map((q) => `${q.server} ${q.name}`)).toEqual(['172.18.0.1 redis-master.'])
  })
})

describe("a pod's /etc/resolv.conf", () => {
  it.each([
    ['ClusterFirst', pod('default'), 'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n'],
    ['ClusterFirst in another namespace', pod('shop'), 'search shop.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n'],
    ['Default', pod('default', { dnsPolicy: 'Default' }), 'nameserver 172.18.0.1\n'],
    ['ClusterFirst on the host network (falls back to Default)', pod('default', { hostNetwork: true }), 'nameserver 172.18.0.1\n'],
    [
      'ClusterFirstWithHostNet',
      pod('default', { hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' }),
      'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n'
    ],
    [
      'None with dnsConfig',
      pod('default', { dnsPolicy: 'None', dnsConfig: { nameservers: ['1.2.3.4'], searches: ['ns1.svc.cluster-domain.example', 'my.dns.search.suffix'], options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }] } }),
      'search ns1.svc.cluster-domain.example my.dns.search.suffix\nnameserver 1.2.3.4\noptions ndots:2 edns0\n'
    ],
    [
      'ClusterFirst merged with dnsConfig',
      pod('default', { dnsConfig: { nameservers: ['10.96.0.10', '8.8.8.8'], searches: ['corp.example'], options: [{ name: 'ndots', value: '1' }] } }),
      'search default.svc.cluster.local svc.cluster.local cluster.local corp.example\nnameserver 10.96.0.10\nnameserver 8.8.8.8\noptions ndots:1\n'
    ]
  ])('%s', (_name, p, text) => {
    expect(guestbook().resolvConfText(p)).toBe(text)
  })

  it('ndots from dnsConfig changes the search order', () => {
    const p = pod('default', { dnsConfig: { options: [{ name: 'ndots', value: '1' }] } })
    expect(names(guestbook().resolve(p, 'redis-master.other'))[0]).toBe('redis-master.other. NXDOMAIN')
  })

  it('takes changes at once and builds records when looked up: the latest state of each Service answers', () => {
    const dns = guestbook()
    const db = svc('default', 'db', { clusterIP: 'None', ports: [{ name: 'pg', port: 5432 }] })
    dns.syncService('default/db', db, [slice('default', 'db', [{ name: 'pg', port: 5432 }], [{ ip: '10.244.9.9' }])])
    dns.syncService('default/redis-master', undefined, [])
    dns.syncService('default/db', db, [slice('default', 'db', [{ name: 'pg', port: 5432 }], [{ ip: '10.244.1.5' }, { ip: '10.244.4.4' }])])
    expect(dns.lookup('db.default.svc.cluster.local').answers.map((a) => a.data).sort()).toEqual(['10.244.1.5', '10.244.4.4'])
    expect(dns.lookup('redis-master.default.svc.cluster.local').rcode).toBe('NXDOMAIN')
    expect(dns.lookup('redis-master.other.svc.cluster.local').answers.map((a) => a.data)).toEqual(['10.96.200.2'])
  })
})
