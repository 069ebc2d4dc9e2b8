import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { allDefinitions } from '../../../../main/cluster/registry/kinds'
import { Registry } from '../../../../main/cluster/registry/registry'
import { OpenApiService, groupVersionPath } from '../../../../main/cluster/apiserver/openapi/openapi-service'
import { groupIdentifier, tagOf } from '../../../../main/cluster/apiserver/openapi/paths'

type Json = Record<string, unknown>
interface Doc {
  openapi: string
  info: Json
  paths: Record<string, Record<string, Json>>
  components: { schemas: Record<string, Json> }
}

const registry = new Registry(allDefinitions)
const service = new OpenApiService(registry)
const binding = { group: '', resource: 'pods', subresource: 'binding', kind: { group: '', version: 'v1', kind: 'Binding' }, verbs: ['create'] }
const withExtras = new OpenApiService(registry, [binding])
const methods = ['get', 'put', 'post', 'delete', 'patch']

function doc(gv: string, s = service): Doc {
  return s.document(gv) as Doc
}

function operations(d: Doc): Array<{ path: string; method: string; op: Json }> {
  const out: Array<{ path: string; method: string; op: Json }> = []
  for (const [path, item] of Object.entries(d.paths)) for (const m of methods) if (item[m]) out.push({ path, method: m, op: item[m] })
  return out
}

function servedGroupVersions(): string[] {
  const set = new Set<string>()
  for (const def of allDefinitions) for (const v of Registry.versionsOf(def)) set.add(groupVersionPath(def.group, v))
  return [...set].sort()
}

describe('OpenApiService index', () => {
  it('lists every served group-version, with its hash', () => {
    const index = service.index()
    expect(Object.keys(index.paths)).toEqual(servedGroupVersions())
    expect(Object.keys(index.paths)).toEqual(expect.arrayContaining(['api/v1', 'apis/apps/v1', 'apis/autoscaling/v1', 'apis/autoscaling/v2', 'apis/networking.k8s.io/v1']))
    for (const [gv, { serverRelativeURL }] of Object.entries(index.paths)) {
      expect(serverRelativeURL).toBe(`/openapi/v3/${gv}?hash=${service.hash(gv)}`)
      expect(service.hash(gv)).toMatch(/^[0-9A-F]{128}$/)
    }
  })

  it('answers nothing for a group-version it does not serve', () => {
    expect(service.document('apis/resource.k8s.io/v1beta1')).toBeUndefined()
    expect(service.documentJSON('apis/apps/v2')).toBeUndefined()
    expect(service.hash('apis/resource.k8s.io/v1beta1')).toBe('')
  })
})

