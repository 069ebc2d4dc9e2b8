import { describe, expect, it } from 'vitest'
import type { Event } from 'kubernetes-types/core/v1'
import { EventCorrelator } from '../../../main/cluster/client/event-correlator'

function event(pod: string, name: string): Event {
  return {
    metadata: { name, namespace: 'default' },
    involvedObject: { kind: 'Pod', namespace: 'default', name: pod, uid: `uid-${pod}`, apiVersion: 'v1' },
    reason: 'Pulled',
    message: 'Container image "registry.k8s.io/pause:3.10" already present on machine',
    source: { component: 'kubelet', host: 'node-1' },
    type: 'Normal',
    count: 1
  }
}

describe('EventCorrelator caches', () => {
  it('counts a repeat in the first event while the object is remembered, and forgets it after 4,096 other objects, as client-go LRU caches do', () => {
    const c = new EventCorrelator()
    const first = c.correlate(event('web', 'web.1'), 0, 't0')
    expect(first).toMatchObject({ skip: false, update: false })
    expect(c.correlate(event('web', 'web.2'), 1, 't1')).toMatchObject({ skip: false, update: true, event: { metadata: { name: 'web.1' }, count: 2 } })
    for (let i = 0; i < 4096; i++) c.correlate(event(`other-${i}`, `other-${i}.1`), 2, 't2')
    expect(c.correlate(event('web', 'web.3'), 3, 't3')).toMatchObject({ skip: false, update: false, event: { metadata: { name: 'web.3' }, count: 1 } })
    expect(c.correlate(event('other-4095', 'other-4095.2'), 4, 't4')).toMatchObject({ update: true, event: { metadata: { name: 'other-4095.1' }, count: 2 } })
  })
})
