import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Cluster } from '../../../main/cluster/cluster'
import type { TrafficGeneratorObject } from '../../../main/cluster/registry/kinds/trafficgenerator'
import { StatusError } from '../../../main/cluster/apimachinery/errors'
import { waitFor } from '../../support/wait'
import { pods, ref, startGuestbook } from './support/guestbook'

const generatorsGVR = { group: 'kubelab.dev', version: 'v1alpha1', resource: 'trafficgenerators' }

describe('TrafficGenerator on the guestbook', () => {
  let cluster: Cluster

  beforeAll(async () => {
    cluster = await Cluster.start({ clock: 'instant' })
    await startGuestbook(cluster)
  }, 60_000)
  afterAll(async () => {
    await cluster?.stop()
  })

  it('sends its rate through the engine to every frontend endpoint and reports counters and edge rates', async () => {
    const generators = cluster.client.resource<TrafficGeneratorObject>(generatorsGVR)
    const [master] = await pods(cluster, 'role=master')
    await generators.create({
      apiVersion: 'kubelab.dev/v1alpha1',
      kind: 'TrafficGenerator',
      metadata: { name: 'load', namespace: 'default' },
      spec: { source: { pod: ref(master) }, destination: { address: 'frontend', port: 80 }, rate: 30 }
    })
    const g = await waitFor(async () => {
      const got = await generators.get('default', 'load')
      return (got.status?.delivered ?? 0) >= 300 && (got.status?.edges?.length ?? 0) === 3 ? got : undefined
    }, 'ten seconds of traffic reported on three edges', 30_000)
    expect(g.status!.sent).toBe(g.status!.delivered! + g.status!.dropped!)
    expect(g.status!.dropped).toBe(0)
    const frontends = (await pods(cluster, 'tier=frontend')).map(ref).sort()
    expect(g.status!.edges!.map((e) => e.destination)).toEqual(frontends)
    for (const edge of g.status!.edges!) {
      expect(edge).toMatchObject({ source: ref(master), service: 'default/frontend' })
      expect(edge.rate).toBeGreaterThan(5)
    }
    expect(g.status!.edges!.reduce((sum, e) => sum + e.rate, 0)).toBeCloseTo(30, 0)
    // The endpoints' processes got the load (what the behaviour model turns into CPU for HPA).
    const [fe] = await pods(cluster, 'tier=frontend')
    expect(cluster.world.processes.requestRate(fe.metadata!.uid!, 'php-redis')).toBeGreaterThan(0)
  })

  it('reports its first window at the rate it sends, though the window began mid-way', async () => {
    const generators = cluster.client.resource<TrafficGeneratorObject>(generatorsGVR)
    const [master] = await pods(cluster, 'role=master')
    await generators.create({
      apiVersion: 'kubelab.dev/v1alpha1',
      kind: 'TrafficGenerator',
      metadata: { name: 'fresh', namespace: 'default' },
      spec: { source: { pod: ref(master) }, destination: { address: 'frontend', port: 80 }, rate: 20 }
    })
    const first = await waitFor(async () => {
      const got = await generators.get('default', 'fresh')
      return got.status?.edges?.length ? got : undefined
    }, 'the first status with edges', 30_000)
    const total = first.status!.edges!.reduce((sum, e) => sum + e.rate, 0)
    expect(total).toBeGreaterThan(16)
    expect(total).toBeLessThan(24)
    await generators.delete('default', 'fresh')
  })

  it('counts what is dropped, with the reason', async () => {
    const generators = cluster.client.resource<TrafficGeneratorObject>(generatorsGVR)
    await generators.create({
      apiVersion: 'kubelab.dev/v1alpha1',
      kind: 'TrafficGenerator',
      metadata: { name: 'lost', namespace: 'default' },
      spec: { source: { external: true }, destination: { address: 'redis-master', port: 6379 }, rate: 5 }
    })
    const g = await waitFor(async () => {
      const got = await generators.get('default', 'lost')
      return (got.status?.dropped ?? 0) > 0 ? got : undefined
    }, 'dropped requests reported', 30_000)
    expect(g.status!.delivered).toBe(0)
    expect(g.status!.lastDropReason).toContain('not use')
  })

  it('rejects a generator without a rate or with a bad source, with field paths', async () => {
    const generators = cluster.client.resource<TrafficGeneratorObject>(generatorsGVR)
    const e = await generators
      .create({ apiVersion: 'kubelab.dev/v1alpha1', kind: 'TrafficGenerator', metadata: { name: 'bad', namespace: 'default' }, spec: { source: {}, destination: { address: 'frontend', port: 80 } } })
      .catch((x: unknown) => x as StatusError)
    expect(e).toBeInstanceOf(StatusError)
    expect((e as StatusError).status.code).toBe(422)
    expect((e as StatusError).status.message).toContain('spec.source: Required value')
    expect((e as StatusError).status.message).toContain('spec.rate: Required value')
  })
})
