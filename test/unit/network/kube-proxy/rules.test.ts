import { describe, expect, it } from 'vitest'
import { saveString, savedProbability } from '../../../../main/cluster/network/kube-proxy/iptables-save'
import { ruleLines, service, serviceLines, slice, twoNodes } from './fixtures'

/**
 * The rules kube-proxy 1.32 writes for each kind of Service, as
 * iptables-save prints them (compare pkg/proxy/iptables/proxier_test.go,
 * whose expectations are in iptables-restore order).
 */

const svc1 = service('ns1', 'svc1', { clusterIP: '172.30.0.41', ports: [{ name: 'p80', port: 80, protocol: 'TCP' }] })
const SVC = 'KUBE-SVC-XPGD46QRK7WJZT7O'

describe('kube-proxy rules', () => {
  it('ClusterIP with one endpoint: KUBE-SERVICES, KUBE-SVC (masquerade off-cluster), KUBE-SEP (hairpin, DNAT)', () => {
    const store = twoNodes()
    store.syncService('ns1/svc1', svc1, [slice('ns1', 'svc1', [{ name: 'p80', port: 80 }], [{ ip: '10.180.0.1', node: 'node-1' }])])
    expect(serviceLines(store, 'node-2', 'nat', 'ns1/svc1')).toEqual([
      '-A KUBE-SEP-SXIVWICOYRO3J4NJ -s 10.180.0.1/32 -m comment --comment "ns1/svc1:p80" -j KUBE-MARK-MASQ',
      '-A KUBE-SEP-SXIVWICOYRO3J4NJ -p tcp -m comment --comment "ns1/svc1:p80" -m tcp -j DNAT --to-destination 10.180.0.1:80',
      `-A KUBE-SERVICES -d 172.30.0.41/32 -p tcp -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp --dport 80 -j ${SVC}`,
      `-A ${SVC} ! -s 10.244.0.0/16 -d 172.30.0.41/32 -p tcp -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ`,
      `-A ${SVC} -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -j KUBE-SEP-SXIVWICOYRO3J4NJ`
    ])
    const text = store.iptablesSave('node-1')!
    expect(text).toContain(`:${SVC} - [0:0]\n`)
    expect(text).toContain(':KUBE-SEP-SXIVWICOYRO3J4NJ - [0:0]\n')
    // The nodeports jump stays the last rule of KUBE-SERVICES.
    const services = ruleLines(store, 'node-1', 'nat').filter((l) => l.startsWith('-A KUBE-SERVICES '))
    expect(services.at(-1)).toBe(
      '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS'
    )
  })

  it('three endpoints: statistic rules 1/3, 1/2, then the last one certain', () => {
    const store = twoNodes()
    const eps = ['10.180.0.1', '10.180.0.2', '10.180.2.1'].map((ip) => ({ ip }))
    store.syncService('ns1/svc1', svc1, [slice('ns1', 'svc1', [{ name: 'p80', port: 80 }], eps)])
    const lb = serviceLines(store, 'node-1', 'nat', 'ns1/svc1').filter((l) => l.startsWith(`-A ${SVC} -m comment`))
    expect(lb).toEqual([
      `-A ${SVC} -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-SXIVWICOYRO3J4NJ`,
      `-A ${SVC} -m comment --comment "ns1/svc1:p80 -> 10.180.0.2:80" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-LXVODXWDISEETFEF`,
      `-A ${SVC} -m comment --comment "ns1/svc1:p80 -> 10.180.2.1:80" -j KUBE-SEP-ZX7GRIZKSNUQ3LAJ`
    ])
  })

  it('NodePort: KUBE-NODEPORTS jumps to KUBE-EXT, which masquerades then goes to KUBE-SVC', () => {
    const store = twoNodes()
    const np = service('default', 'frontend', { type: 'NodePort', clusterIP: '10.96.10.10', ports: [{ port: 80, nodePort: 30001, protocol: 'TCP' }] })
    store.syncService('default/frontend', np, [slice('default', 'frontend', [{ port: 80 }], [{ ip: '10.244.1.7', node: 'node-1' }])])
    const lines = serviceLines(store, 'node-2', 'nat', 'default/frontend')
    const ext = lines.find((l) => l.startsWith('-A KUBE-NODEPORTS'))!
    expect(ext).toMatch(/^-A KUBE-NODEPORTS -p tcp -m comment --comment "default\/frontend" -m tcp --dport 30001 -j (KUBE-EXT-[A-Z2-7]{16})$/)
    const hash = ext.slice(-16)
    expect(lines).toContain(`-A KUBE-EXT-${hash} -m comment --comment "masquerade traffic for default/frontend external destinations" -j KUBE-MARK-MASQ`)
    expect(ruleLines(store, 'node-2', 'nat')).toContain(`-A KUBE-EXT-${hash} -j KUBE-SVC-${hash}`)
  })

  it('externalIPs: KUBE-SERVICES sends them to KUBE-EXT; without endpoints KUBE-EXTERNAL-SERVICES rejects them', () => {
    const store = twoNodes()
    const ext = service('ns4', 'svc4', { clusterIP: '172.30.0.44', externalIPs: ['192.168.99.33'], ports: [{ name: 'p80', port: 80, protocol: 'TCP' }] })
    store.syncService('ns4/svc4', ext, [slice('ns4', 'svc4', [{ name: 'p80', port: 80 }], [{ ip: '10.180.0.4' }, { ip: '10.180.0.5' }])])
    expect(serviceLines(store, 'node-1', 'nat', 'ns4/svc4').filter((l) => l.startsWith('-A KUBE-SERVICES') || l.startsWith('-A KUBE-EXT-'))).toEqual([
      '-A KUBE-EXT-4SW47YFZTEDKD3PK -m comment --comment "masquerade traffic for ns4/svc4:p80 external destinations" -j KUBE-MARK-MASQ',
      '-A KUBE-SERVICES -d 172.30.0.44/32 -p tcp -m comment --comment "ns4/svc4:p80 cluster IP" -m tcp --dport 80 -j KUBE-SVC-4SW47YFZTEDKD3PK',
      '-A KUBE-SERVICES -d 192.168.99.33/32 -p tcp -m comment --comment "ns4/svc4:p80 external IP" -m tcp --dport 80 -j KUBE-EXT-4SW47YFZTEDKD3PK'
    ])
    // proxier_test's chains for 10.180.0.4:80 and 10.180.0.5:80, printed in name order.
    expect(serviceLines(store, 'node-1', 'nat', 'ns4/svc4').filter((l) => l.startsWith('-A KUBE-SEP-') && l.includes('DNAT'))).toEqual([
      '-A KUBE-SEP-C6EBXVWJJZMIWKLZ -p tcp -m comment --comment "ns4/svc4:p80" -m tcp -j DNAT --to-destination 10.180.0.5:80',
      '-A KUBE-SEP-UKSFD7AGPMPPLUHC -p tcp -m comment --comment "ns4/svc4:p80" -m tcp -j DNAT --to-destination 10.180.0.4:80'
    ])
    store.syncService('ns4/svc4', ext, [])
    expect(serviceLines(store, 'node-1', 'filter', 'ns4/svc4')).toEqual([
      '-A KUBE-EXTERNAL-SERVICES -d 192.168.99.33/32 -p tcp -m comment --comment "ns4/svc4:p80 has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable',
      '-A KUBE-SERVICES -d 172.30.0.44/32 -p tcp -m comment --comment "ns4/svc4:p80 has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable'
    ])
  })

  it('headless and ExternalName Services get no rules', () => {
    const store = twoNodes()
    const before = store.iptablesSave('node-1')
    store.syncService('ns1/db', service('ns1', 'db', { clusterIP: 'None', ports: [{ port: 5432 }] }), [slice('ns1', 'db', [{ port: 5432 }], [{ ip: '10.244.1.3' }])])
    store.syncService('ns1/ext', service('ns1', 'ext', { type: 'ExternalName', externalName: 'example.com' }), [])
    expect(store.iptablesSave('node-1')).toBe(before)
  })

  it('no ready endpoint: a filter REJECT for the ClusterIP ("has no endpoints") and for the NodePort on local addresses', () => {
    const store = twoNodes()
    const np = service('ns1', 'svc1', { type: 'NodePort', clusterIP: '172.30.0.41', ports: [{ name: 'p80', port: 80, nodePort: 3001, protocol: 'TCP' }] })
    store.syncService('ns1/svc1', np, [slice('ns1', 'svc1', [{ name: 'p80', port: 80 }], [{ ip: '10.180.0.1', ready: false, serving: false }])])
    expect(serviceLines(store, 'node-1', 'nat', 'ns1/svc1')).toEqual([])
    expect(serviceLines(store, 'node-1', 'filter', 'ns1/svc1')).toEqual([
      '-A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment "ns1/svc1:p80 has no endpoints" -m addrtype --dst-type LOCAL -m tcp --dport 3001 -j REJECT --reject-with icmp-port-unreachable',
      '-A KUBE-SERVICES -d 172.30.0.41/32 -p tcp -m comment --comment "ns1/svc1:p80 has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable'
    ])
  })

  it('terminating but serving endpoints are used only when no endpoint is ready', () => {
    const store = twoNodes()
    const eps = [
      { ip: '10.180.0.1', ready: false, serving: true, terminating: true },
      { ip: '10.180.0.2', ready: false, serving: false, terminating: true }
    ]
    store.syncService('ns1/svc1', svc1, [slice('ns1', 'svc1', [{ name: 'p80', port: 80 }], eps)])
    const lines = serviceLines(store, 'node-1', 'nat', 'ns1/svc1')
    expect(lines.filter((l) => l.includes('DNAT'))).toEqual(['-A KUBE-SEP-SXIVWICOYRO3J4NJ -p tcp -m comment --comment "ns1/svc1:p80" -m tcp -j DNAT --to-destination 10.180.0.1:80'])
    // Once another endpoint is ready, the terminating one is left out.
    store.syncService('ns1/svc1', svc1, [slice('ns1', 'svc1', [{ name: 'p80', port: 80 }], [...eps, { ip: '10.180.2.1' }])])
    expect(serviceLines(store, 'node-1', 'nat', 'ns1/svc1').filter((l) => l.includes('DNAT'))).toEqual([
      '-A KUBE-SEP-ZX7GRIZKSNUQ3LAJ -p tcp -m comment --comment "ns1/svc1:p80" -m tcp -j DNAT --to-destination 10.180.2.1:80'
    ])
  })

  it('sessionAffinity ClientIP: -m recent --rcheck per endpoint before the statistic rules, --set on the DNAT', () => {
    const store = twoNodes()
    const sticky = service('ns1', 'svc1', { clusterIP: '172.30.0.41', sessionAffinity: 'ClientIP', ports: [{ name: 'p80', port: 80, protocol: 'TCP' }] })
    store.syncService('ns1/svc1', sticky, [slice('ns1', 'svc1', [{ name: 'p80', port: 80 }], [{ ip: '10.180.0.1' }, { ip: '10.180.0.2' }])])
    const svcRules = serviceLines(store, 'node-1', 'nat', 'ns1/svc1').filter((l) => l.startsWith(`-A ${SVC} -m comment`))
    expect(svcRules).toEqual([
      `-A ${SVC} -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -m recent --rcheck --seconds 10800 --reap --name KUBE-SEP-SXIVWICOYRO3J4NJ --mask 255.255.255.255 --rsource -j KUBE-SEP-SXIVWICOYRO3J4NJ`,
      `-A ${SVC} -m comment --comment "ns1/svc1:p80 -> 10.180.0.2:80" -m recent --rcheck --seconds 10800 --reap --name KUBE-SEP-LXVODXWDISEETFEF --mask 255.255.255.255 --rsource -j KUBE-SEP-LXVODXWDISEETFEF`,
      `-A ${SVC} -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-SXIVWICOYRO3J4NJ`,
      `-A ${SVC} -m comment --comment "ns1/svc1:p80 -> 10.180.0.2:80" -j KUBE-SEP-LXVODXWDISEETFEF`
    ])
    expect(serviceLines(store, 'node-1', 'nat', 'ns1/svc1')).toContain(
      '-A KUBE-SEP-SXIVWICOYRO3J4NJ -p tcp -m comment --comment "ns1/svc1:p80" -m recent --set --name KUBE-SEP-SXIVWICOYRO3J4NJ --mask 255.255.255.255 --rsource -m tcp -j DNAT --to-destination 10.180.0.1:80'
    )
  })

  it('externalTrafficPolicy Local: KUBE-SVL with the local endpoints; a node without one DROPs external traffic', () => {
    const store = twoNodes()
    const local = service('ns2', 'svc2', {
      type: 'LoadBalancer',
      clusterIP: '172.30.0.42',
      externalTrafficPolicy: 'Local',
      healthCheckNodePort: 30000,
      ports: [{ name: 'p80', port: 80, nodePort: 3001, protocol: 'TCP' }]
    })
    store.syncService('ns2/svc2', local, [slice('ns2', 'svc2', [{ name: 'p80', port: 80 }], [{ ip: '10.180.0.2', node: 'node-1' }])])
    const on1 = serviceLines(store, 'node-1', 'nat', 'ns2/svc2')
    const ext = on1.find((l) => l.startsWith('-A KUBE-NODEPORTS'))!.slice(-16)
    expect(ruleLines(store, 'node-1', 'nat').filter((l) => l.startsWith(`-A KUBE-EXT-${ext}`))).toEqual([
      `-A KUBE-EXT-${ext} -s 10.244.0.0/16 -m comment --comment "pod traffic for ns2/svc2:p80 external destinations" -j KUBE-SVC-${ext}`,
      `-A KUBE-EXT-${ext} -m comment --comment "masquerade LOCAL traffic for ns2/svc2:p80 external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ`,
      `-A KUBE-EXT-${ext} -m comment --comment "route LOCAL traffic for ns2/svc2:p80 external destinations" -m addrtype --src-type LOCAL -j KUBE-SVC-${ext}`,
      `-A KUBE-EXT-${ext} -j KUBE-SVL-${ext}`
    ])
    expect(on1).toContain(`-A KUBE-SVL-${ext} -m comment --comment "ns2/svc2:p80 -> 10.180.0.2:80" -j KUBE-SEP-RS4RBKLTHTF2IUXJ`)
    // node-2 has no local endpoint: no final jump to KUBE-SVL, and a DROP in the filter table.
    expect(ruleLines(store, 'node-2', 'nat').some((l) => l.includes('KUBE-SVL-'))).toBe(false)
    expect(serviceLines(store, 'node-2', 'filter', 'ns2/svc2')).toEqual([
      '-A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment "ns2/svc2:p80 has no local endpoints" -m addrtype --dst-type LOCAL -m tcp --dport 3001 -j DROP',
      '-A KUBE-NODEPORTS -p tcp -m comment --comment "ns2/svc2:p80 health check node port" -m tcp --dport 30000 -j ACCEPT'
    ])
  })

  it('internalTrafficPolicy Local: the ClusterIP goes to KUBE-SVL; a node without local endpoints DROPs it', () => {
    const store = twoNodes()
    const itp = service('ns1', 'svc1', { clusterIP: '172.30.0.41', internalTrafficPolicy: 'Local', ports: [{ name: 'p80', port: 80, protocol: 'TCP' }] })
    store.syncService('ns1/svc1', itp, [slice('ns1', 'svc1', [{ name: 'p80', port: 80 }], [{ ip: '10.180.0.1', node: 'node-1' }])])
    expect(serviceLines(store, 'node-1', 'nat', 'ns1/svc1')).toEqual([
      '-A KUBE-SEP-SXIVWICOYRO3J4NJ -s 10.180.0.1/32 -m comment --comment "ns1/svc1:p80" -j KUBE-MARK-MASQ',
      '-A KUBE-SEP-SXIVWICOYRO3J4NJ -p tcp -m comment --comment "ns1/svc1:p80" -m tcp -j DNAT --to-destination 10.180.0.1:80',
      '-A KUBE-SERVICES -d 172.30.0.41/32 -p tcp -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp --dport 80 -j KUBE-SVL-XPGD46QRK7WJZT7O',
      '-A KUBE-SVL-XPGD46QRK7WJZT7O ! -s 10.244.0.0/16 -d 172.30.0.41/32 -p tcp -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ',
      '-A KUBE-SVL-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -j KUBE-SEP-SXIVWICOYRO3J4NJ'
    ])
    expect(serviceLines(store, 'node-2', 'nat', 'ns1/svc1')).toEqual([])
    expect(serviceLines(store, 'node-2', 'filter', 'ns1/svc1')).toEqual([
      '-A KUBE-SERVICES -d 172.30.0.41/32 -p tcp -m comment --comment "ns1/svc1:p80 has no local endpoints" -m tcp --dport 80 -j DROP'
    ])
  })

  it('prints like iptables-save: mangle (the canary), filter, nat; chain declarations, COMMIT', () => {
    const store = twoNodes()
    const text = store.iptablesSave('node-1', { time: new Date(Date.UTC(2026, 10, 26, 12, 5, 9)) })!
    const stamp = 'Thu Nov 26 12:05:09 2026'
    expect(text.split('\n').slice(0, 22)).toEqual([
      `# Generated by iptables-save v1.8.9 (nf_tables) on ${stamp}`,
      '*mangle',
      ':PREROUTING ACCEPT [0:0]',
      ':INPUT ACCEPT [0:0]',
      ':FORWARD ACCEPT [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      ':POSTROUTING ACCEPT [0:0]',
      ':KUBE-PROXY-CANARY - [0:0]',
      'COMMIT',
      `# Completed on ${stamp}`,
      `# Generated by iptables-save v1.8.9 (nf_tables) on ${stamp}`,
      '*filter',
      ':INPUT ACCEPT [0:0]',
      ':FORWARD ACCEPT [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      ':KUBE-EXTERNAL-SERVICES - [0:0]',
      ':KUBE-FORWARD - [0:0]',
      ':KUBE-NODEPORTS - [0:0]',
      ':KUBE-PROXY-CANARY - [0:0]',
      ':KUBE-PROXY-FIREWALL - [0:0]',
      ':KUBE-SERVICES - [0:0]',
      '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL'
    ])
    expect(text).toContain(`\nCOMMIT\n# Completed on ${stamp}\n# Generated by iptables-save v1.8.9 (nf_tables) on ${stamp}\n*nat\n:PREROUTING ACCEPT [0:0]\n`)
    expect(text.endsWith(`COMMIT\n# Completed on ${stamp}\n`)).toBe(true)
    expect(store.iptablesSave('node-1', { table: 'mangle' })).toBe(
      '*mangle\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n:KUBE-PROXY-CANARY - [0:0]\nCOMMIT\n'
    )
  })

  it.each([
    ['ns1/svc1:p80', '"ns1/svc1:p80"'],
    ['KUBE-MARK-MASQ', 'KUBE-MARK-MASQ'],
    ['a "quoted" word', '"a \\"quoted\\" word"']
  ])('saves the string %s as %s', (value, saved) => {
    expect(saveString(value)).toBe(saved)
  })

  it.each([
    ['0.5000000000', '0.50000000000'],
    ['0.3333333333', '0.33333333349'],
    ['0.2500000000', '0.25000000000'],
    ['0.2000000000', '0.20000000019']
  ])('statistic probability %s saves as %s', (p, saved) => {
    expect(savedProbability(p)).toBe(saved)
  })
})
