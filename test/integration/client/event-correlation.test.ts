import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Event, Pod } from 'kubernetes-types/core/v1'
import { Cluster } from '../../../main/cluster/cluster'
import { createEventRecorder, type EventRecorder } from '../../../main/cluster/client/event-recorder'
import type { KubeObject } from '../../../main/cluster/apimachinery/types'

const eventsGVR = { group: '', version: 'v1', resource: 'events' }
const pod = (name: string): KubeObject =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', uid: `uid-${name}`, resourceVersion: '1' } }) as KubeObject & Pod

describe('event correlation (client-go EventCorrelator)', () => {
  let cluster: Cluster
  let kubelet: EventRecorder
  const list = async (): Promise<Event[]> => (await cluster.client.resource<Event>(eventsGVR).list('default')).items
  const step = (ms: number) => (cluster.clock as unknown as { step(ms: number): Promise<void> }).step(ms)

  beforeEach(async () => {
    cluster = await Cluster.start({ clock: 'manual', components: [] })
    kubelet = createEventRecorder(cluster.client, cluster.clock, { component: 'kubelet', host: 'node-1' })
  })
  afterEach(async () => {
    await cluster?.stop()
  })

  it('counts repeats of one event (BackOff in CrashLoopBackOff) in the first one, with firstTimestamp kept and lastTimestamp moving', async () => {
    const p = pod('crash')
    const first = cluster.clock.rfc3339()
    kubelet.event(p, 'Warning', 'BackOff', 'Back-off restarting failed container app in pod crash_default(uid-crash)', { fieldPath: 'spec.containers{app}' })
    await kubelet.flush()
    // Even far apart (client-go's dedup cache has no time window), the repeat joins the first event.
    await step(20 * 60_000)
    kubelet.event(p, 'Warning', 'BackOff', 'Back-off restarting failed container app in pod crash_default(uid-crash)', { fieldPath: 'spec.containers{app}' })
    await step(10_000)
    kubelet.event(p, 'Warning', 'BackOff', 'Back-off restarting failed container app in pod crash_default(uid-crash)', { fieldPath: 'spec.containers{app}' })
    await kubelet.flush()
    const events = await list()
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ reason: 'BackOff', count: 3, firstTimestamp: first, lastTimestamp: cluster.clock.rfc3339(), source: { component: 'kubelet', host: 'node-1' } })
    expect(events[0].metadata?.name).toMatch(/^crash\.[0-9a-f]+$/)
    // A different reason or field path is another event.
    kubelet.event(p, 'Warning', 'BackOff', 'Back-off restarting failed container side in pod crash_default(uid-crash)', { fieldPath: 'spec.containers{side}' })
    await kubelet.flush()
    expect(await list()).toHaveLength(2)
  })

  it('writes a deleted event anew with its count', async () => {
    const p = pod('gone')
    kubelet.event(p, 'Normal', 'Pulled', 'Container image "nginx" already present on machine')
    await kubelet.flush()
    const [written] = await list()
    await cluster.client.resource<Event>(eventsGVR).delete('default', written.metadata!.name!)
    kubelet.event(p, 'Normal', 'Pulled', 'Container image "nginx" already present on machine')
    await kubelet.flush()
    const again = await list()
    expect(again).toHaveLength(1)
    expect(again[0]).toMatchObject({ count: 2, metadata: { name: written.metadata!.name } })
  })

  it('combines more than ten similar events (same reason, different messages) into one', async () => {
    const p = pod('similar')
    for (let i = 0; i < 12; i++) kubelet.event(p, 'Warning', 'Unhealthy', `Readiness probe failed: attempt ${i}`)
    await kubelet.flush()
    const events = await list()
    // Nine distinct events, then the tenth and later ones counted in one combined event.
    expect(events).toHaveLength(10)
    const combined = events.filter((e) => e.message?.startsWith('(combined from similar events): '))
    expect(combined).toHaveLength(1)
    expect(combined[0]).toMatchObject({ count: 3, message: '(combined from similar events): Readiness probe failed: attempt 11', reason: 'Unhealthy', type: 'Warning' })
  })

  it('lets a source write 25 events about one object at once, then one per five minutes (the spam filter)', async () => {
    const p = pod('noisy')
    for (let i = 0; i < 40; i++) kubelet.event(p, 'Normal', `Reason${i}`, 'x')
    await kubelet.flush()
    expect(await list()).toHaveLength(25)
    // Another object, or another source, has its own budget.
    kubelet.event(pod('quiet'), 'Normal', 'Reason0', 'x')
    const other = createEventRecorder(cluster.client, cluster.clock, { component: 'kubelet', host: 'node-2' })
    other.event(p, 'Normal', 'Other', 'x')
    await Promise.all([kubelet.flush(), other.flush()])
    await step(299_000)
    kubelet.event(p, 'Normal', 'Late', 'x')
    await kubelet.flush()
    expect((await list()).filter((e) => e.reason === 'Late')).toHaveLength(0)
    await step(1_000)
    kubelet.event(p, 'Normal', 'Late', 'x')
    await kubelet.flush()
    const all = await list()
    expect(all.filter((e) => e.reason === 'Late')).toHaveLength(1)
    expect(all.filter((e) => e.involvedObject.name === 'quiet')).toHaveLength(1)
    expect(all.filter((e) => e.reason === 'Other')).toHaveLength(1)
  })

  it("stores a container's events with one shared reference and one shared source, and serves the fields as before", async () => {
    const p = pod('web')
    for (const reason of ['Pulled', 'Created', 'Started']) kubelet.event(p, 'Normal', reason, `${reason} pause`, { fieldPath: 'spec.containers{pause}' })
    kubelet.event({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1', uid: 'uid-node' } } as KubeObject, 'Normal', 'Starting', 'Starting kubelet.')
    await kubelet.flush()
    const stored = cluster.store.list('/registry/events/default/').items as unknown as Event[]
    const container = stored.filter((e) => e.involvedObject.kind === 'Pod')
    expect(container).toHaveLength(3)
    expect(new Set(container.map((e) => e.involvedObject)).size).toBe(1)
    expect(new Set(stored.map((e) => e.source)).size).toBe(1)
    expect(Object.isFrozen(container[0].involvedObject)).toBe(true)
    expect(container[0].involvedObject).toEqual({ kind: 'Pod', namespace: 'default', name: 'web', uid: 'uid-web', apiVersion: 'v1', resourceVersion: '1', fieldPath: 'spec.containers{pause}' })
    // A cluster-scoped object's reference has no namespace key at all (JSON drops undefined ones).
    const node = stored.find((e) => e.involvedObject.kind === 'Node')!
    expect(Object.keys(node.involvedObject)).toEqual(['kind', 'name', 'uid', 'apiVersion'])
    expect(node.source).toEqual({ component: 'kubelet', host: 'node-1' })
  })
})
