import { describe, expect, it } from 'vitest'
import type { Endpoints } from 'kubernetes-types/core/v1'
import { EndpointsWriteTracker } from '../../../main/cluster/controllers/endpoints/write-tracker'

/** The Endpoints controller's record of its own writes: a stale cache, and its writes' watch events. */

const ep = (resourceVersion: string): Endpoints => ({ apiVersion: 'v1', kind: 'Endpoints', metadata: { namespace: 'ns', name: 'web', resourceVersion } })

describe('EndpointsWriteTracker', () => {
  it('calls the cache stale while it shows the version an update replaced', () => {
    const t = new EndpointsWriteTracker()
    t.wrote('ns/web', ep('5'), ep('9'))
    expect(t.isStale('ns/web', ep('5'))).toBe(true)
    expect(t.isStale('ns/web', ep('9'))).toBe(false)
    expect(t.isStale('ns/web', undefined)).toBe(false)
  })

  it('knows its own write coming back, and another version as not its own', () => {
    const t = new EndpointsWriteTracker()
    t.wrote('ns/web', undefined, ep('9'))
    expect(t.isOwnWrite(ep('9'))).toBe(true)
    expect(t.isOwnWrite(ep('12'))).toBe(false)
  })

  it('lets its own write through once after a sync waited for the cache', () => {
    const t = new EndpointsWriteTracker()
    t.wrote('ns/web', ep('5'), ep('9'))
    t.awaitEvent('ns/web')
    expect(t.isOwnWrite(ep('9'))).toBe(false)
    expect(t.isOwnWrite(ep('9'))).toBe(true)
  })

  it('forgets a deleted Service', () => {
    const t = new EndpointsWriteTracker()
    t.wrote('ns/web', ep('5'), ep('9'))
    t.delete('ns/web')
    expect(t.isStale('ns/web', ep('5'))).toBe(false)
    expect(t.isOwnWrite(ep('9'))).toBe(false)
  })
})
