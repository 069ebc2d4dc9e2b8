import { describe, expect, it } from 'vitest'
import { decodeKubernetesProtobuf } from '../../../../main/cluster/apiserver/protobuf/decode'
import { protobufKinds } from '../../../../main/cluster/apiserver/protobuf/kinds'
import { decodeSpecial } from '../../../../main/cluster/apiserver/protobuf/values'
import { bytes, entry, int, k8sBody, key, msg, objectMeta, str, varint } from './encoder'

/** Decodes a Deployment whose spec is `spec` and returns the object. */
function deployment(spec: Buffer, meta = objectMeta('web')): Record<string, unknown> {
  return decodeKubernetesProtobuf(k8sBody('apps/v1', 'Deployment', Buffer.concat([msg(1, meta), msg(2, spec)]))).object
}

/** Decodes a Deployment whose only container is `container` and returns that container. */
function firstContainer(container: Buffer): Record<string, unknown> {
  const object = deployment(msg(3, msg(2, msg(2, container)))) as {
    spec: { template: { spec: { containers: Record<string, unknown>[] } } }
  }
  return object.spec.template.spec.containers[0]
}

/** Decodes a Deployment whose pod spec is `podSpec` and returns it. */
function podSpecOf(podSpec: Buffer): Record<string, unknown> {
  const object = deployment(msg(3, msg(2, podSpec))) as { spec: { template: { spec: Record<string, unknown> } } }
  return object.spec.template.spec
}

describe('presence: what a zero on the wire becomes', () => {
  it('keeps a pointer field set to zero (replicas: 0) and drops omitempty zeros', () => {
    expect(deployment(Buffer.concat([int(1, 0), int(5, 0), int(7, false)])).spec).toEqual({ replicas: 0 })
  })

  it('keeps set non-zero omitempty scalars', () => {
    expect(deployment(Buffer.concat([int(5, 10), int(7, true)])).spec).toEqual({ minReadySeconds: 10, paused: true })
  })

  it('keeps zero required (non-omitempty) fields: containerPort 0 is sent, not absent', () => {
    expect(firstContainer(Buffer.concat([str(1, ''), msg(6, str(1, ''), int(2, 0), int(3, 0), str(4, ''))]))).toEqual({
      name: '',
      ports: [{ containerPort: 0 }]
    })
  })

  it('emits present messages even when empty, as Go never omits a struct', () => {
    expect(deployment(msg(4)).spec).toEqual({ strategy: {} })
  })

  it('emits a pointer message when present (selector: {})', () => {
    expect(deployment(msg(2)).spec).toEqual({ selector: {} })
  })

  it('leaves out lists and maps that have no items', () => {
    expect(deployment(Buffer.alloc(0), objectMeta('web')).metadata).toEqual({ name: 'web' })
  })
})

