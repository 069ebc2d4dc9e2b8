import { describe, expect, it } from 'vitest'
import { allDefinitions } from '../../../../main/cluster/registry/kinds'
import { Registry } from '../../../../main/cluster/registry/registry'
import { OpenApiService } from '../../../../main/cluster/apiserver/openapi/openapi-service'
import { schemaV2, swaggerDocument } from '../../../../main/cluster/apiserver/openapi/v2-document'
import { acceptClauses, openApiV2Reply } from '../../../../main/cluster/apiserver/openapi/v2-http'
import { isStatusError } from '../../../../main/cluster/apimachinery/errors'

/** Loose access into the generated JSON (objects, and arrays by index or find). */
type Json = { [key: string]: Json } & { [index: number]: Json; find(match: (p: Json) => boolean): Json | undefined }

const service = new OpenApiService(new Registry(allDefinitions))
const doc = swaggerDocument(service, 'v1.32.4+kubelab') as Json

function refsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refsIn(v, out))
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push(v)
      else refsIn(v, out)
    }
  }
  return out
}

describe('the Swagger 2.0 document', () => {
  it('is Swagger 2.0 titled Kubernetes with the server version, over https with bearer tokens', () => {
    expect(doc.swagger).toBe('2.0')
    expect(doc.info).toEqual({ title: 'Kubernetes', version: 'v1.32.4+kubelab' })
    expect(doc.security).toEqual([{ BearerToken: [] }])
  })

  it('every $ref points into #/definitions and resolves', () => {
    const refs = refsIn(doc)
    expect(refs.length).toBeGreaterThan(1000)
    for (const ref of new Set(refs)) {
      expect(ref.startsWith('#/definitions/'), ref).toBe(true)
      expect(doc.definitions[ref.slice('#/definitions/'.length)], ref).toBeDefined()
    }
    expect(JSON.stringify(doc)).not.toContain('#/components/')
  })

  it('has the paths of every served group-version, v3 operations in v2 form', () => {
    const patch = doc.paths['/api/v1/namespaces/{namespace}/pods/{name}'].patch
    expect(patch.operationId).toBe('patchCoreV1NamespacedPod')
    expect(patch.consumes).toEqual(['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json'])
    expect(patch.produces).toEqual(['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'])
    expect(patch.parameters[0]).toEqual({ in: 'body', name: 'body', required: true, schema: { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch' } })
    expect(patch.parameters.find((p: Json) => String(p.name) === 'fieldValidation')).toMatchObject({ in: 'query', type: 'string', uniqueItems: true })
    expect(patch.responses['200']).toEqual({ description: 'OK', schema: { $ref: '#/definitions/io.k8s.api.core.v1.Pod' } })
    expect(patch['x-kubernetes-group-version-kind']).toEqual({ group: '', kind: 'Pod', version: 'v1' })
    expect(doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale'].put.operationId).toBe('replaceAppsV1NamespacedDeploymentScale')
    expect(doc.paths['/api/v1/namespaces/{namespace}/pods/{name}'].parameters[0]).toMatchObject({ name: 'name', in: 'path', required: true, type: 'string' })
  })

  it('a create-only kind has its POST and no PATCH, as SubjectAccessReview', () => {
    const item = doc.paths['/apis/kubelab.dev/v1alpha1/packettraces']
    expect(Object.keys(item).sort()).toEqual(['parameters', 'post'])
    const def = doc.definitions['io.k8s.api.kubelab.v1alpha1.PacketTrace']
    expect(def['x-kubernetes-group-version-kind']).toEqual([{ group: 'kubelab.dev', kind: 'PacketTrace', version: 'v1alpha1' }])
    expect(def.properties.spec).toEqual({ description: expect.any(String), $ref: '#/definitions/io.k8s.api.kubelab.v1alpha1.PacketTraceSpec' })
  })

  it('definitions keep patch extensions and spell Quantity and IntOrString as v2 does', () => {
    expect(doc.definitions['io.k8s.api.core.v1.PodSpec'].properties.containers).toMatchObject({
      type: 'array',
      items: { $ref: '#/definitions/io.k8s.api.core.v1.Container' },
      'x-kubernetes-patch-merge-key': 'name',
      'x-kubernetes-patch-strategy': 'merge'
    })
    const quantity = doc.definitions['io.k8s.apimachinery.pkg.api.resource.Quantity']
    expect(quantity.type).toBe('string')
    expect(quantity.oneOf).toBeUndefined()
    const intOrString = doc.definitions['io.k8s.apimachinery.pkg.util.intstr.IntOrString']
    expect(intOrString).toEqual({ description: expect.any(String), format: 'int-or-string', type: 'string' })
  })

  it('schemaV2 unwraps a single allOf reference and recurses into items and maps', () => {
    expect(schemaV2({ description: 'd', allOf: [{ $ref: '#/components/schemas/A' }] })).toEqual({ description: 'd', $ref: '#/definitions/A' })
    expect(schemaV2({ type: 'object', additionalProperties: { type: 'array', items: { $ref: '#/components/schemas/B' } } })).toEqual({
      type: 'object',
      additionalProperties: { type: 'array', items: { $ref: '#/definitions/B' } }
    })
  })
})

describe('GET /openapi/v2', () => {
  it('answers JSON for application/json or no Accept, protobuf for the gnostic type (either spelling)', () => {
    const json = openApiV2Reply(service, 'GET', 'application/json')
    expect(json.code).toBe(200)
    expect(json.headers['Content-Type']).toBe('application/json')
    expect(JSON.parse(json.body.toString()).swagger).toBe('2.0')
    expect(openApiV2Reply(service, 'GET', undefined).headers['Content-Type']).toBe('application/json')
    for (const accept of ['application/com.github.proto-openapi.spec.v2@v1.0+protobuf', 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf']) {
      const pb = openApiV2Reply(service, 'GET', accept)
      expect(pb.code).toBe(200)
      expect(pb.headers['Content-Type']).toBe('application/com.github.proto-openapi.spec.v2.v1.0+protobuf')
      // Document.swagger (field 1) = "2.0"
      expect(pb.body.subarray(0, 5).toString('hex')).toBe('0a03322e30')
    }
  })

  it('follows the Accept preference and answers 406 when nothing fits', () => {
    expect(acceptClauses('application/json;q=0.5, application/com.github.proto-openapi.spec.v2@v1.0+protobuf')).toEqual([
      'application/com.github.proto-openapi.spec.v2@v1.0+protobuf',
      'application/json'
    ])
    expect(openApiV2Reply(service, 'GET', 'application/json;q=0.5, application/com.github.proto-openapi.spec.v2@v1.0+protobuf').headers['Content-Type']).toContain('protobuf')
    expect(openApiV2Reply(service, 'GET', 'text/html').code).toBe(406)
    expect(openApiV2Reply(service, 'GET', 'application/json;q=0').code).toBe(406)
  })

  it('has a per-form ETag and answers 304 to a matching If-None-Match', () => {
    const json = openApiV2Reply(service, 'GET', 'application/json')
    const pb = openApiV2Reply(service, 'GET', 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf')
    expect(json.headers.ETag).toMatch(/^"[0-9A-F]{128}"$/)
    expect(pb.headers.ETag).not.toBe(json.headers.ETag)
    const again = openApiV2Reply(service, 'GET', 'application/json', json.headers.ETag)
    expect(again.code).toBe(304)
    expect(again.body.length).toBe(0)
    expect(openApiV2Reply(service, 'GET', 'application/json', pb.headers.ETag).code).toBe(200)
  })

  it('refuses other methods with 405 MethodNotAllowed', () => {
    let caught: unknown
    try {
      openApiV2Reply(service, 'POST', 'application/json')
    } catch (e) {
      caught = e
    }
    expect(isStatusError(caught) && caught.status.code).toBe(405)
  })
})
