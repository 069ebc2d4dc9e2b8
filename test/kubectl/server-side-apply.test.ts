import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Cluster } from '../../main/cluster/cluster'
import { ApiHandler } from '../../main/cluster/apiserver/api-handler'
import { hasKubectl, startKubectlHarness, type KubectlHarness } from './support/kubectl'

/** A Deployment manifest with the given replicas (omitted when undefined) and extra labels. */
function deployment(name: string, replicas: number | undefined, labels: Record<string, string> = {}): string {
  return JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app: name, ...labels } },
    spec: {
      ...(replicas === undefined ? {} : { replicas }),
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } }
    }
  })
}

interface Entry {
  manager: string
  operation: string
  apiVersion: string
  time?: string
  fieldsType: string
  fieldsV1: Record<string, unknown>
  subresource?: string
}

/** Server-side apply through real kubectl: ownership, conflicts, forcing, pruning, and managedFields as kubectl shows them. */
describe.skipIf(!hasKubectl)('kubectl apply --server-side', () => {
  let k: KubectlHarness

  beforeAll(async () => {
    k = await startKubectlHarness({ components: [] })
  })
  afterAll(async () => {
    await k?.stop()
  })

  async function getJSON(resource: string): Promise<{ metadata: { managedFields?: Entry[]; labels?: Record<string, string>; resourceVersion: string }; spec: { replicas?: number } }> {
    const r = await k.run(['get', resource, '-o', 'json', '--show-managed-fields'])
    expect(r.stderr).toBe('')
    return JSON.parse(r.stdout)
  }

  it('creates, changes and re-applies; the applier owns exactly what it applied', async () => {
    const created = await k.run(['apply', '--server-side', '-f', '-'], deployment('web', 2))
    expect(created.stderr).toBe('')
    expect(created.stdout).toBe('deployment.apps/web serverside-applied\n')
    let d = await getJSON('deploy/web')
    expect(d.metadata.managedFields).toHaveLength(1)
    const [entry] = d.metadata.managedFields!
    expect(entry).toMatchObject({ manager: 'kubectl', operation: 'Apply', apiVersion: 'apps/v1', fieldsType: 'FieldsV1' })
    expect(entry.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    expect(entry.fieldsV1).toEqual({
      'f:metadata': { 'f:labels': { 'f:app': {} } },
      'f:spec': {
        'f:replicas': {},
        'f:selector': {},
        'f:template': {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:name': {} } } }
        }
      }
    })

    const changed = await k.run(['apply', '--server-side', '-f', '-'], deployment('web', 3))
    expect(changed.stdout).toBe('deployment.apps/web serverside-applied\n')
    d = await getJSON('deploy/web')
    expect(d.spec.replicas).toBe(3)
    const rv = d.metadata.resourceVersion

    // The same configuration again changes nothing, not even the revision.
    await k.run(['apply', '--server-side', '-f', '-'], deployment('web', 3))
    expect((await getJSON('deploy/web')).metadata.resourceVersion).toBe(rv)
  })

  it('refuses a second manager changing a field the first owns, with the apiserver message and kubectl advice', async () => {
    const r = await k.run(['apply', '--server-side', '--field-manager=other', '-f', '-'], deployment('web', 5))
    expect(r.code).not.toBe(0)
    expect(r.stderr).toContain('Apply failed with 1 conflict: conflict with "kubectl": .spec.replicas')
    expect(r.stderr).toContain('--force-conflicts')
    expect((await getJSON('deploy/web')).spec.replicas).toBe(3)
  })

  it('refuses a field manager name over 128 bytes', async () => {
    const r = await k.run(['apply', '--server-side', `--field-manager=${'m'.repeat(129)}`, '-f', '-'], deployment('web', 3))
    expect(r.code).not.toBe(0)
    expect(r.stderr).toContain('fieldManager: Too long: may not be more than 128 bytes')
  })

  it('shares a field applied with the same value and takes it with --force-conflicts', async () => {
    const same = await k.run(['apply', '--server-side', '--field-manager=other', '-f', '-'], deployment('web', 3))
    expect(same.stderr).toBe('')
    let entries = (await getJSON('deploy/web')).metadata.managedFields!
    expect(entries.map((e) => e.manager)).toEqual(['kubectl', 'other'])
    expect(entries.every((e) => 'f:replicas' in (e.fieldsV1['f:spec'] as object))).toBe(true)

    const forced = await k.run(['apply', '--server-side', '--field-manager=other', '--force-conflicts', '-f', '-'], deployment('web', 6))
    expect(forced.stderr).toBe('')
    const d = await getJSON('deploy/web')
    expect(d.spec.replicas).toBe(6)
    entries = d.metadata.managedFields!
    const kubectl = entries.find((e) => e.manager === 'kubectl')!
    expect('f:replicas' in (kubectl.fieldsV1['f:spec'] as object)).toBe(false)
    expect('f:replicas' in (entries.find((e) => e.manager === 'other')!.fieldsV1['f:spec'] as object)).toBe(true)
  })

  it('removes a field its applier no longer applies when nobody else owns it', async () => {
    await k.run(['apply', '--server-side', '--field-manager=labeler', '-f', '-'], deployment('pruned', 1, { tier: 'front' }))
    expect((await getJSON('deploy/pruned')).metadata.labels).toEqual({ app: 'pruned', tier: 'front' })
    const r = await k.run(['apply', '--server-side', '--field-manager=labeler', '-f', '-'], deployment('pruned', 1))
    expect(r.stderr).toBe('')
    expect((await getJSON('deploy/pruned')).metadata.labels).toEqual({ app: 'pruned' })

    // A label another applier also applies (co-owned, same value) stays when one of them stops applying it.
    await k.run(['apply', '--server-side', '--field-manager=labeler', '-f', '-'], deployment('pruned', 1, { tier: 'front' }))
    const partial = JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'pruned', labels: { tier: 'front' } } })
    expect((await k.run(['apply', '--server-side', '--field-manager=co-owner', '-f', '-'], partial)).stderr).toBe('')
    await k.run(['apply', '--server-side', '--field-manager=labeler', '-f', '-'], deployment('pruned', 1))
    expect((await getJSON('deploy/pruned')).metadata.labels).toEqual({ app: 'pruned', tier: 'front' })
  })

  it('kubectl scale takes .spec.replicas through the scale subresource; re-applying conflicts until forced', async () => {
    await k.run(['apply', '--server-side', '-f', '-'], deployment('scaled', 3))
    const scaled = await k.run(['scale', 'deployment', 'scaled', '--replicas=5'])
    expect(scaled.stdout).toBe('deployment.apps/scaled scaled\n')
    const entries = (await getJSON('deploy/scaled')).metadata.managedFields!
    const scaler = entries.find((e) => e.subresource === 'scale')!
    expect(scaler).toMatchObject({ operation: 'Update', apiVersion: 'apps/v1', fieldsV1: { 'f:spec': { 'f:replicas': {} } } })

    const r = await k.run(['apply', '--server-side', '-f', '-'], deployment('scaled', 3))
    expect(r.code).not.toBe(0)
    expect(r.stderr).toContain(`Apply failed with 1 conflict: conflict with "${scaler.manager}" with subresource "scale" using apps/v1: .spec.replicas`)
    expect((await getJSON('deploy/scaled')).spec.replicas).toBe(5)

    // Dropping replicas from the configuration leaves them to the scaler, as the docs advise.
    expect((await k.run(['apply', '--server-side', '-f', '-'], deployment('scaled', undefined))).stderr).toBe('')
    expect((await getJSON('deploy/scaled')).spec.replicas).toBe(5)
    expect((await k.run(['apply', '--server-side', '--force-conflicts', '-f', '-'], deployment('scaled', 2))).stderr).toBe('')
    expect((await getJSON('deploy/scaled')).spec.replicas).toBe(2)
  })

  it('records Update managers for client-side apply, create and label; get -o yaml shows them only with --show-managed-fields', async () => {
    await k.run(['apply', '-f', '-'], deployment('csa', 1))
    await k.run(['create', 'configmap', 'made', '--from-literal=a=1'])
    await k.run(['label', 'configmap', 'made', 'env=prod'])

    const csa = (await getJSON('deploy/csa')).metadata.managedFields!
    expect(csa.map((e) => [e.manager, e.operation])).toEqual([['kubectl-client-side-apply', 'Update']])
    expect(csa[0].fieldsV1['f:metadata']).toMatchObject({ 'f:annotations': { '.': {}, 'f:kubectl.kubernetes.io/last-applied-configuration': {} } })

    const cm = (await getJSON('configmap/made')).metadata.managedFields!
    expect(cm.map((e) => [e.manager, e.operation])).toEqual([
      ['kubectl-create', 'Update'],
      ['kubectl-label', 'Update']
    ])
    expect(cm[0].fieldsV1).toEqual({ 'f:data': { '.': {}, 'f:a': {} } })
    expect(cm[1].fieldsV1).toEqual({ 'f:metadata': { 'f:labels': { '.': {}, 'f:env': {} } } })

    const hidden = await k.run(['get', 'configmap', 'made', '-o', 'yaml'])
    expect(hidden.stdout).not.toContain('managedFields')
    const shown = await k.run(['get', 'configmap', 'made', '-o', 'yaml', '--show-managed-fields'])
    expect(shown.stdout).toContain('managedFields:')
    expect(shown.stdout).toContain('manager: kubectl-create')
    expect(shown.stdout).toContain('manager: kubectl-label')

    // Client-side apply's fields conflict with a server-side apply by another manager that changes them.
    const r = await k.run(['apply', '--server-side', '--field-manager=ssa', '-f', '-'], deployment('csa', 4))
    expect(r.stderr).toContain('Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas')
  })

  it('tracks an HPA written as autoscaling/v1 (kubectl autoscale) and applied as autoscaling/v2', async () => {
    await k.run(['apply', '--server-side', '-f', '-'], deployment('auto', 1))
    const made = await k.run(['autoscale', 'deployment', 'auto', '--max=5', '--cpu-percent=80'])
    expect(made.stderr).toBe('')
    const hpa = JSON.parse((await k.run(['get', 'hpa', 'auto', '-o', 'json', '--show-managed-fields'])).stdout)
    expect(hpa.apiVersion).toBe('autoscaling/v2')
    expect(hpa.metadata.managedFields).toHaveLength(1)
    expect(hpa.metadata.managedFields[0]).toMatchObject({ manager: 'kubectl-autoscale', operation: 'Update', apiVersion: 'autoscaling/v1' })
    expect(hpa.metadata.managedFields[0].fieldsV1['f:spec']).toHaveProperty(['f:maxReplicas'])
    const v2 = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'auto' }, spec: { maxReplicas: 7, scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'auto' } } }
    const r = await k.run(['apply', '--server-side', '-f', '-'], JSON.stringify(v2))
    expect(r.stderr).toContain('Apply failed with 1 conflict: conflict with "kubectl-autoscale" using autoscaling/v1: .spec.maxReplicas')
    expect((await k.run(['apply', '--server-side', '--force-conflicts', '-f', '-'], JSON.stringify(v2))).stderr).toBe('')
    expect((await k.run(['get', 'hpa.v1.autoscaling', 'auto', '-o', 'jsonpath={.spec.maxReplicas}'])).stdout).toBe('7')
  })

  it('upgrades from client-side to server-side apply: kubectl takes over what the last-applied annotation configured', async () => {
    await k.run(['apply', '-f', '-'], deployment('upgrade', 1))
    const r = await k.run(['apply', '--server-side', '-f', '-'], deployment('upgrade', 4))
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe('deployment.apps/upgrade serverside-applied\n')
    const d = (await getJSON('deploy/upgrade')) as unknown as { spec: { replicas: number }; metadata: { annotations: Record<string, string>; managedFields: Entry[] } }
    expect(d.spec.replicas).toBe(4)
    expect(JSON.parse(d.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).spec.replicas).toBe(4)
    const kubectl = d.metadata.managedFields.find((e) => e.manager === 'kubectl' && e.operation === 'Apply')!
    expect(kubectl.fieldsV1['f:spec']).toHaveProperty(['f:replicas'])
    // Another manager gets no such pass.
    const other = await k.run(['apply', '--server-side', '--field-manager=someone', '-f', '-'], deployment('upgrade', 2))
    expect(other.stderr).toContain('Apply failed with 1 conflict: conflict with "kubectl": .spec.replicas')
  })

  it('keeps the last-applied annotation encoded as the apiserver encodes it: sorted keys, HTML escapes, a final newline', async () => {
    // Keys out of order, as people write manifests; a value with characters Go's encoder escapes.
    const manifest = (data: string) => `{"kind":"ConfigMap","apiVersion":"v1","data":{"z":"1","a":"${data}"},"metadata":{"name":"encoded"}}`
    await k.run(['apply', '-f', '-'], manifest('<b>'))
    const r = await k.run(['apply', '--server-side', '-f', '-'], manifest('x & y'))
    expect(r.stderr).toBe('')
    const cm = (await getJSON('cm/encoded')) as unknown as { metadata: { annotations: Record<string, string> } }
    expect(cm.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).toBe(
      '{"apiVersion":"v1","data":{"a":"x \\u0026 y","z":"1"},"kind":"ConfigMap","metadata":{"name":"encoded","namespace":"default"}}\n'
    )
  })
})

