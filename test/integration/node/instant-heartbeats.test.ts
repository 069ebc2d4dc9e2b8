import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Event, Node } from 'kubernetes-types/core/v1'
import { afterEach, describe, expect, it } from 'vitest'
import { Cluster } from '../../../main/cluster/cluster'
import { waitFor } from '../../support/wait'
import { eventsGVR, isReady, nodesGVR } from './helpers'

describe('the instant clock and the storage worker', () => {
  let dataDir: string | undefined
  let cluster: Cluster | undefined
  afterEach(async () => {
    await cluster?.stop()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  // Writes to a data dir are acknowledged by the persistence worker, real I/O the
  // instant clock cannot see; before writes held the clock, time jumped past
  // heartbeats still in flight and healthy nodes flapped NotReady every few hours.
  it('an idle default cluster on a data dir keeps every node Ready through hours of cluster time', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kubelab-instant-'))
    cluster = await Cluster.start({ dataDir, clock: 'instant' })
    const start = cluster.clock.now()
    const hours = 2
    await waitFor(() => cluster!.clock.now() >= start + hours * 3600_000, `${hours} h of cluster time`, 120_000)
    const events = (await cluster.client.resource<Event>(eventsGVR).list()).items
    expect(events.filter((e) => e.reason === 'NodeNotReady').map((e) => `${e.involvedObject.kind}/${e.involvedObject.name} at ${e.lastTimestamp}`)).toEqual([])
    const nodes = (await cluster.client.resource<Node>(nodesGVR).list()).items
    expect(nodes.map((n) => [n.metadata!.name, isReady(n)])).toEqual(nodes.map((n) => [n.metadata!.name, true]))
  }, 180_000)
})
