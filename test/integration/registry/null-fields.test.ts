import { afterEach, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Deployment } from 'kubernetes-types/apps/v1'
import type { Event, Pod } from 'kubernetes-types/core/v1'
import { Cluster } from '../../../main/cluster/cluster'

const deployments = { group: 'apps', version: 'v1', resource: 'deployments' }
const eventsGVR = { group: '', version: 'v1', resource: 'events' }
const podsGVR = { group: '', version: 'v1', resource: 'pods' }
const asNull = null as unknown as undefined

describe('null fields as Go encodes them', () => {
  let cluster: Cluster | undefined
  const dirs: string[] = []
  afterEach(async () => {
    await cluster?.stop()
    cluster = undefined
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  })

  it('keeps null on struct time fields (template creationTimestamp, eventTime, lastProbeTime), drops other nulls, and survives a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kubelab-nulls-'))
    dirs.push(dataDir)
    cluster = await Cluster.start({ dataDir, clock: 'manual', components: [] })
    const d = await cluster.client.resource<Deployment>(deployments).create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default', labels: null as unknown as undefined },
      spec: { replicas: null as unknown as undefined, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } }
    })
    // The template's ObjectMeta is a struct: its zero creationTimestamp is encoded as null even when the client sent none.
    expect(d.spec!.template.metadata).toEqual({ labels: { app: 'web' }, creationTimestamp: null })
    expect(d.spec!.replicas).toBe(1)
    expect('labels' in d.metadata!).toBe(false)

    await cluster.client.resource<Event>(eventsGVR).create({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'web.1', namespace: 'default' },
      involvedObject: { kind: 'Deployment', name: 'web', namespace: 'default' },
      reason: 'ScalingReplicaSet',
      message: 'Scaled up',
      firstTimestamp: '2026-01-01T00:00:00Z',
      lastTimestamp: '2026-01-01T00:00:00Z',
      eventTime: asNull,
      count: 1,
      type: 'Normal',
      // A pointer field: null means absent.
      series: asNull
    })
    const pods = cluster.client.resource<Pod>(podsGVR)
    const p = await pods.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } })
    await pods.updateStatus({ ...p, status: { ...p.status, conditions: [{ type: 'Ready', status: 'False', lastProbeTime: asNull, lastTransitionTime: '2026-01-01T00:00:00Z' }], startTime: asNull } })
    await cluster.stop()

    cluster = await Cluster.start({ dataDir, clock: 'manual', components: [] })
    const e = await cluster.client.resource<Event>(eventsGVR).get('default', 'web.1')
    expect(e.eventTime).toBeNull()
    expect('series' in e).toBe(false)
    expect((await cluster.client.resource<Deployment>(deployments).get('default', 'web')).spec!.template.metadata!.creationTimestamp).toBeNull()
    const stored = await cluster.client.resource<Pod>(podsGVR).get('default', 'p')
    expect(stored.status!.conditions).toEqual([{ type: 'Ready', status: 'False', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:00Z' }])
    expect('startTime' in stored.status!).toBe(false)
  })
})
