import { describe, expect, it } from 'vitest'
import type { EndpointSlice } from 'kubernetes-types/discovery/v1'
import { EndpointSliceTracker } from '../../../main/cluster/controllers/endpointslice/tracker'

/** The EndpointSlice controller's record of its writes: a stale cache (StaleSlices) and its own writes' events (ShouldSync). */

const slice = (uid: string, generation: number): EndpointSlice => ({
  apiVersion: 'discovery.k8s.io/v1',
  kind: 'EndpointSlice',
  addressType: 'IPv4',
  endpoints: [],
  metadata: { namespace: 'ns', name: `web-${uid}`, uid, generation, ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: 'svc' }] }
})

describe('EndpointSliceTracker', () => {
  it('calls the cache stale until it shows the generation written', () => {
    const t = new EndpointSliceTracker()
    t.update(slice('a', 3))
    expect(t.stale('ns', 'web', [slice('a', 2)])).toBe(true)
    expect(t.stale('ns', 'web', [])).toBe(true)
    expect(t.stale('ns', 'web', [slice('a', 3)])).toBe(false)
  })

  it('knows its own writes coming back; a newer generation or an unknown slice needs a sync', () => {
    const t = new EndpointSliceTracker()
    t.update(slice('a', 3))
    expect(t.isOwnWrite(slice('a', 3))).toBe(true)
    expect(t.isOwnWrite(slice('a', 2))).toBe(true)
    expect(t.isOwnWrite(slice('a', 4))).toBe(false)
    expect(t.isOwnWrite(slice('b', 1))).toBe(false)
  })

  it('lets one event through after a sync waited for the cache', () => {
    const t = new EndpointSliceTracker()
    t.update(slice('a', 3))
    t.awaitEvent('ns', 'web')
    expect(t.isOwnWrite(slice('a', 3))).toBe(false)
    expect(t.isOwnWrite(slice('a', 3))).toBe(true)
  })

  it('a deletion it made is not an own write to ignore', () => {
    const t = new EndpointSliceTracker()
    t.expectDeletion(slice('a', 3))
    expect(t.isOwnWrite(slice('a', 3))).toBe(false)
  })
})
