import { describe, expect, it } from 'vitest'
import type { RecentTable } from '../../../../main/cluster/network/kube-proxy/types'
import { service, slice, twoNodes } from './fixtures'

/** Packets through a node's kube-proxy rules: what matched, the DNAT, REJECT/DROP, masquerade. */

function webStore(spec: Record<string, unknown> = {}) {
  const store = twoNodes()
  const svc = service('default', 'web', { type: 'NodePort', clusterIP: '10.96.5.5', ports: [{ name: 'http', port: 80, nodePort: 30080, protocol: 'TCP' }], ...spec })
  const eps = [
    { ip: '10.244.1.10', node: 'node-1' },
    { ip: '10.244.1.11', node: 'node-1' },
    { ip: '10.244.1.12', node: 'node-1' }
  ]
  store.syncService('default/web', svc, [slice('default', 'web', [{ name: 'http', port: 8080 }], eps)])
  return store
}

describe('evaluating a packet against kube-proxy rules', () => {
  it('pod to ClusterIP: KUBE-SERVICES, KUBE-SVC, the chosen KUBE-SEP, DNAT; no masquerade', () => {
    const store = webStore()
    const ev = store.evaluate('node-2', { src: '10.244.2.5', dst: '10.96.5.5', dport: 80, protocol: 'TCP' }, { pick: (candidates) => {
      expect(candidates.map((c) => c.endpoint)).toEqual(['10.244.1.10:8080', '10.244.1.11:8080', '10.244.1.12:8080'])
      return 1
    } })!
    expect(ev.verdict).toBe('dnat')
    expect(ev.dnat?.ip).toBe('10.244.1.11')
    expect(ev.dnat?.port).toBe(8080)
    expect(ev.masquerade).toBe(false)
    expect(ev.service).toEqual({ namespace: 'default', name: 'web', port: 'http', protocol: 'TCP' })
    const nat = ev.traversed.filter((t) => t.table === 'nat').map((t) => t.chain)
    expect(nat.slice(0, 4)).toEqual(['PREROUTING', 'KUBE-SERVICES', ev.traversed[2].chain, ev.dnat!.chain])
    expect(ev.traversed[2].chain).toMatch(/^KUBE-SVC-/)
    expect(ev.traversed[2].rule).toContain('-m statistic --mode random --probability 0.50000000000')
    expect(ev.traversed[3].rule).toBe(`-A ${ev.dnat!.chain} -p tcp -m comment --comment "default/web:http" -m tcp -j DNAT --to-destination 10.244.1.11:8080`)
  })

  it('the default pick is deterministic per source address', () => {
    const store = webStore()
    const a = store.evaluate('node-1', { src: '10.244.2.5', dst: '10.96.5.5', dport: 80, protocol: 'TCP' })!
    const b = store.evaluate('node-1', { src: '10.244.2.5', dst: '10.96.5.5', dport: 80, protocol: 'TCP' })!
    expect(a.dnat).toEqual(b.dnat)
    const picked = new Set(['10.244.2.5', '10.244.2.6', '10.244.2.7', '10.244.2.8', '10.244.2.9', '10.244.3.4'].map((src) => store.evaluate('node-1', { src, dst: '10.96.5.5', dport: 80, protocol: 'TCP' })!.dnat!.ip))
    expect(picked.size).toBeGreaterThan(1)
  })

  it('hairpin: an endpoint reaching itself through the Service is masqueraded (KUBE-SEP -s rule)', () => {
    const store = webStore()
    const ev = store.evaluate('node-1', { src: '10.244.1.10', dst: '10.96.5.5', dport: 80, protocol: 'TCP' }, { pick: () => 0 })!
    expect(ev.dnat?.ip).toBe('10.244.1.10')
    expect(ev.masquerade).toBe(true)
    expect(ev.traversed.map((t) => t.chain)).toContain('KUBE-MARK-MASQ')
  })

  it('the node itself (OUTPUT) to a ClusterIP is masqueraded: its source is off the pod range', () => {
    const store = webStore()
    const ev = store.evaluate('node-2', { src: '172.18.0.4', dst: '10.96.5.5', dport: 80, protocol: 'TCP', hook: 'OUTPUT' })!
    expect(ev.verdict).toBe('dnat')
    expect(ev.masquerade).toBe(true)
    expect(ev.traversed[0]).toEqual({ table: 'nat', chain: 'OUTPUT', rule: '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES' })
  })

  it('external client to NodeIP:nodePort: KUBE-NODEPORTS, KUBE-EXT (masquerade), KUBE-SVC, DNAT', () => {
    const store = webStore()
    const ev = store.evaluate('node-2', { src: '192.168.1.20', dst: '172.18.0.4', dport: 30080, protocol: 'TCP' })!
    expect(ev.verdict).toBe('dnat')
    expect(ev.masquerade).toBe(true)
    const chains = ev.traversed.filter((t) => t.table === 'nat').map((t) => t.chain.replace(/-[A-Z2-7]{16}$/, ''))
    expect(chains.slice(0, 6)).toEqual(['PREROUTING', 'KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-EXT', 'KUBE-MARK-MASQ', 'KUBE-EXT'])
    // The node port on an address that is not this node's: nothing matches.
    expect(store.evaluate('node-2', { src: '192.168.1.20', dst: '172.18.0.3', dport: 30080, protocol: 'TCP' })!.verdict).toBe('none')
  })

  it('a UDP packet to a TCP service port, or to another port, is not claimed', () => {
    const store = webStore()
    expect(store.evaluate('node-1', { src: '10.244.2.5', dst: '10.96.5.5', dport: 80, protocol: 'UDP' })!.verdict).toBe('none')
    expect(store.evaluate('node-1', { src: '10.244.2.5', dst: '10.96.5.5', dport: 81, protocol: 'TCP' })!.verdict).toBe('none')
  })

  it('no endpoints: REJECTed in the filter table, the rule named', () => {
    const store = twoNodes()
    store.syncService('default/web', service('default', 'web', { clusterIP: '10.96.5.5', ports: [{ port: 80 }] }), [])
    const ev = store.evaluate('node-1', { src: '10.244.1.5', dst: '10.96.5.5', dport: 80, protocol: 'TCP' })!
    expect(ev.verdict).toBe('reject')
    expect(ev.decidingRule).toEqual({
      table: 'filter',
      chain: 'KUBE-SERVICES',
      rule: '-A KUBE-SERVICES -d 10.96.5.5/32 -p tcp -m comment --comment "default/web has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable'
    })
  })

  it('externalTrafficPolicy Local on a node without local endpoints: external traffic DROPped, pod traffic still served', () => {
    const store = webStore({ externalTrafficPolicy: 'Local' })
    const external = store.evaluate('node-2', { src: '192.168.1.20', dst: '172.18.0.4', dport: 30080, protocol: 'TCP' })!
    expect(external.verdict).toBe('drop')
    expect(external.decidingRule?.rule).toContain('"default/web:http has no local endpoints" -m addrtype --dst-type LOCAL -m tcp --dport 30080 -j DROP')
    const fromPod = store.evaluate('node-2', { src: '10.244.2.5', dst: '172.18.0.4', dport: 30080, protocol: 'TCP' })!
    expect(fromPod.verdict).toBe('dnat')
    expect(fromPod.traversed.some((t) => t.rule.includes('"pod traffic for default/web:http external destinations"'))).toBe(true)
    // On node-1, which has the endpoints, external traffic keeps its source (no masquerade).
    const local = store.evaluate('node-1', { src: '192.168.1.20', dst: '172.18.0.3', dport: 30080, protocol: 'TCP' })!
    expect(local.verdict).toBe('dnat')
    expect(local.masquerade).toBe(false)
    expect(local.traversed.some((t) => t.chain.startsWith('KUBE-SVL-'))).toBe(true)
  })

  it('session affinity: a client sticks to the endpoint recorded by --set, within the timeout', () => {
    const store = webStore({ sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } } })
    const recent: RecentTable = new Map()
    const packet = { src: '10.244.2.5', dst: '10.96.5.5', dport: 80, protocol: 'TCP' as const }
    const first = store.evaluate('node-2', packet, { recent, now: 1_000, pick: () => 2 })!
    expect(first.dnat?.ip).toBe('10.244.1.12')
    const again = store.evaluate('node-2', packet, { recent, now: 30_000, pick: () => 0 })!
    expect(again.dnat?.ip).toBe('10.244.1.12')
    expect(again.traversed.some((t) => t.rule.includes('-m recent --rcheck --seconds 60 --reap'))).toBe(true)
    const expired = store.evaluate('node-2', packet, { recent, now: 200_000, pick: () => 0 })!
    expect(expired.dnat?.ip).toBe('10.244.1.10')
  })

  it("the node's own affinity lists keep a client on its endpoint across calls", () => {
    const store = webStore({ sessionAffinity: 'ClientIP' })
    const packet = { src: '10.244.2.5', dst: '10.96.5.5', dport: 80, protocol: 'TCP' as const }
    const recent = store.affinity('node-2')
    expect(store.evaluate('node-2', packet, { recent, now: 0, pick: () => 1 })!.dnat?.ip).toBe('10.244.1.11')
    expect(store.evaluate('node-2', packet, { recent: store.affinity('node-2'), now: 5_000, pick: () => 2 })!.dnat?.ip).toBe('10.244.1.11')
    // Another node has its own lists.
    expect(store.evaluate('node-1', packet, { recent: store.affinity('node-1'), now: 5_000, pick: () => 2 })!.dnat?.ip).toBe('10.244.1.12')
    expect(store.affinity('node-9')).toBeUndefined()
  })

  it('loadBalancerSourceRanges: KUBE-FW lets the listed sources in; KUBE-PROXY-FIREWALL drops the others', () => {
    const store = twoNodes()
    const lb = {
      ...service('ns5', 'svc5', { type: 'LoadBalancer', clusterIP: '172.30.0.45', loadBalancerSourceRanges: ['203.0.113.0/25'], ports: [{ name: 'p80', port: 80, nodePort: 3002, protocol: 'TCP' }] }),
      status: { loadBalancer: { ingress: [{ ip: '5.6.7.8' }] } }
    }
    store.syncService('ns5/svc5', lb, [slice('ns5', 'svc5', [{ name: 'p80', port: 80 }], [{ ip: '10.180.0.3', node: 'node-1' }])])
    const nat = (store.iptablesSave('node-1', { table: 'nat' }) ?? '').split('\n')
    expect(nat).toContain('-A KUBE-SERVICES -d 5.6.7.8/32 -p tcp -m comment --comment "ns5/svc5:p80 loadbalancer IP" -m tcp --dport 80 -j KUBE-FW-NUKIZ6OKUXPJNT4C')
    expect(nat.filter((l) => l.startsWith('-A KUBE-FW-'))).toEqual([
      '-A KUBE-FW-NUKIZ6OKUXPJNT4C -s 203.0.113.0/25 -m comment --comment "ns5/svc5:p80 loadbalancer IP" -j KUBE-EXT-NUKIZ6OKUXPJNT4C',
      '-A KUBE-FW-NUKIZ6OKUXPJNT4C -m comment --comment "other traffic to ns5/svc5:p80 will be dropped by KUBE-PROXY-FIREWALL"'
    ])
    expect(store.iptablesSave('node-1', { table: 'filter' })).toContain(
      '-A KUBE-PROXY-FIREWALL -d 5.6.7.8/32 -p tcp -m comment --comment "ns5/svc5:p80 traffic not accepted by KUBE-FW-NUKIZ6OKUXPJNT4C" -m tcp --dport 80 -j DROP'
    )
    const allowed = store.evaluate('node-2', { src: '203.0.113.9', dst: '5.6.7.8', dport: 80, protocol: 'TCP' })!
    expect(allowed.verdict).toBe('dnat')
    expect(allowed.dnat?.ip).toBe('10.180.0.3')
    const denied = store.evaluate('node-2', { src: '198.51.100.1', dst: '5.6.7.8', dport: 80, protocol: 'TCP' })!
    expect(denied.verdict).toBe('drop')
    expect(denied.decidingRule?.chain).toBe('KUBE-PROXY-FIREWALL')
  })

  it('a node without kube-proxy rules answers undefined', () => {
    expect(webStore().evaluate('node-9', { src: '1.1.1.1', dst: '10.96.5.5', dport: 80, protocol: 'TCP' })).toBeUndefined()
  })
})
