import { describe, expect, it } from 'vitest'
import type { Service } from 'kubernetes-types/core/v1'
import { AllocationError, ServiceIPAllocator } from '../../../main/cluster/network/ip-allocator'
import { NodePortAllocator } from '../../../main/cluster/network/port-allocator'
import { ServiceAllocator } from '../../../main/cluster/network/service-allocation'
import { StatusError } from '../../../main/cluster/apimachinery/errors'
import type { KubeObject } from '../../../main/cluster/apimachinery/types'

function codeOf(fn: () => unknown): string {
  try {
    fn()
  } catch (e) {
    if (e instanceof AllocationError) return `${e.code}: ${e.message}`
    throw e
  }
  return 'ok'
}

describe('ServiceIPAllocator', () => {
  it('hands out every host address of a /29 once, then reports the range full', () => {
    const a = new ServiceIPAllocator('10.0.0.0/29')
    expect(a.size).toBe(6)
    const got = new Set<string>()
    for (let i = 0; i < 6; i++) got.add(a.allocateNext())
    expect([...got].sort()).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5', '10.0.0.6'])
    expect(codeOf(() => a.allocateNext())).toBe('Full: range is full')
    a.release('10.0.0.4')
    expect(a.allocateNext()).toBe('10.0.0.4')
  })

  it('honours a requested address once; refuses taken, network, broadcast and foreign ones', () => {
    const a = new ServiceIPAllocator('10.96.0.0/12')
    a.allocate('10.96.0.10')
    expect(a.has('10.96.0.10')).toBe(true)
    expect(codeOf(() => a.allocate('10.96.0.10'))).toBe('Allocated: provided IP is already allocated')
    expect(codeOf(() => a.allocate('10.97.0.1'))).toBe('ok') // still inside the /12
    expect(codeOf(() => a.allocate('10.112.0.1'))).toBe(
      'NotInRange: the provided IP (10.112.0.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12'
    )
    expect(codeOf(() => a.allocate('10.96.0.0'))).toMatch(/^NotInRange/)
    expect(codeOf(() => a.allocate('10.111.255.255'))).toMatch(/^NotInRange/)
  })

  it('draws dynamic addresses from above the static subrange (10.96.0.1 - 10.96.1.0 on a /12)', () => {
    let seed = 1
    const a = new ServiceIPAllocator('10.96.0.0/12', () => (seed = (seed * 16807) % 2147483647) / 2147483647)
    for (let i = 0; i < 200; i++) {
      const ip = a.allocateNext()
      expect(ip).not.toMatch(/^10\.96\.0\./)
      expect(ip).not.toBe('10.96.1.0')
    }
    // Even the lowest random draw lands on the first dynamic address.
    expect(new ServiceIPAllocator('10.96.0.0/12', () => 0).allocateNext()).toBe('10.96.1.1')
  })

  it('falls back to the static subrange when the dynamic part is full', () => {
    // A /27: 32 addresses, offset 16 -> static .1-.16, dynamic .17-.30.
    const a = new ServiceIPAllocator('10.0.0.0/27', () => 0)
    const first = Array.from({ length: 14 }, () => a.allocateNext())
    expect(first[0]).toBe('10.0.0.17')
    expect(first.at(-1)).toBe('10.0.0.30')
    expect(a.allocateNext()).toBe('10.0.0.1')
  })
})

describe('NodePortAllocator', () => {
  it('allocates within 30000-32767, dynamic above the static 86 ports', () => {
    const p = new NodePortAllocator(undefined, () => 0)
    expect(p.allocateNext()).toBe(30086)
    p.allocate(30001)
    expect(codeOf(() => p.allocate(30001))).toBe('Allocated: provided port is already allocated')
    expect(codeOf(() => p.allocate(80))).toBe('NotInRange: provided port is not in the valid range. The range of valid ports is 30000-32767')
    expect(codeOf(() => p.allocate(32768))).toMatch(/^NotInRange/)
  })

  it('reports a small range full, and reuses a released port', () => {
    const p = new NodePortAllocator({ base: 31000, size: 3 })
    const ports = [p.allocateNext(), p.allocateNext(), p.allocateNext()].sort()
    expect(ports).toEqual([31000, 31001, 31002])
    expect(codeOf(() => p.allocateNext())).toBe('Full: range is full')
    p.release(31001)
    expect(p.allocateNext()).toBe(31001)
  })
})

