import { describe, expect, it } from 'vitest'
import type { PodTemplateSpec } from 'kubernetes-types/core/v1'
import { fieldErrorString, path } from '../../../main/cluster/apimachinery/field-errors'
import { defaultPodTemplateSpec, validatePodTemplateSpec } from '../../../main/cluster/registry/kinds/pod-spec'
import { imageTag } from '../../../main/cluster/registry/kinds/pod-spec/defaults'
import { isConfigMapKey } from '../../../main/cluster/registry/validation/strings'

describe('pod templates', () => {
  it('get the pod spec defaults but none of the pod-only ones', () => {
    const t: PodTemplateSpec = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27', resources: { limits: { cpu: '1' } } }] } }
    defaultPodTemplateSpec(t)
    expect(t.spec).toEqual({
      containers: [{ name: 'app', image: 'nginx:1.27', imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', resources: { limits: { cpu: '1' } } }],
      dnsPolicy: 'ClusterFirst',
      restartPolicy: 'Always',
      securityContext: {},
      terminationGracePeriodSeconds: 30,
      schedulerName: 'default-scheduler'
    })
  })

  it('report labels at <template>.labels and spec problems under <template>.spec', () => {
    const t: PodTemplateSpec = { metadata: { labels: { app: 'a b' } }, spec: { containers: [{ name: 'app', image: '' }] } }
    defaultPodTemplateSpec(t)
    expect(validatePodTemplateSpec(t, path('spec', 'template')).map(fieldErrorString)).toEqual([
      `spec.template.labels: Invalid value: "a b": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
      'spec.template.spec.containers[0].image: Required value'
    ])
  })

  it('may leave hostPort unset under hostNetwork but not set it differently', () => {
    const t: PodTemplateSpec = { spec: { hostNetwork: true, containers: [{ name: 'app', image: 'x', ports: [{ containerPort: 80 }, { containerPort: 81, hostPort: 82 }] }] } }
    defaultPodTemplateSpec(t)
    expect(validatePodTemplateSpec(t, path('spec', 'template')).map(fieldErrorString)).toEqual([
      'spec.template.spec.containers[0].ports[1].hostPort: Invalid value: 82: must match `containerPort` when `hostNetwork` is true'
    ])
  })
})

describe('image references', () => {
  it.each([
    ['nginx', 'latest'],
    ['nginx:1.27', '1.27'],
    ['localhost:5000/app', 'latest'],
    ['localhost:5000/app:v2', 'v2'],
    ['app@sha256:abc', ''],
    ['app:v1@sha256:abc', 'v1']
  ])('%s has tag %j', (image, tag) => {
    expect(imageTag(image)).toBe(tag)
  })
})

describe('config keys', () => {
  it.each<[string, string[]]>([
    ['app.properties', []],
    ['KEY_NAME', []],
    ['..data', ["must not start with '..'"]],
    ['.', ["must not be '.'"]],
    ['a/b', ["a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"]]
  ])('%j', (key, expected) => {
    expect(isConfigMapKey(key)).toEqual(expected)
  })
})
