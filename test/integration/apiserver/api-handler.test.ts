import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Cluster } from '../../../main/cluster/cluster'
import { ApiHandler } from '../../../main/cluster/apiserver/api-handler'
import { aggregatedDiscoveryContentType } from '../../../main/cluster/apiserver/discovery'

const tableAccept = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json'
const discoveryAccept =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json'

/** A response body as loosely typed JSON, for assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const j = async (r: Response | Promise<Response>): Promise<any> => (await r).json()

/** The API handler over plain HTTP on loopback: the routing and semantics, without TLS and authentication. */
describe('API handler', () => {
  let cluster: Cluster
  let server: Server
  let handler: ApiHandler
  let base: string

  beforeAll(async () => {
    cluster = await Cluster.start({ clock: 'manual', components: [] })
    handler = new ApiHandler({ resources: cluster.resources, clock: cluster.clock, serverAddress: () => '127.0.0.1:0' })
    server = createServer((req, res) => handler.handle(req, res))
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })

  afterAll(async () => {
    handler.close()
    server.closeAllConnections()
    await new Promise((r) => server.close(r))
    await cluster.stop()
  })

  it('reports version 1.32', async () => {
    const v = await j(fetch(`${base}/version?timeout=5s`))
    expect(v.major).toBe('1')
    expect(v.minor).toBe('32')
  })

  it('writes /version and the root paths indented, as WriteRawJSON does', async () => {
    const text = await (await fetch(`${base}/version`)).text()
    expect(text.startsWith('{\n  "major": "1",\n  "minor": "32",')).toBe(true)
    const root = await fetch(`${base}/`)
    expect(root.status).toBe(200)
    const { paths } = JSON.parse(await root.text())
    expect(paths).toEqual([...paths].sort())
    for (const p of ['/api', '/api/v1', '/apis', '/apis/', '/apis/apps', '/apis/apps/v1', '/healthz', '/livez/ping', '/readyz/shutdown', '/openapi/v2', '/openapi/v3', '/version']) expect(paths).toContain(p)
  })

  it('serves aggregated discovery with the media type kubectl needs', async () => {
    const core = await fetch(`${base}/api?timeout=32s`, { headers: { accept: discoveryAccept } })
    expect(core.headers.get('content-type')).toBe(aggregatedDiscoveryContentType)
    const doc = await j(core)
    expect(doc.kind).toBe('APIGroupDiscoveryList')
    const pods = doc.items[0].versions[0].resources.find((r: { resource: string }) => r.resource === 'pods')
    expect(pods).toMatchObject({ resource: 'pods', scope: 'Namespaced', singularResource: 'pod', shortNames: ['po'], categories: ['all'] })

    const groups = await j(fetch(`${base}/apis`, { headers: { accept: discoveryAccept } }))
    const autoscaling = groups.items.find((g: { metadata: { name: string } }) => g.metadata.name === 'autoscaling')
    expect(autoscaling.versions.map((v: { version: string }) => v.version)).toEqual(['v2', 'v1'])
    const apps = groups.items.find((g: { metadata: { name: string } }) => g.metadata.name === 'apps')
    const deployments = apps.versions[0].resources.find((r: { resource: string }) => r.resource === 'deployments')
    expect(deployments.subresources.map((s: { subresource: string }) => s.subresource)).toEqual(['scale', 'status'])
  })

  it('serves legacy discovery', async () => {
    const v1 = await j(fetch(`${base}/api/v1`))
    expect(v1.kind).toBe('APIResourceList')
    expect(v1.resources.map((r: { name: string }) => r.name)).toContain('pods/status')
    const apis = await j(fetch(`${base}/apis`))
    expect(apis.kind).toBe('APIGroupList')
    expect(apis.groups.find((g: { name: string }) => g.name === 'apps').preferredVersion.groupVersion).toBe('apps/v1')
  })

  it('creates, reads as a Table, and answers errors as Status objects', async () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }
    const created = await fetch(`${base}/api/v1/namespaces/default/pods?fieldManager=kubectl-create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(pod)
    })
    expect(created.status).toBe(201)
    expect((await j(created)).metadata.namespace).toBe('default')

    const dup = await fetch(`${base}/api/v1/namespaces/default/pods`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(pod) })
    expect(dup.status).toBe(409)
    expect(await j(dup)).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'AlreadyExists', message: 'pods "web" already exists', code: 409 })

    const table = await fetch(`${base}/api/v1/namespaces/default/pods?limit=500`, { headers: { accept: tableAccept } })
    expect(table.headers.get('content-type')).toBe('application/json;as=Table;v=v1;g=meta.k8s.io')
    const t = await j(table)
    expect(t.kind).toBe('Table')
    expect(t.metadata.resourceVersion).toBe(String(cluster.store.revision))
    expect(t.rows[0].object).toMatchObject({ kind: 'PartialObjectMetadata', metadata: { name: 'web', namespace: 'default' } })

    const missing = await fetch(`${base}/api/v1/namespaces/default/pods/nope`)
    expect(missing.status).toBe(404)
    expect((await j(missing)).message).toBe('pods "nope" not found')

    const badJson = await fetch(`${base}/api/v1/namespaces/default/configmaps`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"kind": ' })
    expect(badJson.status).toBe(400)

    const yaml = await fetch(`${base}/api/v1/namespaces/default/configmaps`, {
      method: 'POST',
      headers: { 'content-type': 'application/yaml' },
      body: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  a: "1"\n'
    })
    expect(yaml.status).toBe(201)

    const huge = await fetch(`${base}/api/v1/namespaces/default/configmaps`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'huge' }, data: { a: 'x'.repeat(4 * 1024 * 1024) } })
    })
    expect(huge.status).toBe(413)
    expect((await j(huge)).reason).toBe('RequestEntityTooLarge')
    expect((await fetch(`${base}/api/v1/namespaces/default/configmaps/huge`)).status).toBe(404)
  })

  it('streams a watch from a resourceVersion, one JSON line per event', async () => {
    const list = await j(fetch(`${base}/api/v1/namespaces/default/configmaps`))
    const controller = new AbortController()
    const res = await fetch(`${base}/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${list.metadata.resourceVersion}`, { signal: controller.signal })
    const reader = res.body!.getReader()
    await fetch(`${base}/api/v1/namespaces/default/configmaps`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'watched' } })
    })
    let text = ''
    while (!text.includes('\n')) {
      const { value, done } = await reader.read()
      if (done) break
      text += new TextDecoder().decode(value)
    }
    controller.abort()
    const event = JSON.parse(text.split('\n')[0])
    expect(event.type).toBe('ADDED')
    expect(event.object.metadata.name).toBe('watched')
  })

  it('answers a watch from an expired resourceVersion with a 410 ERROR event', async () => {
    // Revision 1 is older than history only once history was trimmed; ask for one far below instead.
    const res = await fetch(`${base}/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=-5`)
    expect(res.status).toBe(400)
  })

  it('serves the scale subresource', async () => {
    await fetch(`${base}/api/v1/namespaces/default/replicationcontrollers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        apiVersion: 'v1',
        kind: 'ReplicationController',
        metadata: { name: 'redis' },
        spec: { replicas: 1, selector: { app: 'redis' }, template: { metadata: { labels: { app: 'redis' } }, spec: { containers: [{ name: 'r', image: 'redis' }] } } }
      })
    })
    const scale = await j(fetch(`${base}/api/v1/namespaces/default/replicationcontrollers/redis/scale`))
    expect(scale).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 1 }, status: { replicas: 0, selector: 'app=redis' } })
    const put = await fetch(`${base}/api/v1/namespaces/default/replicationcontrollers/redis/scale`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...scale, spec: { replicas: 3 } }) })
    expect(put.status).toBe(200)
    const rc = await j(fetch(`${base}/api/v1/namespaces/default/replicationcontrollers/redis`))
    expect(rc.spec.replicas).toBe(3)
  })
})
