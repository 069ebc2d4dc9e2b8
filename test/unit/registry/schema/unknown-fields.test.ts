import { describe, expect, it } from 'vitest'
import { dropUnknownFields, findUnknownFields, maxStrictErrors, strictDecodingErrors } from '../../../../main/cluster/registry/schema/unknown-fields'

const pod = { group: '', version: 'v1', kind: 'Pod' }
const deployment = { group: 'apps', version: 'v1', kind: 'Deployment' }

function podWith(container: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'web', image: 'nginx', ...container }] }, ...extra }
}

describe('findUnknownFields', () => {
  it('accepts a typical manifest, status and all', () => {
    const obj = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'web',
        namespace: 'default',
        labels: { app: 'web', 'app.kubernetes.io/name': 'web' },
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', uid: 'u', controller: true }],
        managedFields: [{ manager: 'kubectl', operation: 'Update', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:anything': {} } } }],
        creationTimestamp: '2024-01-01T00:00:00Z'
      },
      spec: {
        containers: [
          {
            name: 'web',
            image: 'nginx',
            ports: [{ containerPort: 80, name: 'http' }],
            env: [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }],
            resources: { limits: { cpu: '500m', memory: 128974848 }, requests: { 'example.com/gpu': 1 } },
            readinessProbe: { httpGet: { path: '/', port: 'http' }, periodSeconds: 5 },
            livenessProbe: { tcpSocket: { port: 80 } }
          }
        ],
        nodeSelector: { 'kubernetes.io/os': 'linux' },
        volumes: [{ name: 'cfg', configMap: { name: 'cfg', items: [{ key: 'a', path: 'a' }] } }]
      },
      status: { phase: 'Running', podIP: '10.244.0.5', conditions: [{ type: 'Ready', status: 'True' }] }
    }
    expect(findUnknownFields(pod, obj)).toEqual([])
  })

  it('names a typo in a container field by its exact path', () => {
    expect(findUnknownFields(pod, podWith({ imagee: 'nginx' }))).toEqual(['spec.containers[0].imagee'])
  })

  it('indexes lists of objects', () => {
    const obj = podWith({ ports: [{ containerPort: 80 }, { containerPort: 443, protocl: 'TCP' }] })
    ;(obj.spec as { containers: unknown[] }).containers.push({ name: 'side', image: 'busybox', commands: ['sh'] })
    expect(findUnknownFields(pod, obj)).toEqual(['spec.containers[0].ports[1].protocl', 'spec.containers[1].commands'])
  })

  it('flags unknown top-level, metadata and status fields, in document order', () => {
    const obj = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x', label: { a: 'b' } }, spec: { containers: [] }, status: { phaze: 'Running' }, specs: {} }
    expect(findUnknownFields(pod, obj)).toEqual(['metadata.label', 'status.phaze', 'specs'])
  })

  it('never flags map keys: labels, annotations, data, selectors', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels: { anything: 'x' } }, data: { 'weird key': 'v' }, binaryData: { b: 'AA==' } }
    expect(findUnknownFields({ group: '', version: 'v1', kind: 'ConfigMap' }, cm)).toEqual([])
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', annotations: { z: 'y' } }, type: 'Opaque', data: { k: 'dg==' }, stringData: { any: 'thing' } }
    expect(findUnknownFields({ group: '', version: 'v1', kind: 'Secret' }, secret)).toEqual([])
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { selector: { app: 'web', 'x/y': 'z' }, ports: [{ port: 80 }] } }
    expect(findUnknownFields({ group: '', version: 'v1', kind: 'Service' }, svc)).toEqual([])
  })

  it('accepts both forms of int-or-string fields and of quantities', () => {
    const svc = (targetPort: unknown): unknown => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80, targetPort }] } })
    expect(findUnknownFields({ group: '', version: 'v1', kind: 'Service' }, svc(8080))).toEqual([])
    expect(findUnknownFields({ group: '', version: 'v1', kind: 'Service' }, svc('http'))).toEqual([])
    const d = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd' },
      spec: { selector: { matchLabels: { a: 'b' } }, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } }, template: { spec: { containers: [] } } }
    }
    expect(findUnknownFields(deployment, d)).toEqual([])
  })

  it('walks pod templates inside workloads', () => {
    const d = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd' },
      spec: { replicas: 2, selector: { matchLabels: { a: 'b' } }, template: { kind: 'Pod', metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i', imagePullPolicy: 'Always', securityContxt: {} }] } } }
    }
    expect(findUnknownFields(deployment, d)).toEqual(['spec.template.kind', 'spec.template.spec.containers[0].securityContxt'])
  })

  it('reports unknown fields whatever their value, and looks no deeper into them', () => {
    expect(findUnknownFields(pod, podWith({ imagee: null }))).toEqual(['spec.containers[0].imagee'])
    expect(findUnknownFields(pod, podWith({ extra: { deeper: { still: 1 } } }))).toEqual(['spec.containers[0].extra'])
    expect(findUnknownFields(pod, podWith({ resources: null, env: null }))).toEqual([])
  })

  it('uses the schema of the request version (autoscaling v1 and v2)', () => {
    const v1 = { group: 'autoscaling', version: 'v1', kind: 'HorizontalPodAutoscaler' }
    const v2 = { group: 'autoscaling', version: 'v2', kind: 'HorizontalPodAutoscaler' }
    const spec = { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'd' }, minReplicas: 1, maxReplicas: 3, targetCPUUtilizationPercentage: 80 }
    const hpa = { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h' }, spec }
    expect(findUnknownFields(v1, hpa)).toEqual([])
    expect(findUnknownFields(v2, hpa)).toEqual(['spec.targetCPUUtilizationPercentage'])
    const metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }]
    const hpa2 = { ...hpa, spec: { scaleTargetRef: spec.scaleTargetRef, maxReplicas: 3, metrics } }
    expect(findUnknownFields(v2, hpa2)).toEqual([])
    expect(findUnknownFields(v1, hpa2)).toEqual(['spec.metrics'])
  })

  it('knows the Scale subresource body and the 1.32 fields', () => {
    const scale = { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'd' }, spec: { replicas: 3 }, status: { replicas: 2, selector: 'a=b' } }
    expect(findUnknownFields({ group: 'autoscaling', version: 'v1', kind: 'Scale' }, scale)).toEqual([])
    const obj = podWith({})
    Object.assign(obj.spec as object, {
      resources: { limits: { cpu: '1' } },
      volumes: [{ name: 'img', image: { reference: 'quay.io/x:1', pullPolicy: 'IfNotPresent' } }],
      resourceClaims: [{ name: 'gpu', resourceClaimName: 'gpu-claim', source: {} }]
    })
    expect(findUnknownFields(pod, obj)).toEqual(['spec.resourceClaims[0].source'])
  })

  it('has nothing to say about a kind without a schema', () => {
    expect(findUnknownFields({ group: 'example.com', version: 'v1', kind: 'Widget' }, { anything: 1 })).toEqual([])
  })
})

