import { request, type RequestOptions } from 'node:https'
import { KubeConfig } from '@kubernetes/client-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasKubectl, startKubectlHarness, type KubectlHarness } from './support/kubectl'

interface Resource {
  name?: string
  resource?: string
  group?: string
  version?: string
  kind?: string
  responseKind?: { group: string; version: string; kind: string }
  subresources?: { subresource: string; responseKind: { group: string; version: string; kind: string } }[]
}

/**
 * Discovery documents as a real 1.32 apiserver writes them: a resource's
 * (or subresource's) group and version are named only when they differ from
 * the group-version described (pods/eviction is policy/v1, deployments/scale
 * autoscaling/v1); otherwise the legacy document leaves them out and the
 * aggregated one leaves them empty.
 */
describe.skipIf(!hasKubectl)('discovery: group and version only where they differ', () => {
  let k: KubectlHarness
  let kc: KubeConfig
  beforeAll(async () => {
    k = await startKubectlHarness({ components: [] })
    kc = new KubeConfig()
    kc.loadFromFile(k.kubeconfig)
  }, 60_000)
  afterAll(async () => {
    await k?.stop()
  })

  /** GET with the kubeconfig's credentials and an Accept header kubectl's --raw cannot set. */
  async function get(path: string, accept: string): Promise<unknown> {
    const url = new URL(path, kc.getCurrentCluster()!.server)
    const options: RequestOptions = { method: 'GET', hostname: url.hostname, port: url.port, path: url.pathname, headers: { Accept: accept } }
    await kc.applyToHTTPSOptions(options)
    return new Promise((resolve, reject) => {
      const req = request(options, (res) => {
        let body = ''
        res.on('data', (d: Buffer) => (body += d.toString()))
        res.on('end', () => resolve(JSON.parse(body)))
      })
      req.on('error', reject)
      req.end()
    })
  }

  it('legacy /api/v1 names policy/v1 on pods/eviction and nothing on pods/log, pods/binding or namespaces/finalize', async () => {
    const doc = JSON.parse((await k.run(['get', '--raw', '/api/v1'])).stdout) as { resources: Resource[] }
    const byName = new Map(doc.resources.map((r) => [r.name, r]))
    expect(byName.get('pods/eviction')).toMatchObject({ group: 'policy', version: 'v1', kind: 'Eviction' })
    for (const name of ['pods/log', 'pods/binding', 'namespaces/finalize', 'pods/status']) {
      const r = byName.get(name)!
      expect({ name, group: r.group, version: r.version }).toEqual({ name, group: undefined, version: undefined })
    }
    expect(byName.get('replicationcontrollers/scale')).toMatchObject({ group: 'autoscaling', version: 'v1', kind: 'Scale' })
    // Stored kinds carry the storage version's hash (the first 8 bytes of sha256("/v1/Pod")); computed ones none.
    expect((byName.get('pods') as Record<string, unknown>).storageVersionHash).toBe('xPOwRZ+Yhw8=')
    expect(byName.get('componentstatuses')).not.toHaveProperty('storageVersionHash')
  })

  it('aggregated /apis leaves responseKind group and version empty within the group-version', async () => {
    const doc = (await get('/apis', 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList')) as {
      items: { metadata: { name: string }; versions: { version: string; resources: Resource[] }[] }[]
    }
    const apps = doc.items.find((g) => g.metadata.name === 'apps')!.versions[0].resources
    const deployments = apps.find((r) => r.resource === 'deployments')!
    expect(deployments.responseKind).toEqual({ group: '', version: '', kind: 'Deployment' })
    expect(deployments.subresources).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ subresource: 'status', responseKind: { group: '', version: '', kind: 'Deployment' } }),
        expect.objectContaining({ subresource: 'scale', responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' } })
      ])
    )
    // kubectl still finds every kind from it.
    const r = await k.run(['api-resources', '--api-group=apps', '--no-headers'])
    expect(r.stdout).toMatch(/^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m)
  })
})
