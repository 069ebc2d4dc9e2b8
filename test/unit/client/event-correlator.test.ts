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

  it('combines similar events from the tenth distinct message on; repeats of one message are counted, not combined', () => {
    const c = new EventCorrelator()
    const withMessage = (name: string, message: string): Event => ({ ...event('web', name), message })
    for (let i = 0; i < 5; i++) expect(c.correlate(withMessage(`web.a${i}`, 'same'), i, `t${i}`)).toMatchObject({ skip: false, event: { message: 'same', count: i + 1 } })
    for (let i = 1; i < 9; i++) expect(c.correlate(withMessage(`web.b${i}`, `message ${i}`), 10 + i, 't')).toMatchObject({ skip: false, event: { message: `message ${i}`, count: 1 } })
    const combined = c.correlate(withMessage('web.c', 'message 9'), 20, 't20')
    expect(combined).toMatchObject({ skip: false, update: false, event: { metadata: { name: 'web.c' }, message: '(combined from similar events): message 9', count: 1 } })
    // The set stays at its bound: the next new message is combined too, into the same event.
    expect(c.correlate(withMessage('web.d', 'message 10'), 21, 't21')).toMatchObject({ update: true, event: { metadata: { name: 'web.c' }, message: '(combined from similar events): message 10', count: 2 } })
  })

  it('keeps counting a repeat after the aggregation window ends: what was written is remembered apart from the window', () => {
    const c = new EventCorrelator()
    c.correlate(event('web', 'web.1'), 0, 't0')
    const later = c.correlate(event('web', 'web.2'), 11 * 60_000, 't1')
    expect(later).toMatchObject({ skip: false, update: true, event: { metadata: { name: 'web.1' }, count: 2, firstTimestamp: undefined } })
  })

  it('tells events apart by field path, and by reason, on one object', () => {
    const c = new EventCorrelator()
    const at = (name: string, fieldPath: string | undefined, reason = 'Pulled'): Event => {
      const e = event('web', name)
      return { ...e, reason, involvedObject: { ...e.involvedObject, fieldPath } }
    }
    expect(c.correlate(at('web.1', 'spec.containers{a}'), 0, 't')).toMatchObject({ update: false })
    expect(c.correlate(at('web.2', 'spec.containers{b}'), 1, 't')).toMatchObject({ update: false, event: { metadata: { name: 'web.2' } } })
    expect(c.correlate(at('web.3', 'spec.containers{a}', 'Created'), 2, 't')).toMatchObject({ update: false })
    expect(c.correlate(at('web.4', 'spec.containers{b}'), 3, 't')).toMatchObject({ update: true, event: { metadata: { name: 'web.2' }, count: 2 } })
    expect(c.correlate(at('web.5', 'spec.containers{a}'), 4, 't')).toMatchObject({ update: true, event: { metadata: { name: 'web.1' }, count: 2 } })
    expect(c.correlate(at('web.6', undefined), 5, 't')).toMatchObject({ update: false, event: { metadata: { name: 'web.6' } } })
  })

  it('lets a source write 25 events about one object at once, then one every 5 minutes; another object has its own bucket', () => {
    const c = new EventCorrelator()
    for (let i = 0; i < 25; i++) expect(c.correlate(event('web', `web.${i}`), 0, 't')).toMatchObject({ skip: false })
    expect(c.correlate(event('web', 'web.25'), 0, 't')).toEqual({ skip: true })
    expect(c.correlate(event('db', 'db.1'), 0, 't')).toMatchObject({ skip: false })
    expect(c.correlate(event('web', 'web.26'), 299_999, 't')).toEqual({ skip: true })
    // Skipped events were counted all the same (client-go observes before it filters).
    expect(c.correlate(event('web', 'web.27'), 300_000, 't')).toMatchObject({ skip: false, update: true, event: { count: 28 } })
  })
})
