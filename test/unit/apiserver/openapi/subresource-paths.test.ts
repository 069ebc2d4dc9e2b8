import { describe, expect, it } from 'vitest'
import { attachSubresource } from '../../../../main/cluster/apiserver/handlers/attach'
import { evictionSubresource } from '../../../../main/cluster/apiserver/handlers/eviction'
import { execSubresource } from '../../../../main/cluster/apiserver/handlers/exec'
import { logSubresource } from '../../../../main/cluster/apiserver/handlers/log'
import { metricsApiGroup } from '../../../../main/cluster/apiserver/metrics/metrics-group'
import { OpenApiService } from '../../../../main/cluster/apiserver/openapi/openapi-service'
import { allDefinitions } from '../../../../main/cluster/registry/kinds'
import { Registry } from '../../../../main/cluster/registry/registry'

type Json = Record<string, unknown>
interface Doc {
  paths: Record<string, Record<string, Json>>
  components: { schemas: Record<string, Json> }
}

/** The log handler's node proxy is never called while documents are built. */
const noNodes = {} as Parameters<typeof logSubresource>[0]
const registry = new Registry(allDefinitions)
const service = new OpenApiService(registry, [evictionSubresource, logSubresource(noNodes), execSubresource, attachSubresource], [metricsApiGroup])
const core = service.document('api/v1') as Doc
const pods = '/api/v1/namespaces/{namespace}/pods/{name}'
const names = (params: unknown): string[] => ((params as Json[]) ?? []).map((p) => p.name as string)

describe('OpenAPI subresource paths', () => {
  it('pods/log: a get of Pod answering a string in every type, text/plain included, with the log options as parameters', () => {
    const item = core.paths[`${pods}/log`]
    expect(item.get.operationId).toBe('readCoreV1NamespacedPodLog')
    expect(item.get['x-kubernetes-action']).toBe('get')
    expect(item.get['x-kubernetes-group-version-kind']).toEqual({ group: '', kind: 'Pod', version: 'v1' })
    const ok = (item.get.responses as Record<string, { content: Record<string, { schema: unknown }> }>)['200']
    expect(Object.keys(ok.content).sort()).toEqual(['application/json', 'application/vnd.kubernetes.protobuf', 'application/yaml', 'text/plain'])
    for (const c of Object.values(ok.content)) expect(c.schema).toEqual({ type: 'string' })
    expect(names(item.parameters)).toEqual([
      'container',
      'follow',
      'insecureSkipTLSVerifyBackend',
      'limitBytes',
      'name',
      'namespace',
      'pretty',
      'previous',
      'sinceSeconds',
      'stream',
      'tailLines',
      'timestamps'
    ])
  })

  it('pods/exec and pods/attach: connect GET and POST with the stream options on the path and no write parameters', () => {
    for (const [sub, kind, options] of [
      ['exec', 'PodExecOptions', ['command', 'container', 'name', 'namespace', 'stderr', 'stdin', 'stdout', 'tty']],
      ['attach', 'PodAttachOptions', ['container', 'name', 'namespace', 'stderr', 'stdin', 'stdout', 'tty']]
    ] as const) {
      const item = core.paths[`${pods}/${sub}`]
      const Sub = sub.charAt(0).toUpperCase() + sub.slice(1)
      expect(item.get.operationId).toBe(`connectCoreV1GetNamespacedPod${Sub}`)
      expect(item.post.operationId).toBe(`connectCoreV1PostNamespacedPod${Sub}`)
      for (const op of [item.get, item.post]) {
        expect(op['x-kubernetes-action']).toBe('connect')
        expect(op['x-kubernetes-group-version-kind']).toEqual({ group: '', kind, version: 'v1' })
        expect(op.parameters).toBeUndefined()
        expect(op.responses).toEqual({ '200': { description: 'OK', content: { '*/*': { schema: { type: 'string' } } } }, '401': { description: 'Unauthorized' } })
      }
      expect(names(item.parameters)).toEqual(options)
    }
  })

  it('pods/eviction: a post of policy/v1 Eviction with the write parameters', () => {
    const post = core.paths[`${pods}/eviction`].post
    expect(post.operationId).toBe('createCoreV1NamespacedPodEviction')
    expect(post['x-kubernetes-group-version-kind']).toEqual({ group: 'policy', kind: 'Eviction', version: 'v1' })
    expect(names(post.parameters)).toEqual(['dryRun', 'fieldManager', 'fieldValidation'])
  })
})

describe('OpenAPI of the aggregated metrics.k8s.io/v1beta1', () => {
  const metrics = service.document('apis/metrics.k8s.io/v1beta1') as Doc

  it('is in the index only when the group is served', () => {
    expect(Object.keys(service.index().paths)).toContain('apis/metrics.k8s.io/v1beta1')
    expect(Object.keys(new OpenApiService(registry).index().paths)).not.toContain('apis/metrics.k8s.io/v1beta1')
  })

  it('has get and list of nodes and pods only, and the kinds with their group-version-kind and descriptions', () => {
    const ops = Object.values(metrics.paths).flatMap((item) => Object.keys(item).filter((m) => m !== 'parameters'))
    expect(new Set(ops)).toEqual(new Set(['get']))
    const schema = (kind: string): Json => metrics.components.schemas[`io.k8s.metrics.pkg.apis.metrics.v1beta1.${kind}`]
    for (const kind of ['NodeMetrics', 'NodeMetricsList', 'PodMetrics', 'PodMetricsList']) {
      expect(schema(kind)['x-kubernetes-group-version-kind']).toEqual([{ group: 'metrics.k8s.io', kind, version: 'v1beta1' }])
      expect(schema(kind).description).toEqual(expect.any(String))
    }
    expect(schema('ContainerMetrics').required).toEqual(['name', 'usage'])
    expect(Object.keys(schema('NodeMetrics').properties as Json).sort()).toEqual(['apiVersion', 'kind', 'metadata', 'timestamp', 'usage', 'window'])
  })

  it('does not add metrics.k8s.io to the group-version-kinds of the apiserver\'s own DeleteOptions', () => {
    const deleteOptions = core.components.schemas['io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions']['x-kubernetes-group-version-kind'] as Json[]
    expect(deleteOptions.map((g) => g.group)).not.toContain('metrics.k8s.io')
  })
})
