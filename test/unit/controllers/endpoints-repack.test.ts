import { describe, expect, it } from 'vitest'
import type { EndpointAddress, EndpointPort, EndpointSubset } from 'kubernetes-types/core/v1'
import { compareAddresses, repackSubsets } from '../../../main/cluster/controllers/endpoints/repack'

const addr = (ip: string, uid?: string): EndpointAddress => (uid ? { ip, targetRef: { kind: 'Pod', uid } } : { ip })
const port = (name: string, p: number): EndpointPort => ({ name, port: p, protocol: 'TCP' })

/** Subsets in a comparable form: ready and not-ready IPs and port names, sorted by their first IP. */
function shape(subsets: EndpointSubset[]) {
  return subsets
    .map((s) => ({
      ready: (s.addresses ?? []).map((a) => a.ip),
      notReady: (s.notReadyAddresses ?? []).map((a) => a.ip),
      ports: (s.ports ?? []).map((p) => p.name).sort()
    }))
    .sort((a, b) => (a.ports.join() < b.ports.join() ? -1 : 1))
}

describe('RepackSubsets', () => {
  it('packs nothing into nothing', () => {
    expect(repackSubsets([])).toEqual([])
  })

  it('keeps addresses without ports, in a subset without ports', () => {
    expect(repackSubsets([{ addresses: [addr('1.1.1.1')] }])).toEqual([{ addresses: [addr('1.1.1.1')] }])
  })

  it('merges the ports of one address set into one subset', () => {
    const packed = repackSubsets([
      { addresses: [addr('1.1.1.1', 'a')], ports: [port('http', 80)] },
      { addresses: [addr('1.1.1.1', 'a')], ports: [port('https', 443)] }
    ])
    expect(shape(packed)).toEqual([{ ready: ['1.1.1.1'], notReady: [], ports: ['http', 'https'] }])
  })

  it('merges the addresses of one port, sorted by IP, deduplicated by IP and pod', () => {
    const packed = repackSubsets([
      { addresses: [addr('10.0.0.9', 'b')], ports: [port('http', 80)] },
      { addresses: [addr('10.0.0.10', 'a')], ports: [port('http', 80)] },
      { addresses: [addr('10.0.0.9', 'b')], ports: [port('http', 80)] }
    ])
    // Bytewise: "10.0.0.10" sorts before "10.0.0.9", as Kubernetes compares the strings.
    expect(shape(packed)).toEqual([{ ready: ['10.0.0.10', '10.0.0.9'], notReady: [], ports: ['http'] }])
  })

  it('keeps one IP twice when two pods share it (different UIDs)', () => {
    const packed = repackSubsets([{ addresses: [addr('1.1.1.1', 'b'), addr('1.1.1.1', 'a')], ports: [port('http', 80)] }])
    expect(packed[0].addresses?.map((a) => a.targetRef?.uid)).toEqual(['a', 'b'])
  })

  it('lets not ready win over ready for the same address and port', () => {
    const packed = repackSubsets([
      { addresses: [addr('1.1.1.1', 'a')], ports: [port('http', 80)] },
      { notReadyAddresses: [addr('1.1.1.1', 'a')], ports: [port('http', 80)] }
    ])
    expect(shape(packed)).toEqual([{ ready: [], notReady: ['1.1.1.1'], ports: ['http'] }])
  })

  it('splits ports served by different address sets', () => {
    const packed = repackSubsets([
      { addresses: [addr('1.1.1.1', 'a')], ports: [port('http', 80), port('metrics', 9090)] },
      { addresses: [addr('2.2.2.2', 'b')], ports: [port('metrics', 9090)] }
    ])
    expect(shape(packed)).toEqual([
      { ready: ['1.1.1.1'], notReady: [], ports: ['http'] },
      { ready: ['1.1.1.1', '2.2.2.2'], notReady: [], ports: ['metrics'] }
    ])
  })

  it('is deterministic whatever the input order', () => {
    const subsets: EndpointSubset[] = [
      { addresses: [addr('1.1.1.1', 'a')], ports: [port('http', 80)] },
      { addresses: [addr('2.2.2.2', 'b')], ports: [port('metrics', 9090)] },
      { notReadyAddresses: [addr('3.3.3.3', 'c')], ports: [port('http', 80), port('metrics', 9090)] }
    ]
    expect(repackSubsets([...subsets].reverse())).toEqual(repackSubsets(subsets))
  })

  it('orders addresses by IP, then pod UID, with no target first', () => {
    expect(compareAddresses(addr('1.1.1.1'), addr('1.1.1.1', 'a'))).toBeLessThan(0)
    expect(compareAddresses(addr('1.1.1.1', 'b'), addr('1.1.1.1', 'a'))).toBeGreaterThan(0)
    expect(compareAddresses(addr('1.1.1.2', 'a'), addr('1.1.1.10', 'a'))).toBeGreaterThan(0)
  })
})