function svc(name: string, spec: Service['spec']): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec }
}

describe('ServiceAllocator', () => {
  it('rebuilds from stored Services, so nothing is handed out twice', () => {
    const stored = [
      svc('a', { type: 'ClusterIP', clusterIP: '10.0.0.1', clusterIPs: ['10.0.0.1'] }),
      svc('b', { type: 'NodePort', clusterIP: '10.0.0.2', clusterIPs: ['10.0.0.2'], ports: [{ port: 80, nodePort: 30000 }] }),
      svc('h', { type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'] }),
      svc('x', { type: 'ExternalName', externalName: 'example.com' })
    ]
    const al = new ServiceAllocator({ serviceCIDR: '10.0.0.0/29', nodePorts: { base: 30000, size: 2 }, listServices: () => stored as unknown as KubeObject[] })
    const next = svc('c', { type: 'NodePort', ports: [{ port: 80 }] })
    al.beforeCreate(next)!.commit()
    expect(['10.0.0.3', '10.0.0.4', '10.0.0.5', '10.0.0.6']).toContain(next.spec!.clusterIP)
    expect(next.spec!.clusterIPs).toEqual([next.spec!.clusterIP])
    expect(next.spec!.ports![0].nodePort).toBe(30001)
    expect(al.ips.used).toBe(3)
    let err: unknown
    try {
      al.beforeCreate(svc('d', { type: 'NodePort', ports: [{ port: 80 }] }))
    } catch (e) {
      err = e
    }
    expect((err as StatusError).code).toBe(500)
    expect((err as StatusError).message).toBe('Internal error occurred: failed to allocate a nodePort: range is full')
    // The failed create took nothing.
    expect(al.ips.used).toBe(3)
  })

  it('reverts what it reserved when the write is rejected, and releases on delete', () => {
    const al = new ServiceAllocator({ serviceCIDR: '10.0.0.0/29', listServices: () => [] })
    const s = svc('a', { type: 'LoadBalancer', externalTrafficPolicy: 'Local', clusterIP: '10.0.0.5', ports: [{ port: 80 }, { port: 443 }] })
    const tx = al.beforeCreate(s)!
    expect(al.ips.has('10.0.0.5')).toBe(true)
    expect(al.ports.used).toBe(3)
    tx.revert()
    expect(al.ips.used).toBe(0)
    expect(al.ports.used).toBe(0)
    al.beforeCreate(s)!.commit()
    al.afterDelete(s)
    expect(al.ips.used + al.ports.used).toBe(0)
  })

  it('update: ClusterIP -> NodePort allocates node ports; NodePort -> ClusterIP releases them on commit', () => {
    const al = new ServiceAllocator({ serviceCIDR: '10.0.0.0/29', listServices: () => [] })
    const old = svc('a', { type: 'ClusterIP', ports: [{ port: 80 }] })
    al.beforeCreate(old)!.commit()
    const np = structuredClone(old)
    np.spec!.type = 'NodePort'
    al.beforeUpdate(np, old)!.commit()
    const port = np.spec!.ports![0].nodePort!
    expect(al.ports.has(port)).toBe(true)
    const back = structuredClone(np)
    back.spec!.type = 'ClusterIP'
    delete back.spec!.ports![0].nodePort
    const tx = al.beforeUpdate(back, np)!
    expect(al.ports.has(port)).toBe(true)
    tx.commit()
    expect(al.ports.has(port)).toBe(false)
    expect(al.ips.has(old.spec!.clusterIP!)).toBe(true)
  })
})
