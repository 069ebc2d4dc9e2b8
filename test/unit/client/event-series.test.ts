import { describe, expect, it } from 'vitest'
import type { Event } from 'kubernetes-types/core/v1'
import { createClock } from '../../../main/cluster/clock'
import { createSeriesWriter, type SeriesEvent } from '../../../main/cluster/client/event-series'
import type { ResourceClient } from '../../../main/cluster/client/types'
import { FakeResourceClient } from './fake-resource-client'

const START = Date.UTC(2026, 0, 1)

function scheduled(pod: string, name: string): SeriesEvent {
  return {
    namespace: 'default',
    name,
    regarding: { kind: 'Pod', namespace: 'default', name: pod, uid: `uid-${pod}`, apiVersion: 'v1' },
    type: 'Normal',
    reason: 'Scheduled',
    action: 'Binding',
    note: `Successfully assigned default/${pod} to node-1`
  }
}

describe('events.k8s.io series writer', () => {
  it('keeps joining repeats into a series while thousands of distinct events pass, and starts afresh after the window', async () => {
    const clock = createClock({ mode: 'manual', start: START })
    const events = new FakeResourceClient()
    const write = createSeriesWriter(events as unknown as ResourceClient<Event>, clock, 'default-scheduler', 'default-scheduler-cp')
    await write(scheduled('first', 'first.1'))
    // A rollout's worth of distinct events, past the cache's first sweep size.
    for (let i = 0; i < 5_000; i++) await write(scheduled(`pod-${i}`, `pod-${i}.1`))
    await write(scheduled('first', 'first.2'))
    const first = (await events.get('default', 'first.1')) as unknown as Event
    expect(first.series?.count).toBe(2)
    expect((await events.list('default')).items).toHaveLength(5_001)

    // Seven minutes later the series has finished: the same event starts a new one.
    await clock.step(7 * 60_000)
    for (let i = 0; i < 5_000; i++) await write(scheduled(`later-${i}`, `later-${i}.1`))
    await write(scheduled('first', 'first.3'))
    expect((await events.get('default', 'first.3')) as unknown as Event).toMatchObject({ reason: 'Scheduled' })
    clock.dispose()
  })
})