describe('special messages', () => {
  const time = (seconds: number, nanos = 0) => Buffer.concat([int(1, seconds), int(2, nanos)])

  it('writes metav1.Time as RFC 3339 at second precision', () => {
    const meta = Buffer.concat([str(1, 'web'), msg(8, time(1764151941, 999_000_000)), msg(9, time(0))])
    expect(deployment(Buffer.alloc(0), meta).metadata).toEqual({
      name: 'web',
      creationTimestamp: '2025-11-26T10:12:21Z',
      // A present Time with seconds 0 is the epoch, not the zero time.
      deletionTimestamp: '1970-01-01T00:00:00Z'
    })
  })

  it('leaves out a zero Time (an empty message)', () => {
    expect(deployment(Buffer.alloc(0), Buffer.concat([str(1, 'web'), msg(8)])).metadata).toEqual({ name: 'web' })
  })

  it('writes MicroTime with six fractional digits and carries nanos into seconds', () => {
    expect(decodeSpecial('MicroTime', time(1764151941, 123_456_789))).toBe('2025-11-26T10:12:21.123456Z')
    expect(decodeSpecial('Time', time(59, 1_500_000_000))).toBe('1970-01-01T00:01:00Z')
    expect(decodeSpecial('Time', time(-1))).toBe('1969-12-31T23:59:59Z')
  })

  it('reads IntOrString as a number or a string', () => {
    const port = (value: Buffer) => msg(1, str(1, 'http'), int(3, 80), msg(4, value))
    const svc = (value: Buffer) =>
      decodeKubernetesProtobuf(k8sBody('v1', 'Service', Buffer.concat([msg(1, objectMeta('s')), msg(2, port(value))])))
        .object as { spec: { ports: Record<string, unknown>[] } }
    expect(svc(Buffer.concat([int(1, 1), int(2, 0), str(3, 'web')])).spec.ports[0].targetPort).toBe('web')
    expect(svc(Buffer.concat([int(1, 0), int(2, 8080), str(3, '')])).spec.ports[0].targetPort).toBe(8080)
    // An unset targetPort (zero IntOrString) is dropped: the server defaults it to port.
    expect(svc(Buffer.concat([int(1, 0), int(2, 0), str(3, '')])).spec.ports[0]).toEqual({ name: 'http', port: 80 })
  })

  it('keeps a pointer IntOrString of zero (maxUnavailable: 0)', () => {
    const strategy = msg(4, str(1, 'RollingUpdate'), msg(2, msg(1, int(1, 0), int(2, 0)), msg(2, int(1, 1), str(3, '25%'))))
    expect(deployment(strategy).spec).toEqual({
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } }
    })
  })

  it('reads Quantity maps as strings', () => {
    const resources = msg(8, msg(1, str(1, 'cpu'), msg(2, str(1, '500m'))), msg(2, str(1, 'memory'), msg(2, str(1, '64Mi'))))
    expect(firstContainer(Buffer.concat([str(1, 'c'), resources]))).toEqual({
      name: 'c',
      resources: { limits: { cpu: '500m' }, requests: { memory: '64Mi' } }
    })
  })

  it('writes a zero Quantity as "0", as Go does for resourceFieldRef.divisor', () => {
    const env = msg(7, str(1, 'CPU'), msg(3, msg(2, str(2, 'limits.cpu'), msg(3))))
    expect(firstContainer(Buffer.concat([str(1, 'c'), env])).env).toEqual([
      { name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '0' } } }
    ])
  })

  it('parses FieldsV1 (and RawExtension) as embedded JSON', () => {
    const managed = msg(17, str(1, 'kubectl'), str(2, 'Update'), str(3, 'apps/v1'), msg(7, str(1, '{"f:spec":{"f:replicas":{}}}')))
    expect(deployment(Buffer.alloc(0), Buffer.concat([str(1, 'web'), managed])).metadata).toEqual({
      name: 'web',
      managedFields: [{ manager: 'kubectl', operation: 'Update', apiVersion: 'apps/v1', fieldsV1: { 'f:spec': { 'f:replicas': {} } } }]
    })
    expect(decodeSpecial('RawExtension', str(1, '[1,"a"]'))).toEqual([1, 'a'])
    expect(decodeSpecial('RawExtension', Buffer.alloc(0))).toBeUndefined()
  })
})

describe('inline (embedded) structs', () => {
  it('merges VolumeSource into Volume and LocalObjectReference into configMap', () => {
    const volume = msg(1, str(1, 'cfg'), msg(2, msg(19, msg(1, str(1, 'app-config')), msg(2, str(1, 'k'), str(2, 'p')))))
    expect(podSpecOf(volume)).toEqual({
      volumes: [{ name: 'cfg', configMap: { name: 'app-config', items: [{ key: 'k', path: 'p' }] } }]
    })
  })

  it('merges ProbeHandler into Probe', () => {
    const probe = msg(10, msg(1, msg(2, str(1, '/healthz'), msg(2, int(1, 0), int(2, 8080)))), int(2, 5), int(3, 0))
    expect(firstContainer(Buffer.concat([str(1, 'c'), probe])).livenessProbe).toEqual({
      httpGet: { path: '/healthz', port: 8080 },
      initialDelaySeconds: 5
    })
  })

  it('merges the name of a secretKeyRef', () => {
    const env = msg(7, str(1, 'PASSWORD'), msg(3, msg(4, msg(1, str(1, 'db')), str(2, 'password'))))
    expect(firstContainer(Buffer.concat([str(1, 'c'), env])).env).toEqual([
      { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }
    ])
  })
})

