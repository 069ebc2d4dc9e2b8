import { describe, expect, it } from 'vitest'
import { CIDRSet } from '../../../main/cluster/controllers/node-ipam'

describe('node IPAM CIDR set', () => {
  it('carves /24s out of the pod range in order, the first to the first node', () => {
    const set = new CIDRSet('10.244.0.0/16', 24)
    expect(set.max).toBe(256)
    expect([set.allocateNext(), set.allocateNext(), set.allocateNext()]).toEqual(['10.244.0.0/24', '10.244.1.0/24', '10.244.2.0/24'])
  })

  it('never hands out a CIDR that existing nodes occupy (rebuilt at start)', () => {
    const set = new CIDRSet('10.244.0.0/16', 24)
    expect(set.occupy('10.244.0.0/24')).toBe(true)
    expect(set.occupy('10.244.1.0/24')).toBe(true)
    expect(set.occupy('10.245.0.0/24')).toBe(false) // outside the range
    expect(set.allocateNext()).toBe('10.244.2.0/24')
    expect(set.allocated()).toBe(3)
  })

  it('reuses a released CIDR only after the rest, as cidrset rotates its next candidate', () => {
    const set = new CIDRSet('10.244.0.0/22', 24)
    set.allocateNext()
    set.allocateNext()
    set.release('10.244.0.0/24')
    expect(set.allocateNext()).toBe('10.244.2.0/24')
    expect(set.allocateNext()).toBe('10.244.3.0/24')
    expect(set.allocateNext()).toBe('10.244.0.0/24')
  })

  it('reports a full range as undefined until something is released', () => {
    const set = new CIDRSet('10.244.0.0/23', 24)
    expect(set.allocateNext()).toBe('10.244.0.0/24')
    expect(set.allocateNext()).toBe('10.244.1.0/24')
    expect(set.allocateNext()).toBeUndefined()
    set.release('10.244.1.0/24')
    expect(set.allocateNext()).toBe('10.244.1.0/24')
  })

  it('honours other mask sizes and CIDRs that span several subnets', () => {
    const set = new CIDRSet('10.0.0.0/16', 26)
    expect(set.max).toBe(1024)
    expect(set.allocateNext()).toBe('10.0.0.0/26')
    set.occupy('10.0.0.0/24') // four /26s
    expect(set.allocateNext()).toBe('10.0.1.0/26')
    expect(set.allocated()).toBe(5)
  })
})