describe('OpenApiService documents', () => {
  it('are OpenAPI 3.0 documents whose JSON parses back to them', () => {
    for (const gv of servedGroupVersions()) {
      const d = doc(gv)
      expect(d.openapi).toBe('3.0.0')
      expect(d.info).toHaveProperty('title')
      expect(JSON.parse(service.documentJSON(gv)!)).toEqual(d)
    }
  })

  it('have stable content hashes and are built once', () => {
    const other = new OpenApiService(new Registry(allDefinitions))
    for (const gv of servedGroupVersions()) {
      expect(other.hash(gv)).toBe(service.hash(gv))
      expect(service.hash(gv)).toBe(createHash('sha512').update(service.documentJSON(gv)!).digest('hex').toUpperCase())
    }
    expect(service.document('apis/apps/v1')).toBe(service.document('/apis/apps/v1/'))
  })

  it('put fieldValidation on every post, put and patch operation', () => {
    for (const s of [service, withExtras]) {
      for (const gv of servedGroupVersions()) {
        for (const { path, method, op } of operations(doc(gv, s))) {
          if (!['post', 'put', 'patch'].includes(method)) continue
          const names = ((op.parameters as Json[] | undefined) ?? []).filter((p) => p.in === 'query').map((p) => p.name)
          expect(names, `${method} ${path}`).toContain('fieldValidation')
        }
      }
    }
  })

  it('give every operation an action and a GVK, and every served kind a PATCH operation with its GVK', () => {
    for (const gv of servedGroupVersions()) {
      const d = doc(gv)
      const patched = new Set<string>()
      for (const { path, method, op } of operations(d)) {
        if (path.endsWith('/')) continue // the group-version's APIResourceList
        expect(op['x-kubernetes-action'], `${method} ${path}`).toBeTypeOf('string')
        const gvk = op['x-kubernetes-group-version-kind'] as { group: string; version: string; kind: string }
        expect(gvk, `${method} ${path}`).toBeDefined()
        if (method === 'patch') patched.add(`${gvk.group}/${gvk.version}/${gvk.kind}`)
      }
      // Every kind that serves patch (create-only kinds such as PacketTrace serve only create).
      for (const def of allDefinitions.filter((d) => !d.verbs || d.verbs.includes('patch'))) {
        for (const v of Registry.versionsOf(def)) if (groupVersionPath(def.group, v) === gv) expect(patched).toContain(`${def.group}/${v}/${def.kind}`)
      }
    }
  })

  it('lay out paths as the apiserver does', () => {
    const core = doc('api/v1')
    expect(core.paths['/api/v1/namespaces/{namespace}/pods'].get.operationId).toBe('listCoreV1NamespacedPod')
    expect(core.paths['/api/v1/namespaces/{namespace}/pods'].post.operationId).toBe('createCoreV1NamespacedPod')
    expect(core.paths['/api/v1/namespaces/{namespace}/pods'].delete.operationId).toBe('deleteCoreV1CollectionNamespacedPod')
    expect(core.paths['/api/v1/namespaces/{namespace}/pods/{name}'].patch.operationId).toBe('patchCoreV1NamespacedPod')
    expect(core.paths['/api/v1/namespaces/{namespace}/pods/{name}/status'].put.operationId).toBe('replaceCoreV1NamespacedPodStatus')
    expect(core.paths['/api/v1/pods'].get.operationId).toBe('listCoreV1PodForAllNamespaces')
    expect(core.paths['/api/v1/watch/namespaces/{namespace}/pods/{name}'].get['x-kubernetes-action']).toBe('watch')
    expect(core.paths['/api/v1/watch/pods'].get['x-kubernetes-action']).toBe('watchlist')
    expect(core.paths['/api/v1/nodes/{name}'].get.operationId).toBe('readCoreV1Node')
    expect(core.paths['/api/v1/watch/nodes'].get.operationId).toBe('watchCoreV1NodeList')
    expect(core.paths).not.toHaveProperty('/api/v1/namespaces/{namespace}/nodes')
    expect(core.paths['/api/v1/namespaces/{namespace}/replicationcontrollers/{name}/scale'].patch['x-kubernetes-group-version-kind']).toEqual({
      group: 'autoscaling',
      kind: 'Scale',
      version: 'v1'
    })
    expect(core.paths['/api/v1/'].get.operationId).toBe('getCoreV1APIResources')
    const apps = doc('apis/apps/v1')
    expect(apps.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale'].get.operationId).toBe('readAppsV1NamespacedDeploymentScale')
    expect(apps.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch.tags).toEqual(['apps_v1'])
    expect(groupIdentifier('discovery.k8s.io')).toBe('Discovery')
    expect(groupIdentifier('rbac.authorization.k8s.io')).toBe('RbacAuthorization')
    expect(tagOf('flowcontrol.apiserver.k8s.io', 'v1')).toBe('flowcontrolApiserver_v1')
  })

  it('serve extra subresources with their kind', () => {
    const d = doc('api/v1', withExtras)
    const post = d.paths['/api/v1/namespaces/{namespace}/pods/{name}/binding'].post
    expect(post['x-kubernetes-group-version-kind']).toEqual({ group: '', kind: 'Binding', version: 'v1' })
    expect(d.components.schemas).toHaveProperty('io.k8s.api.core.v1.Binding')
    expect(doc('api/v1').paths).not.toHaveProperty('/api/v1/namespaces/{namespace}/pods/{name}/binding')
  })
})

describe('OpenApiService components', () => {
  it('resolve every reference inside the document', () => {
    for (const gv of servedGroupVersions()) {
      const text = service.documentJSON(gv)!
      const d = doc(gv)
      for (const m of text.matchAll(/"#\/components\/schemas\/([^"]+)"/g)) expect(d.components.schemas, `${gv}: ${m[1]}`).toHaveProperty(m[1])
    }
  })

  it('name kinds as Kubernetes does, with their GVK', () => {
    const s = doc('api/v1').components.schemas
    expect(s['io.k8s.api.core.v1.Pod']['x-kubernetes-group-version-kind']).toEqual([{ group: '', kind: 'Pod', version: 'v1' }])
    expect(s['io.k8s.api.core.v1.PodList']['x-kubernetes-group-version-kind']).toEqual([{ group: '', kind: 'PodList', version: 'v1' }])
    expect(s['io.k8s.apimachinery.pkg.apis.meta.v1.Status']['x-kubernetes-group-version-kind']).toEqual([{ group: '', kind: 'Status', version: 'v1' }])
    expect(s['io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions']['x-kubernetes-group-version-kind']).toContainEqual({ group: 'apps', kind: 'DeleteOptions', version: 'v1' })
    const hpa1 = doc('apis/autoscaling/v1').components.schemas['io.k8s.api.autoscaling.v1.HorizontalPodAutoscaler']
    expect(hpa1['x-kubernetes-group-version-kind']).toEqual([{ group: 'autoscaling', kind: 'HorizontalPodAutoscaler', version: 'v1' }])
    expect(doc('apis/apps/v1').components.schemas).toHaveProperty('io.k8s.api.autoscaling.v1.Scale')
    expect(doc('apis/apps/v1').components.schemas).not.toHaveProperty('io.k8s.api.core.v1.Node')
  })

  it('carry patch strategies and merge keys', () => {
    const s = doc('apis/apps/v1').components.schemas
    const props = (name: string): Record<string, Json> => s[name].properties as Record<string, Json>
    expect(props('io.k8s.api.core.v1.PodSpec').containers).toMatchObject({ 'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-patch-strategy': 'merge' })
    expect(props('io.k8s.api.core.v1.PodSpec').volumes).toMatchObject({ 'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-patch-strategy': 'merge,retainKeys' })
    expect(props('io.k8s.api.core.v1.Container').ports).toMatchObject({ 'x-kubernetes-patch-merge-key': 'containerPort' })
    expect(props('io.k8s.api.core.v1.Container').env).toMatchObject({ 'x-kubernetes-patch-merge-key': 'name' })
    expect(props('io.k8s.api.apps.v1.DeploymentSpec').strategy).toMatchObject({ 'x-kubernetes-patch-strategy': 'retainKeys' })
    expect(props('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta').ownerReferences).toMatchObject({ 'x-kubernetes-patch-merge-key': 'uid' })
    expect(props('io.k8s.api.core.v1.Container').args).not.toHaveProperty('x-kubernetes-patch-strategy')
    const svc = doc('api/v1').components.schemas['io.k8s.api.core.v1.ServiceSpec'].properties as Record<string, Json>
    expect(svc.ports).toMatchObject({ 'x-kubernetes-patch-merge-key': 'port', 'x-kubernetes-patch-strategy': 'merge' })
  })

  it('render types, formats, maps, required fields and descriptions', () => {
    const s = doc('api/v1').components.schemas
    const meta = s['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'].properties as Record<string, Json>
    expect(meta.generation).toMatchObject({ type: 'integer', format: 'int64' })
    expect(meta.labels).toMatchObject({ type: 'object', additionalProperties: { type: 'string' } })
    expect(meta.creationTimestamp).toMatchObject({ allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Time' }] })
    expect(s['io.k8s.apimachinery.pkg.apis.meta.v1.Time']).toMatchObject({ type: 'string', format: 'date-time' })
    expect(s['io.k8s.apimachinery.pkg.util.intstr.IntOrString']).toMatchObject({ format: 'int-or-string', 'x-kubernetes-int-or-string': true })
    expect(s['io.k8s.apimachinery.pkg.api.resource.Quantity']).toMatchObject({ oneOf: [{ type: 'string' }, { type: 'number' }] })
    expect(s['io.k8s.api.core.v1.Container'].required).toEqual(['name'])
    expect(s['io.k8s.api.core.v1.Container'].description).toMatch(/application container/)
    expect((s['io.k8s.api.core.v1.Container'].properties as Record<string, Json>).ports).toMatchObject({
      type: 'array',
      items: { $ref: '#/components/schemas/io.k8s.api.core.v1.ContainerPort' }
    })
  })
})
