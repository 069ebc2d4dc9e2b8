import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Pod } from 'kubernetes-types/core/v1'
import type { Deployment } from 'kubernetes-types/apps/v1'
import { Cluster } from '../../../main/cluster/cluster'
import { exec } from './support/exec'
import { waitFor } from '../../support/wait'
import { pods, readyEndpoints, startGuestbook, trace } from './support/guestbook'


const deployments = (c: Cluster) => c.client.resource<Deployment>({ group: 'apps', version: 'v1', resource: 'deployments' })

async function scaleCoreDns(cluster: Cluster, replicas: number): Promise<void> {
  const d = await deployments(cluster).get('kube-system', 'coredns')
  await deployments(cluster).update({ ...d, spec: { ...d.spec!, replicas } })
}

/*
 * With no CoreDNS pod ready, the kube-dns Service has no endpoint: kube-proxy
 * rejects the queries, and names stop resolving (a real cluster's most
 * common "it cannot reach the Service" cause after a typo).
 */
describe('DNS without a ready CoreDNS', () => {
  let cluster: Cluster
  let frontend: Pod

  beforeAll(async () => {
    cluster = await Cluster.start({ clock: 'instant' })
    await startGuestbook(cluster)
    ;[frontend] = await pods(cluster, 'tier=frontend')
  }, 60_000)
  afterAll(async () => {
    await cluster?.stop()
  })

  it('times out while kube-dns has no ready endpoint, and answers again once CoreDNS is back', async () => {
    expect((await exec(cluster, frontend, 'nslookup', 'redis-master')).code).toBe(0)
    await scaleCoreDns(cluster, 0)
    const down = await waitFor(async () => {
      const r = await exec(cluster, frontend, 'nslookup', 'redis-master')
      return r.code === 1 ? r : undefined
    }, 'lookups failing', 20_000)
    expect(down.stdout).toBe(';; connection timed out; no servers could be reached\n\n')
    const traced = await trace(cluster, { source: { pod: `default/${frontend.metadata!.name}` }, destination: { address: 'redis-master', port: 6379 } })
    expect(traced.status?.verdict).toBe('Dropped')
    expect(traced.status?.reason).toContain('kube-dns Service in kube-system has no ready endpoint')

    await scaleCoreDns(cluster, 2)
    await readyEndpoints(cluster, 'kube-dns', 'kube-system')
    await waitFor(async () => (await exec(cluster, frontend, 'nslookup', 'redis-master')).code === 0, 'lookups answered again', 20_000)
  })
})
