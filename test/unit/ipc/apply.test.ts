/**
 * objects/apply, as `kubectl apply` behaves: each document is created when
 * missing and merged into the stored object otherwise; documents fail one by
 * one with the API's own messages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Cluster } from '../../../main/cluster/cluster'
import { applyYaml } from '../../../main/ipc/apply'

let cluster: Cluster
beforeAll(async () => {
  cluster = await Cluster.start({ clock: 'manual', components: [] })
})
afterAll(() => cluster.stop())

const service = (port: number): string => `apiVersion: v1
kind: Service
metadata:
  name: redis-master
  labels: { app: redis }
spec:
  selector: { app: redis, role: master }
  ports:
  - port: ${port}
    targetPort: 6379
`

describe('applyYaml', () => {
  it('creates, then reports unchanged, then configured (merging into the stored object)', async () => {
    const [created] = await applyYaml(cluster, service(6379))
    expect(created).toMatchObject({ ok: true, action: 'created', gvr: { resource: 'services' }, object: { metadata: { namespace: 'default' } } })
    const uid = created.ok ? created.object.metadata.uid : ''
    expect(await applyYaml(cluster, service(6379))).toMatchObject([{ ok: true, action: 'unchanged' }])
    const [configured] = await applyYaml(cluster, service(6380))
    expect(configured).toMatchObject({ ok: true, action: 'configured' })
    // The same object, changed where the manifest changed and kept elsewhere.
    expect(configured.ok && configured.object.metadata.uid).toBe(uid)
    expect(configured.ok && configured.object.spec).toMatchObject({ ports: [{ port: 6380, targetPort: 6379 }], selector: { app: 'redis', role: 'master' } })
    // The old port was in the last applied manifest and is not in the new one: it goes (a three-way merge, as kubectl's).
    expect(configured.ok && (configured.object.spec as { ports: unknown[] }).ports).toHaveLength(1)
  })

  it('removes what the manifest stopped saying, and keeps what others wrote', async () => {
    const cm = (extra: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  labels: { a: "1"${extra} }\ndata: { x: "1" }\n`
    await applyYaml(cluster, cm(', b: "2"'))
    const client = cluster.client.resource({ group: '', version: 'v1', resource: 'configmaps' })
    const stored = structuredClone(await client.get('default', 'settings'))
    stored.metadata.labels = { ...stored.metadata.labels, owner: 'someone-else' }
    await client.update(stored)
    const [r] = await applyYaml(cluster, cm(''))
    expect(r.ok && r.object.metadata.labels).toEqual({ a: '1', owner: 'someone-else' })
    expect(r.ok && JSON.parse(r.object.metadata.annotations!['kubectl.kubernetes.io/last-applied-configuration'])).toMatchObject({ kind: 'ConfigMap', metadata: { labels: { a: '1' } } })
  })

  it('applies each document on its own and reports the API message of the failing one', async () => {
    const yaml = `apiVersion: v1
kind: Pod
metadata: { name: bad }
spec:
  containers:
  - name: c
---
apiVersion: v1
kind: ConfigMap
metadata: { name: good, namespace: kube-public }
`
    const results = await applyYaml(cluster, yaml)
    expect(results[0]).toMatchObject({ ok: false, document: 1, kind: 'Pod', name: 'bad', message: 'Pod "bad" is invalid: spec.containers[0].image: Required value', status: { reason: 'Invalid', code: 422 } })
    expect(results[1]).toMatchObject({ ok: true, action: 'created', object: { metadata: { namespace: 'kube-public' } } })
  })

  it('expands a List, and names what it cannot map', async () => {
    const list = `apiVersion: v1
kind: List
items:
- { apiVersion: v1, kind: Namespace, metadata: { name: shop } }
- { apiVersion: v1, kind: ConfigMap, metadata: { name: cfg, namespace: shop } }
- { apiVersion: v9, kind: Gizmo, metadata: { name: g } }
- { kind: ConfigMap, metadata: { name: x } }
`
    const results = await applyYaml(cluster, list)
    expect(results.map((r) => (r.ok ? r.action : r.message))).toEqual([
      'created',
      'created',
      'no matches for kind "Gizmo" in version "v9"',
      'error validating data: [apiVersion not set]'
    ])
  })

  it('reports YAML syntax errors by document, and refuses an empty apply', async () => {
    const [r] = await applyYaml(cluster, 'apiVersion: v1\nkind: [Pod\n')
    expect(r).toMatchObject({ ok: false, document: 1 })
    expect(!r.ok && r.message).toMatch(/^error parsing YAML \(document 1\): /)
    await expect(applyYaml(cluster, '  \n---\n')).rejects.toThrow('no objects passed to apply')
  })

  it('reports a missing namespace as the API does', async () => {
    const [r] = await applyYaml(cluster, 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a, namespace: nowhere }\n')
    expect(r).toMatchObject({ ok: false, message: 'namespaces "nowhere" not found' })
  })

  it('carries the API\'s warnings about a knob Kubelab cannot read, as kubectl prints them; none once it is fixed', async () => {
    const pod = (growth: string) => `apiVersion: v1\nkind: Pod\nmetadata: { name: leaky, annotations: { sim.kubelab.dev/memory-growth: ${growth} } }\nspec: { containers: [{ name: app, image: nginx }] }\n`
    const [created] = await applyYaml(cluster, pod('20Mi/s'))
    expect(created).toMatchObject({ ok: true, action: 'created', warnings: ['metadata.annotations[sim.kubelab.dev/memory-growth]: Kubelab ignores "20Mi/s": not a non-negative quantity (such as 1Mi)'] })
    const [configured] = await applyYaml(cluster, pod('20Mi'))
    expect(configured).toMatchObject({ ok: true, action: 'configured' })
    expect(configured.ok && configured.warnings).toBeUndefined()
  })
})
