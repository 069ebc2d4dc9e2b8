import { describe, expect, it } from 'vitest'
import type { KubeObject } from '../../../../main/cluster/apimachinery/types'
import { objectUsage, prettyPrint } from '../../../../main/cluster/registry/admission/quota-usage'
import { quotaStatus } from '../../../../main/cluster/controllers/resource-quota'
import { limitRangeDefinition } from '../../../../main/cluster/registry/kinds/limitrange'
import { fieldErrorString } from '../../../../main/cluster/apimachinery/field-errors'

const pod = (containers: object[], init: object[] = [], phase = 'Pending') =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'n' }, spec: { containers, initContainers: init }, status: { phase } }) as unknown as KubeObject

describe('quota usage', () => {
  it('a pod counts itself and its containers requests and limits, raised to its largest init container', () => {
    const usage = objectUsage('', 'pods', pod(
      [{ name: 'a', resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '128Mi' } } }, { name: 'b', resources: { requests: { cpu: '200m' } } }],
      [{ name: 'init', resources: { requests: { cpu: '1' } } }]
    ))
    expect(prettyPrint(usage)).toBe('count/pods=1,cpu=1,limits.memory=128Mi,memory=64Mi,pods=1,requests.cpu=1,requests.memory=64Mi')
  })

  it('a finished pod counts nothing; other kinds count by name and group', () => {
    expect(objectUsage('', 'pods', pod([], [], 'Succeeded')).size).toBe(0)
    expect(prettyPrint(objectUsage('apps', 'deployments', { metadata: {} } as KubeObject))).toBe('count/deployments.apps=1')
    const svc = { metadata: {}, spec: { type: 'NodePort', ports: [{ port: 80 }, { port: 443 }] } } as unknown as KubeObject
    expect(prettyPrint(objectUsage('', 'services', svc))).toBe('count/services=1,services=1,services.nodeports=2')
  })

  it('status lists every hard resource, canonical, used 0 when nothing uses it', () => {
    const usage = objectUsage('', 'pods', pod([{ name: 'a', resources: { requests: { cpu: '500m' } } }]))
    expect(quotaStatus({ spec: { hard: { pods: '10', 'requests.cpu': '1000m', secrets: '5' } } }, usage)).toEqual({
      hard: { pods: '10', 'requests.cpu': '1', secrets: '5' },
      used: { pods: '1', 'requests.cpu': '500m', secrets: '0' }
    })
  })
})

describe('LimitRange defaults and validation', () => {
  const lr = (item: object) => ({ metadata: { name: 'l', namespace: 'n' }, spec: { limits: [item] } }) as never
  it('a Container item defaults its limit to max and its request to the default limit or the min', () => {
    const obj = lr({ type: 'Container', max: { cpu: '2' }, min: { memory: '1Mi' } })
    limitRangeDefinition.defaults(obj)
    expect((obj as { spec: { limits: unknown[] } }).spec.limits[0]).toEqual({ type: 'Container', max: { cpu: '2' }, min: { memory: '1Mi' }, default: { cpu: '2' }, defaultRequest: { cpu: '2', memory: '1Mi' } })
  })
  it('rejects inverted bounds and Pod defaults', () => {
    expect(limitRangeDefinition.validate(lr({ type: 'Container', max: { cpu: '1' }, default: { cpu: '2' } })).map(fieldErrorString)).toEqual([
      'spec.limits[0].default[cpu]: Invalid value: "1": default value 2 is greater than max value 1'
    ])
    expect(limitRangeDefinition.validate(lr({ type: 'Pod', default: { cpu: '1' } })).map(fieldErrorString)).toEqual([
      "spec.limits[0].default: Forbidden: may not be specified when `type` is 'Pod'"
    ])
  })
})

describe('pods without containers resources', () => {
  it('count one pod and nothing else', () => {
    expect(prettyPrint(objectUsage('', 'pods', pod([{ name: 'a' }])))).toBe('count/pods=1,pods=1')
  })
})
