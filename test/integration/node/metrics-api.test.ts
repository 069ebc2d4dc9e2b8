import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Node } from 'kubernetes-types/core/v1'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiHandler } from '../../../main/cluster/apiserver/api-handler'
import type { Cluster } from '../../../main/cluster/cluster'
import { waitFor } from '../../support/wait'
import { getPod, nodesReady, podManifest, runOn, startCluster } from './helpers'

/** metrics.k8s.io/v1beta1 over HTTP, served from the container behaviour model, and listed in discovery. */
describe('metrics.k8s.io', () => {
  let cluster: Cluster
  let server: Server
  let handler: ApiHandler
  let base: string
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const get = async (path: string, accept = 'application/json'): Promise<{ status: number; body: any }> => {
    const r = await fetch(`${base}${path}`, { headers: { accept } })
    return { status: r.status, body: await r.json() }
  }

  beforeAll(async () => {
    cluster = await startCluster()
    handler = new ApiHandler({ resources: cluster.resources, clock: cluster.clock, serverAddress: () => '127.0.0.1:0', metrics: cluster.metrics })
    server = createServer((req, res) => handler.handle(req, res))
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    await nodesReady(cluster, ['kubelab-worker', 'kubelab-worker2'])
    const busy = podManifest('busy', { 'sim.kubelab.dev/cpu-usage': '120m', 'sim.kubelab.dev/memory-usage': '50Mi' })
    busy.metadata!.labels = { app: 'busy' }
    await runOn(cluster, busy, 'kubelab-worker')
    await runOn(cluster, podManifest('idle'), 'kubelab-worker2')
    await waitFor(async () => (await getPod(cluster, 'busy'))?.status?.phase === 'Running' && (await getPod(cluster, 'idle'))?.status?.phase === 'Running', 'pods running')
  })

  afterAll(async () => {
    handler.close()
    server.closeAllConnections()
    await new Promise((r) => server.close(r))
    await cluster.stop()
  })

  it('is in legacy and aggregated discovery with nodes and pods (get, list)', async () => {
    const groups = (await get('/apis')).body
    expect(groups.groups.map((g: { name: string }) => g.name)).toContain('metrics.k8s.io')
    expect((await get('/apis/metrics.k8s.io')).body).toMatchObject({ kind: 'APIGroup', name: 'metrics.k8s.io', preferredVersion: { groupVersion: 'metrics.k8s.io/v1beta1', version: 'v1beta1' } })
    expect((await get('/apis/metrics.k8s.io/v1beta1')).body).toEqual({
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: 'metrics.k8s.io/v1beta1',
      resources: [
        { name: 'nodes', singularName: '', namespaced: false, kind: 'NodeMetrics', verbs: ['get', 'list'] },
        { name: 'pods', singularName: '', namespaced: true, kind: 'PodMetrics', verbs: ['get', 'list'] }
      ]
    })
    const aggregated = (await get('/apis', 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList')).body
    const metrics = aggregated.items.find((g: { metadata: { name: string } }) => g.metadata.name === 'metrics.k8s.io')
    expect(metrics.versions[0].version).toBe('v1beta1')
    expect(metrics.versions[0].resources.map((r: { resource: string; scope: string }) => `${r.resource}:${r.scope}`)).toEqual(['nodes:Cluster', 'pods:Namespaced'])
  })

  it('lists PodMetrics with each container usage, a window and a timestamp; label selectors select', async () => {
    const list = (await get('/apis/metrics.k8s.io/v1beta1/namespaces/default/pods')).body
    expect(list).toMatchObject({ kind: 'PodMetricsList', apiVersion: 'metrics.k8s.io/v1beta1' })
    const busy = list.items.find((p: { metadata: { name: string } }) => p.metadata.name === 'busy')
    expect(busy).toMatchObject({ metadata: { name: 'busy', namespace: 'default', labels: { app: 'busy' } }, window: '30s', containers: [{ name: 'web', usage: { cpu: '120m', memory: '50Mi' } }] })
    expect(busy.timestamp).toBe(cluster.clock.rfc3339())
    const selected = (await get('/apis/metrics.k8s.io/v1beta1/namespaces/default/pods?labelSelector=app%3Dbusy')).body
    expect(selected.items.map((p: { metadata: { name: string } }) => p.metadata.name)).toEqual(['busy'])
    const one = await get('/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/idle')
    expect(one.body).toMatchObject({ kind: 'PodMetrics', containers: [{ name: 'web', usage: { cpu: '0', memory: '3Mi' } }] })
    const all = (await get('/apis/metrics.k8s.io/v1beta1/pods')).body
    expect(all.items.some((p: { metadata: { namespace: string } }) => p.metadata.namespace === 'kube-system')).toBe(true)
  })

  it('answers NodeMetrics: the node system plus its pods', async () => {
    const list = (await get('/apis/metrics.k8s.io/v1beta1/nodes')).body
    expect(list.kind).toBe('NodeMetricsList')
    const worker = (await get('/apis/metrics.k8s.io/v1beta1/nodes/kubelab-worker')).body
    expect(worker).toMatchObject({ kind: 'NodeMetrics', metadata: { name: 'kubelab-worker' }, window: '30s', usage: { cpu: '145m', memory: '230Mi' } })
  })

  it('a node that is not Ready is not scraped: neither it nor its pods have metrics', async () => {
    const nodes = cluster.client.resource<Node>({ group: '', version: 'v1', resource: 'nodes' })
    const node = structuredClone(await nodes.get(undefined, 'kubelab-worker2'))
    node.metadata!.annotations = { ...node.metadata!.annotations, 'sim.kubelab.dev/power': 'off' }
    await nodes.update(node)
    // The node lifecycle controller is not running here: mark it NotReady as it would after the grace period.
    const off = structuredClone(await nodes.get(undefined, 'kubelab-worker2'))
    off.status!.conditions = off.status!.conditions!.map((c) => (c.type === 'Ready' ? { ...c, status: 'Unknown', reason: 'NodeStatusUnknown' } : c))
    await nodes.updateStatus(off)
    await waitFor(async () => (await get('/apis/metrics.k8s.io/v1beta1/nodes/kubelab-worker2')).status === 404, 'no metrics for the powered-off node')
    const pods = (await get('/apis/metrics.k8s.io/v1beta1/namespaces/default/pods')).body.items.map((p: { metadata: { name: string } }) => p.metadata.name)
    expect(pods).toEqual(['busy'])
  })

  it('gives the Status errors metrics-server gives', async () => {
    const missing = await get('/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/nope')
    expect(missing.status).toBe(404)
    expect(missing.body).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'podmetrics.metrics.k8s.io "default/nope" not found' })
    expect((await get('/apis/metrics.k8s.io/v1beta1/nodes/nope')).body.message).toBe('nodemetrics.metrics.k8s.io "nope" not found')
    expect((await get('/apis/metrics.k8s.io/v1beta1/pods?labelSelector=a%3D%3D%3Db')).status).toBe(400)
    const post = await fetch(`${base}/apis/metrics.k8s.io/v1beta1/namespaces/default/pods`, { method: 'POST', body: '{}' })
    expect(post.status).toBe(405)
    expect((await get('/apis/metrics.k8s.io/v1beta1/services')).status).toBe(404)
  })
})
