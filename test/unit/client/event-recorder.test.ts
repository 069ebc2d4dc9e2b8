import { describe, expect, it } from 'vitest'
import type { Event } from 'kubernetes-types/core/v1'
import { createClock } from '../../../main/cluster/clock'
import { createEventRecorder } from '../../../main/cluster/client/event-recorder'
import type { Client, ResourceClient } from '../../../main/cluster/client/types'
import { FakeResourceClient } from './fake-resource-client'

describe('event recorder', () => {
  it('names and writes events at a fractional cluster time (jittered timers move time by parts of a millisecond)', async () => {
    const clock = createClock({ mode: 'manual', start: Date.UTC(2026, 0, 1) })
    await clock.step(1234.5678)
    const events = new FakeResourceClient()
    const client = { resource: () => events as unknown as ResourceClient<Event> } as unknown as Client
    const recorder = createEventRecorder(client, clock, { component: 'deployment-controller' })
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', namespace: 'default', uid: 'u1' } }
    recorder.event(deployment, 'Normal', 'ScalingReplicaSet', 'Scaled up replica set api-1 from 0 to 4')
    recorder.event(deployment, 'Normal', 'ScalingReplicaSet', 'Scaled up replica set api-2 from 0 to 1')
    await recorder.flush()
    const written = (await events.list('default')).items as unknown as Event[]
    expect(written.map((e) => e.message)).toEqual(['Scaled up replica set api-1 from 0 to 4', 'Scaled up replica set api-2 from 0 to 1'])
    for (const e of written) expect(e.metadata?.name).toMatch(/^api\.[0-9a-f]{16}$/)
    clock.dispose()
  })
})