describe('strictDecodingErrors', () => {
  it('reports duplicate fields of structs and maps from the raw JSON, interleaved with unknown fields', () => {
    const text = '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d","labels":{"a":"1","a":"2"}},"spec":{"replicas":1,"replicaz":3,"replicas":2}}'
    expect(strictDecodingErrors(deployment, text)).toEqual([
      'duplicate field "metadata.labels.a"',
      'unknown field "spec.replicaz"',
      'duplicate field "spec.replicas"'
    ])
  })

  it('does not look for duplicates inside unknown fields or opaque values', () => {
    const text =
      '{"metadata":{"name":"p","managedFields":[{"manager":"m","fieldsV1":{"f:a":{},"f:a":{}}}]},"spec":{"containers":[{"name":"c","bogus":{"x":1,"x":2}}]}}'
    expect(strictDecodingErrors(pod, text)).toEqual(['unknown field "spec.containers[0].bogus"'])
  })

  it('deduplicates messages and keeps at most 100', () => {
    expect(strictDecodingErrors(pod, '{"spec":{"foo":1,"foo":2}}')).toEqual(['unknown field "spec.foo"'])
    const fields = Array.from({ length: 150 }, (_, i) => `"f${i}":1`).join(',')
    const errors = strictDecodingErrors(pod, `{${fields}}`)
    expect(errors).toHaveLength(maxStrictErrors)
    expect(errors[0]).toBe('unknown field "f0"')
  })

  it('takes decoded objects too (YAML bodies, patched objects), and yields nothing for invalid JSON', () => {
    expect(strictDecodingErrors(pod, podWith({ imagee: 'x' }))).toEqual(['unknown field "spec.containers[0].imagee"'])
    expect(strictDecodingErrors(pod, '{"spec":')).toEqual([])
  })

  it('escapes paths as Go %q does for plain keys', () => {
    expect(strictDecodingErrors(pod, '{"metadata":{"na\\"me":"x"}}')).toEqual(['unknown field "metadata.na\\"me"'])
  })
})

describe('dropUnknownFields', () => {
  it('removes unknown fields in place and returns their paths', () => {
    const obj = podWith({ imagee: 'x' }, { extra: 1 })
    expect(dropUnknownFields(pod, obj)).toEqual(['spec.containers[0].imagee', 'extra'])
    expect(obj).toEqual(podWith({}))
    expect(dropUnknownFields(pod, obj)).toEqual([])
  })
})
