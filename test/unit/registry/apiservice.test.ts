import { describe, expect, it } from 'vitest'
import { fieldErrorString } from '../../../main/cluster/apimachinery/field-errors'
import { type APIServiceObject, apiServiceDefinition as def } from '../../../main/cluster/registry/kinds/apiservice'

function apiService(name: string, spec: Record<string, unknown>): APIServiceObject {
  return { apiVersion: 'apiregistration.k8s.io/v1', kind: 'APIService', metadata: { name }, spec } as unknown as APIServiceObject
}

function create(a: APIServiceObject): { obj: APIServiceObject; errors: string[] } {
  const obj = structuredClone(a)
  def.defaults(obj)
  def.prepareForCreate?.(obj)
  return { obj, errors: def.validate(obj).map(fieldErrorString) }
}

const cell = (a: APIServiceObject, column: string) => def.tableColumns!.find((c) => c.name === column)!.cell(a, 0)

describe('APIService', () => {
  it('is served as apiservices in apiregistration.k8s.io/v1, cluster-scoped, in the api-extensions category', () => {
    expect([def.group, def.version, def.kind, def.plural, def.namespaced, def.hasStatus]).toEqual(['apiregistration.k8s.io', 'v1', 'APIService', 'apiservices', false, true])
    expect(def.categories).toEqual(['api-extensions'])
    expect(def.tableColumns!.map((c) => c.name)).toEqual(['Name', 'Service', 'Available', 'Age'])
  })

  it('defaults the service port to 443 and starts with an empty status', () => {
    const { obj, errors } = create(apiService('v1beta1.metrics.k8s.io', { group: 'metrics.k8s.io', version: 'v1beta1', groupPriorityMinimum: 100, versionPriority: 100, insecureSkipTLSVerify: true, service: { namespace: 'kube-system', name: 'metrics-server' }, status: { conditions: [] } }))
    expect(errors).toEqual([])
    expect(obj.spec?.service).toEqual({ namespace: 'kube-system', name: 'metrics-server', port: 443 })
    expect(obj.status).toEqual({})
  })

  it('validates as ValidateAPIService', () => {
    expect(create(apiService('v1.foo.example.com', { group: 'bar.example.com', version: 'v1', groupPriorityMinimum: 1000, versionPriority: 15 })).errors).toEqual([
      'metadata.name: Invalid value: "v1.foo.example.com": must be `spec.version+"."+spec.group`: "v1.bar.example.com"'
    ])
    expect(create(apiService('v2.', { version: 'v2', groupPriorityMinimum: 0, versionPriority: 1001 })).errors).toEqual([
      'spec.group: Required value: only v1 may have an empty group and it better be legacy kube',
      'spec.groupPriorityMinimum: Invalid value: 0: must be positive and less than 20000',
      'spec.versionPriority: Invalid value: 1001: must be positive and less than 1000'
    ])
    expect(create(apiService('v1.local.example.com', { group: 'local.example.com', version: 'v1', groupPriorityMinimum: 1, versionPriority: 1, insecureSkipTLSVerify: true, caBundle: 'AAAA' })).errors).toEqual([
      'spec.caBundle: Invalid value: "3 bytes": local APIServices may not have a caBundle',
      'spec.insecureSkipTLSVerify: Invalid value: true: local APIServices may not have insecureSkipTLSVerify'
    ])
    expect(create(apiService('v1.x.example.com', { group: 'x.example.com', version: 'v1', groupPriorityMinimum: 1, versionPriority: 1, service: { port: 70000 } })).errors).toEqual([
      'spec.service.namespace: Required value',
      'spec.service.name: Required value',
      'spec.service.port: Invalid value: 70000: port is not valid: must be between 1 and 65535, inclusive'
    ])
  })

  it('shows Local or the service, and the Available condition as kubectl get apiservices does', () => {
    const local = apiService('v1.apps', { group: 'apps', version: 'v1', groupPriorityMinimum: 17800, versionPriority: 15 })
    expect([cell(local, 'Service'), cell(local, 'Available')]).toEqual(['Local', 'Unknown'])
    local.status = { conditions: [{ type: 'Available', status: 'True', reason: 'Local' }] }
    expect(cell(local, 'Available')).toBe('True')
    const remote = apiService('v1beta1.metrics.k8s.io', { group: 'metrics.k8s.io', version: 'v1beta1', groupPriorityMinimum: 100, versionPriority: 100, service: { namespace: 'kube-system', name: 'metrics-server', port: 443 } })
    remote.status = { conditions: [{ type: 'Available', status: 'False', reason: 'ServiceNotFound' }] }
    expect([cell(remote, 'Service'), cell(remote, 'Available')]).toEqual(['kube-system/metrics-server', 'False (ServiceNotFound)'])
  })
})
