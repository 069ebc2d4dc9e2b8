import { describe, expect, it } from 'vitest'
import { HostLocalIPAM } from '../../../main/cluster/node/kubelet/host-local-ipam'

describe('host-local IPAM', () => {
  it('keeps .1 for the cni0 bridge and hands pods .2 onwards', () => {
    const ipam = new HostLocalIPAM('10.244.1.0/24')
    expect(ipam.gateway).toBe('10.244.1.1')
    expect(ipam.capacity).toBe(253)
    expect(ipam.get('a')).toBe('10.244.1.2')
    expect(ipam.get('b')).toBe('10.244.1.3')
    expect(ipam.get('a')).toBe('10.244.1.2') // asking again returns the same address
    expect(ipam.ownerOf('10.244.1.3')).toBe('b')
    expect(ipam.rangeSet).toBe('10.244.1.1-10.244.1.254')
  })

  it('goes round-robin: a released address is reused only after the others', () => {
    const ipam = new HostLocalIPAM('10.244.1.0/24')
    ipam.get('a')
    ipam.get('b')
    ipam.put('a')
    expect(ipam.ownerOf('10.244.1.2')).toBeUndefined()
    expect(ipam.get('c')).toBe('10.244.1.4')
    expect(ipam.allocated).toBe(2)
  })

  it('wraps around to released addresses at the end of the range', () => {
    const ipam = new HostLocalIPAM('10.244.1.0/29') // pods .2 to .6
    for (const owner of ['a', 'b', 'c', 'd', 'e']) ipam.get(owner)
    ipam.put('b')
    expect(ipam.get('f')).toBe('10.244.1.3')
  })

  it('answers undefined when the range is exhausted, and serves again after a release', () => {
    const ipam = new HostLocalIPAM('10.244.1.0/29')
    const got = ['a', 'b', 'c', 'd', 'e'].map((o) => ipam.get(o))
    expect(got).toEqual(['10.244.1.2', '10.244.1.3', '10.244.1.4', '10.244.1.5', '10.244.1.6'])
    expect(ipam.get('f')).toBeUndefined()
    ipam.put('c')
    expect(ipam.get('f')).toBe('10.244.1.4')
  })

  it('is rebuilt from pods that already hold addresses (use), continuing after the highest', () => {
    const ipam = new HostLocalIPAM('10.244.2.0/24')
    expect(ipam.use('a', '10.244.2.7')).toBe(true)
    expect(ipam.use('b', '10.244.2.3')).toBe(true)
    expect(ipam.use('c', '10.244.2.7')).toBe(false) // taken by a
    expect(ipam.use('a', '10.244.2.7')).toBe(true) // already a's
    expect(ipam.use('d', '10.244.3.9')).toBe(false) // another node's range
    expect(ipam.use('e', '10.244.2.1')).toBe(false) // the gateway
    expect(ipam.get('f')).toBe('10.244.2.8')
    expect(ipam.allocated).toBe(3)
  })
})