/** A response body as loosely typed JSON, for assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = async (r: Response): Promise<any> => r.json()

/** The protocol edges kubectl does not reach, over plain HTTP on loopback (no TLS, no authentication). */
describe('server-side apply and managedFields on the wire', () => {
  let cluster: Cluster
  let server: Server
  let handler: ApiHandler
  let base: string
  const cm = (data: Record<string, string>, name = 'wire'): string => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data })

  beforeAll(async () => {
    cluster = await Cluster.start({ clock: 'manual', components: [] })
    handler = new ApiHandler({ resources: cluster.resources, clock: cluster.clock, serverAddress: () => '127.0.0.1:0' })
    server = createServer((req, res) => handler.handle(req, res))
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/namespaces/default/configmaps`
  })
  afterAll(async () => {
    handler.close()
    server.closeAllConnections()
    await new Promise((r) => server.close(r))
    await cluster.stop()
  })

  const apply = (query: string, body: string, name = 'wire') =>
    fetch(`${base}/${name}?${query}`, { method: 'PATCH', headers: { 'content-type': 'application/apply-patch+yaml' }, body })

  it('answers bad applies with the apiserver Status', async () => {
    const missing = await apply('', cm({ a: '1' }))
    expect(missing.status).toBe(422)
    expect((await json(missing)).message).toBe('PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch')
    const named = await apply('fieldManager=m', cm({ a: '1' }, 'other'))
    expect(named.status).toBe(400)
    expect((await json(named)).message).toBe('the name of the object (other) does not match the name on the URL (wire)')
    const withFields = await apply('fieldManager=m', JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'wire', managedFields: [] } }))
    expect(withFields.status).toBe(400)
    expect((await json(withFields)).message).toBe('metadata.managedFields must be nil')
    const pods = base.replace('configmaps', 'pods')
    const twins = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'twins' }, spec: { containers: [{ name: 'c', image: 'a' }, { name: 'c', image: 'b' }] } })
    const duplicate = await fetch(`${pods}/twins?fieldManager=m`, { method: 'PATCH', headers: { 'content-type': 'application/apply-patch+yaml' }, body: twins })
    expect(duplicate.status).toBe(400)
    expect((await json(duplicate)).message).toBe('failed to create typed patch object (/v1, Kind=Pod): .spec.containers: duplicate entries for key [name="c"]')
    expect((await fetch(`${base}/wire`)).status).toBe(404)
  })

  it('creates with 201, refuses force on other patches, and resets managedFields on request', async () => {
    const created = await apply('fieldManager=m&force=false', cm({ a: '1' }))
    expect(created.status).toBe(201)
    expect((await json(created)).metadata.managedFields).toMatchObject([{ manager: 'm', operation: 'Apply', apiVersion: 'v1', fieldsV1: { 'f:data': { 'f:a': {} } } }])

    const forced = await fetch(`${base}/wire?force=true`, { method: 'PATCH', headers: { 'content-type': 'application/merge-patch+json' }, body: '{"data":{"b":"2"}}' })
    expect(forced.status).toBe(422)
    expect((await json(forced)).message).toBe('PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch')

    // A manager named by the User-Agent's product when the request names none.
    const patched = await fetch(`${base}/wire`, { method: 'PATCH', headers: { 'content-type': 'application/merge-patch+json', 'user-agent': 'curl/8.5.0' }, body: '{"data":{"b":"2"}}' })
    expect((await json(patched)).metadata.managedFields.map((e: { manager: string }) => e.manager)).toEqual(['m', 'curl'])

    const reset = await fetch(`${base}/wire?fieldManager=x`, { method: 'PATCH', headers: { 'content-type': 'application/merge-patch+json' }, body: '{"metadata":{"managedFields":[{}]}}' })
    expect((await json(reset)).metadata.managedFields).toBeUndefined()
  })

  it('leaves ownership alone on writes of in-process components (no manager)', async () => {
    await apply('fieldManager=owner', cm({ a: '1' }, 'inproc'), 'inproc')
    const configmaps = cluster.client.resource<{ metadata: { name: string; namespace: string; managedFields?: unknown[] }; data: Record<string, string> }>({ group: '', version: 'v1', resource: 'configmaps' })
    const live = structuredClone(await configmaps.get('default', 'inproc'))
    const updated = await configmaps.update({ ...live, metadata: { ...live.metadata, managedFields: [] }, data: { a: '9' } })
    expect(updated.metadata.managedFields).toEqual(live.metadata.managedFields)
    expect(updated.data.a).toBe('9')
  })
})
