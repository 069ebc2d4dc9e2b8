/**
 * The pushed feeds: watch events are gathered and sent as one batch per
 * flush interval (about a frame), in revision order; clock changes are
 * throttled to one tick per interval, the last state always sent.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Cluster } from '../../../main/cluster/cluster'
import { startFeeds, type Feeds } from '../../../main/ipc/feeds'
import type { EventChannel, Events } from '../../../preload/contract'

let cluster: Cluster
let feeds: Feeds | undefined
let sent: Array<{ channel: EventChannel; payload: unknown }>

const pods = { group: '', version: 'v1', resource: 'pods' }
const pod = (name: string): never => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } }) as never

// No scheduler, controllers or nodes: only the test writes, so the batches are exactly its changes.
beforeEach(async () => {
  cluster = await Cluster.start({ clock: 'manual', components: [] })
  sent = []
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance'] })
})

afterEach(async () => {
  feeds?.stop()
  vi.useRealTimers()
  await cluster.stop()
})

const emit = <E extends EventChannel>(channel: E, payload: Events[E]): void => void sent.push({ channel, payload })

describe('watch/deltas', () => {
  it('sends a burst of changes as one batch after the flush interval', async () => {
    feeds = startFeeds(cluster, emit, { flushMs: 50 })
    const client = cluster.client.resource(pods)
    for (const n of ['a', 'b', 'c']) await client.create(pod(n))
    await client.delete('default', 'b')
    expect(sent).toEqual([])
    vi.advanceTimersByTime(50)
    expect(sent).toHaveLength(1)
    const batch = sent[0].payload as Events['watch/deltas']
    // b came and went within the batch: only its latest change is sent, in its revision's place.
    expect(batch.deltas.map((d) => `${d.type} ${d.resource} ${d.object.metadata.name}`)).toEqual(['ADDED pods a', 'ADDED pods c', 'DELETED pods b'])
    expect(batch.revision).toBe(cluster.store.revision)
  })

  it('sends each object once per batch, at its latest state, without managedFields and a pod with the spec the views draw; a deleted one as its name', async () => {
    feeds = startFeeds(cluster, emit, { flushMs: 50 })
    const client = cluster.client.resource(pods)
    const a = await client.create(pod('a'), { fieldManager: 'kubectl-create' })
    expect(a.metadata.managedFields?.length).toBeGreaterThan(0)
    const labelled = await client.update({ ...a, metadata: { ...a.metadata, labels: { app: 'web' } } })
    await client.create(pod('b'))
    vi.advanceTimersByTime(50)
    let batch = sent[0].payload as Events['watch/deltas']
    expect(batch.deltas.map((d) => `${d.type} ${d.object.metadata.name}`)).toEqual(['MODIFIED a', 'ADDED b'])
    expect(batch.deltas[0].object.metadata).toMatchObject({ labels: { app: 'web' }, resourceVersion: labelled.metadata.resourceVersion })
    expect(batch.deltas[0].object.metadata.managedFields).toBeUndefined()
    // Defaults and admission filled the stored spec in; the views read where the pod runs, its containers and its claims.
    expect(Object.keys(labelled.spec!).length).toBeGreaterThan(5)
    expect(batch.deltas[0].object.spec).toEqual({ containers: [{ name: 'c', image: 'busybox' }] })
    expect(batch.deltas[0].object.status).toEqual(labelled.status)

    await client.delete('default', 'b', { gracePeriodSeconds: 0 })
    vi.advanceTimersByTime(50)
    batch = sent[1].payload as Events['watch/deltas']
    expect(batch.deltas).toHaveLength(1)
    expect(batch.deltas[0].type).toBe('DELETED')
    expect(Object.keys(batch.deltas[0].object.metadata).sort()).toEqual(['name', 'namespace', 'resourceVersion', 'uid'])
    expect(batch.deltas[0].object.spec).toBeUndefined()
  })

  it('after a big batch, gathers the next one longer (busyFlushMs), and goes back to flushMs once quiet', async () => {
    feeds = startFeeds(cluster, emit, { flushMs: 50, busyFlushMs: 250, busyBatch: 3 })
    const client = cluster.client.resource(pods)
    for (const n of ['a', 'b', 'c']) await client.create(pod(n))
    vi.advanceTimersByTime(50)
    expect(sent).toHaveLength(1)
    await client.create(pod('d'))
    vi.advanceTimersByTime(50)
    expect(sent).toHaveLength(1)
    vi.advanceTimersByTime(200)
    expect(sent).toHaveLength(2)
    await client.create(pod('e'))
    vi.advanceTimersByTime(50)
    expect(sent).toHaveLength(3)
  })

  it('counts an Endpoints object as one delta per address it lists: a big Service churning makes the feed busy', async () => {
    feeds = startFeeds(cluster, emit, { flushMs: 50, busyFlushMs: 250, busyBatch: 3 })
    const endpoints = cluster.client.resource({ group: '', version: 'v1', resource: 'endpoints' })
    const addresses = ['10.244.0.2', '10.244.0.3', '10.244.0.4'].map((ip) => ({ ip }))
    await endpoints.create({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'web', namespace: 'default' }, subsets: [{ addresses, ports: [{ port: 80 }] }] } as never)
    vi.advanceTimersByTime(50)
    expect(sent).toHaveLength(1)
    await cluster.client.resource(pods).create(pod('a'))
    vi.advanceTimersByTime(50)
    expect(sent).toHaveLength(1)
    vi.advanceTimersByTime(200)
    expect(sent).toHaveLength(2)
  })

  it('sends nothing for kinds the UI does not draw, and nothing after stop', async () => {
    feeds = startFeeds(cluster, emit, { flushMs: 50 })
    await cluster.client.resource({ group: 'coordination.k8s.io', version: 'v1', resource: 'leases' }).create({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'x', namespace: 'default' } })
    vi.advanceTimersByTime(100)
    expect(sent).toEqual([])
    feeds.stop()
    await cluster.client.resource(pods).create(pod('late'))
    vi.advanceTimersByTime(100)
    expect(sent).toEqual([])
  })
})

describe('clock/tick', () => {
  it('throttles changes to one tick per interval and sends the latest state', async () => {
    feeds = startFeeds(cluster, emit, { tickMs: 250 })
    for (let i = 0; i < 5; i++) await cluster.clock.step(1000)
    vi.advanceTimersByTime(0)
    const ticks = () => sent.filter((s) => s.channel === 'clock/tick').map((s) => s.payload as Events['clock/tick'])
    expect(ticks()).toHaveLength(1)
    await cluster.clock.step(1000)
    vi.advanceTimersByTime(249)
    expect(ticks()).toHaveLength(1)
    vi.advanceTimersByTime(1)
    expect(ticks()).toHaveLength(2)
    expect(ticks()[1].now).toBe(cluster.clock.now())
  })
})
