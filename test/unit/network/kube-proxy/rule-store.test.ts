import { describe, expect, it } from 'vitest'
import type { Service } from 'kubernetes-types/core/v1'
import type { EndpointSlice } from 'kubernetes-types/discovery/v1'
import { service, serviceLines, slice, twoNodes } from './fixtures'

/** The rule store's incremental updates: one Service's change touches that Service's rules only. */

const a = service('ns', 'a', { clusterIP: '10.96.1.1', ports: [{ port: 80 }] })
const b = service('ns', 'b', { clusterIP: '10.96.1.2', ports: [{ port: 80 }] })
const local = service('ns', 'l', { type: 'NodePort', clusterIP: '10.96.1.3', externalTrafficPolicy: 'Local', ports: [{ port: 80, nodePort: 30003 }] })

describe('kube-proxy rule store', () => {
  it('an endpoint change in one Service leaves every other Service\'s rules as they were (same objects)', () => {
    const store = twoNodes()
    store.syncService('ns/a', a, [slice('ns', 'a', [{ port: 80 }], [{ ip: '10.244.1.1' }])])
    store.syncService('ns/b', b, [slice('ns', 'b', [{ port: 80 }], [{ ip: '10.244.1.2' }])])
    const rulesOfB = () => store.rulesOf('node-1')!.candidates('nat', 'KUBE-SERVICES', '10.96.1.2', 80).filter((r) => r.service?.name === 'b')
    const before = rulesOfB()
    const changed: string[] = []
    store.onChange((node) => changed.push(node))
    store.syncService('ns/a', a, [slice('ns', 'a', [{ port: 80 }], [{ ip: '10.244.1.1' }, { ip: '10.244.2.1' }])])
    expect(rulesOfB()).toHaveLength(1)
    expect(rulesOfB()[0]).toBe(before[0])
    expect(changed.sort()).toEqual(['node-1', 'node-2'])
    expect(serviceLines(store, 'node-2', 'nat', 'ns/a').filter((l) => l.includes('DNAT'))).toHaveLength(2)
  })

  it('Local-policy rules differ per node; a node joining later gets its own', () => {
    const store = twoNodes()
    store.syncService('ns/l', local, [slice('ns', 'l', [{ port: 80 }], [{ ip: '10.244.1.9', node: 'node-1' }])])
    const svl = (node: string) => serviceLines(store, node, 'nat', 'ns/l').filter((l) => l.startsWith('-A KUBE-SVL-'))
    expect(svl('node-1')).toHaveLength(1)
    expect(svl('node-2')).toEqual([])
    store.setNode({ name: 'node-3', addresses: ['172.18.0.5'] })
    expect(serviceLines(store, 'node-3', 'filter', 'ns/l')).toEqual([
      '-A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment "ns/l has no local endpoints" -m addrtype --dst-type LOCAL -m tcp --dport 30003 -j DROP'
    ])
    // The endpoint moves to node-2.
    store.syncService('ns/l', local, [slice('ns', 'l', [{ port: 80 }], [{ ip: '10.244.2.9', node: 'node-2' }])])
    expect(svl('node-1')).toEqual([])
    expect(svl('node-2')).toHaveLength(1)
  })

  it('switching a Service between Cluster and Local policy moves its rules between shared and per-node', () => {
    const store = twoNodes()
    const eps = [slice('ns', 'l', [{ port: 80 }], [{ ip: '10.244.1.9', node: 'node-1' }])]
    store.syncService('ns/l', local, eps)
    store.syncService('ns/l', { ...local, spec: { ...local.spec, externalTrafficPolicy: 'Cluster' } }, eps)
    for (const node of ['node-1', 'node-2']) {
      const lines = serviceLines(store, node, 'nat', 'ns/l')
      expect(lines.filter((l) => l.includes('KUBE-SVL-'))).toEqual([])
      expect(lines.filter((l) => l.startsWith('-A KUBE-NODEPORTS'))).toHaveLength(1)
    }
    expect(serviceLines(store, 'node-2', 'filter', 'ns/l')).toEqual([])
  })

  it('a deleted Service, or a removed port, leaves no rule behind', () => {
    const store = twoNodes()
    const empty = store.iptablesSave('node-1')
    const two = service('ns', 'a', { clusterIP: '10.96.1.1', ports: [{ name: 'http', port: 80 }, { name: 'https', port: 443 }] })
    const eps = [slice('ns', 'a', [{ name: 'http', port: 8080 }, { name: 'https', port: 8443 }], [{ ip: '10.244.1.1' }])]
    store.syncService('ns/a', two, eps)
    store.syncService('ns/a', { ...two, spec: { ...two.spec, ports: [{ name: 'http', port: 80 }] } }, eps)
    expect(serviceLines(store, 'node-1', 'nat', 'ns/a:https')).toEqual([])
    expect(serviceLines(store, 'node-1', 'nat', 'ns/a:http').length).toBeGreaterThan(0)
    store.syncService('ns/a', undefined, eps)
    store.syncService('ns/l', local, [slice('ns', 'l', [{ port: 80 }], [{ ip: '10.244.1.9', node: 'node-1' }])])
    store.syncService('ns/l', undefined, [])
    expect(store.iptablesSave('node-1')).toBe(empty)
    expect(store.iptablesSave('node-2')).toBe(empty)
  })

  it('changes are taken at once and built when read: reading after every change or once at the end gives the same rules', () => {
    const changes: Array<[string, Service | undefined, EndpointSlice[]]> = [
      ['ns/a', a, [slice('ns', 'a', [{ port: 80 }], [{ ip: '10.244.1.1' }])]],
      ['ns/l', local, [slice('ns', 'l', [{ port: 80 }], [{ ip: '10.244.1.9', node: 'node-1' }])]],
      ['ns/b', b, [slice('ns', 'b', [{ port: 80 }], [{ ip: '10.244.1.2' }])]],
      ['ns/a', a, [slice('ns', 'a', [{ port: 80 }], [{ ip: '10.244.1.1' }, { ip: '10.244.2.1' }])]],
      ['ns/b', undefined, []],
      ['ns/l', local, [slice('ns', 'l', [{ port: 80 }], [{ ip: '10.244.2.9', node: 'node-2' }])]]
    ]
    const eager = twoNodes()
    const lazy = twoNodes()
    for (const [key, svc, slices] of changes) {
      eager.syncService(key, svc, slices)
      eager.iptablesSave('node-1')
      lazy.syncService(key, svc, slices)
    }
    // A node joining meanwhile gets the latest rules too.
    eager.setNode({ name: 'node-3', addresses: ['172.18.0.5'] })
    lazy.setNode({ name: 'node-3', addresses: ['172.18.0.5'] })
    for (const node of ['node-1', 'node-2', 'node-3']) expect(lazy.iptablesSave(node)).toBe(eager.iptablesSave(node))
    expect(serviceLines(lazy, 'node-2', 'nat', 'ns/a').filter((l) => l.includes('DNAT'))).toHaveLength(2)
    expect(serviceLines(lazy, 'node-1', 'nat', 'ns/b')).toEqual([])
  })

  it('a removed node has no rules', () => {
    const store = twoNodes()
    store.removeNode('node-2')
    expect(store.nodes()).toEqual(['node-1'])
    expect(store.ruleSet('node-2')).toBeUndefined()
    expect(store.iptablesSave('node-2')).toBeUndefined()
  })
})