describe('wire details', () => {
  it('reports fields the tables do not know, with their path, and skips them', () => {
    const volume = msg(1, str(1, 'disk'), msg(2, msg(3, str(1, 'pd-1'))))
    const body = k8sBody(
      'apps/v1',
      'Deployment',
      Buffer.concat([msg(1, objectMeta('web')), msg(2, msg(3, msg(2, volume))), int(99, 7)])
    )
    const decoded = decodeKubernetesProtobuf(body)
    expect((decoded.object as { spec: unknown }).spec).toEqual({ template: { spec: { volumes: [{ name: 'disk' }] } } })
    // Nested messages are decoded after their parent's own fields are read.
    expect(decoded.unknownFields).toEqual([
      '(root): field 99 of k8s.io.api.apps.v1.Deployment',
      'spec.template.spec.volumes[0]: field 3 of k8s.io.api.core.v1.VolumeSource'
    ])
  })

  it('lists at most a hundred unknown fields', () => {
    const raw = Buffer.concat(Array.from({ length: 500 }, (_, i) => int(100 + i, 1)))
    const decoded = decodeKubernetesProtobuf(k8sBody('v1', 'Namespace', raw))
    expect(decoded.unknownFields).toHaveLength(100)
    expect(decoded.object).toEqual({ kind: 'Namespace', apiVersion: 'v1' })
  })

  it('reads negative int32 and int64 (ten-byte varints)', () => {
    const body = k8sBody('scheduling.k8s.io/v1', 'PriorityClass', Buffer.concat([msg(1, objectMeta('low')), int(2, -5)]))
    expect(varint(-5)).toHaveLength(10)
    expect(decodeKubernetesProtobuf(body).object).toMatchObject({ value: -5 })
    const security = msg(14, int(2, -1))
    expect(podSpecOf(security)).toEqual({ securityContext: { runAsUser: -1 } })
  })

  it('accepts repeated numbers packed or not', () => {
    const unpacked = msg(14, int(4, 1000), int(4, 2000))
    const packed = msg(14, bytes(4, Buffer.concat([varint(1000), varint(2000)])))
    expect(podSpecOf(unpacked)).toEqual({ securityContext: { supplementalGroups: [1000, 2000] } })
    expect(podSpecOf(packed)).toEqual(podSpecOf(unpacked))
  })

  it('merges a message field sent twice, as protobuf does', () => {
    expect(deployment(Buffer.concat([int(1, 2), int(5, 3)]))).toMatchObject({ spec: { replicas: 2, minReadySeconds: 3 } })
    const twice = k8sBody(
      'apps/v1',
      'Deployment',
      Buffer.concat([msg(2, int(1, 2)), msg(2, int(5, 3), int(1, 4))])
    )
    expect(decodeKubernetesProtobuf(twice).object).toEqual({
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      spec: { replicas: 4, minReadySeconds: 3 }
    })
  })

  it('keeps the last value of a repeated map key and never touches the prototype', () => {
    const meta = Buffer.concat([str(1, 'web'), entry(11, 'a', '1'), entry(11, 'a', '2'), entry(11, '__proto__', 'x')])
    const labels = deployment(Buffer.alloc(0), meta).metadata as Record<string, unknown> & { labels: object }
    expect(Object.getPrototypeOf(labels.labels)).toBe(Object.prototype)
    expect(Object.entries(labels.labels)).toEqual([
      ['a', '2'],
      ['__proto__', 'x']
    ])
  })

  it('gives a map entry without a value the zero value', () => {
    const body = k8sBody('v1', 'Secret', Buffer.concat([msg(1, objectMeta('s')), msg(2, str(1, 'empty')), msg(4, str(1, 'e'))]))
    expect(decodeKubernetesProtobuf(body).object).toMatchObject({ data: { empty: '' }, stringData: { e: '' } })
  })

  it('base64-encodes binary values and decodes UTF-8 strings', () => {
    const body = k8sBody(
      'v1',
      'ConfigMap',
      Buffer.concat([
        msg(1, objectMeta('cm')),
        entry(2, 'greeting', 'héllo ✓'),
        msg(3, str(1, 'blob'), bytes(2, Buffer.from([0, 1, 0xff])))
      ])
    )
    expect(decodeKubernetesProtobuf(body).object).toMatchObject({
      data: { greeting: 'héllo ✓' },
      binaryData: { blob: 'AAH/' }
    })
  })

  it('skips unknown fields of runtime.Unknown and TypeMeta', () => {
    const body = Buffer.concat([
      Buffer.from('k8s\0', 'latin1'),
      msg(1, str(1, 'v1'), int(9, 1), str(2, 'Namespace')),
      msg(2, msg(1, str(1, 'foo'))),
      key(7, 5),
      Buffer.alloc(4)
    ])
    expect(decodeKubernetesProtobuf(body).object).toEqual({ kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'foo' } })
  })
})

describe('registered kinds', () => {
  it('covers every kind kubectl create and autoscale send as protobuf', () => {
    const kinds = protobufKinds().map(({ apiVersion, kind }) => `${apiVersion} ${kind}`)
    expect(kinds).toEqual(
      expect.arrayContaining([
        'v1 Namespace',
        'v1 ConfigMap',
        'v1 Secret',
        'v1 Service',
        'v1 ServiceAccount',
        'v1 ResourceQuota',
        'apps/v1 Deployment',
        'batch/v1 Job',
        'batch/v1 CronJob',
        'autoscaling/v1 HorizontalPodAutoscaler',
        'rbac.authorization.k8s.io/v1 Role',
        'rbac.authorization.k8s.io/v1 ClusterRole',
        'rbac.authorization.k8s.io/v1 RoleBinding',
        'rbac.authorization.k8s.io/v1 ClusterRoleBinding',
        'policy/v1 PodDisruptionBudget',
        'networking.k8s.io/v1 Ingress',
        'scheduling.k8s.io/v1 PriorityClass'
      ])
    )
  })
})
