import type { PodSpec } from 'kubernetes-types/core/v1'
import { describe, expect, it } from 'vitest'
import { path } from '../../../main/cluster/apimachinery/field-errors'
import { nameLabelWarning, podSpecWarnings } from '../../../main/cluster/registry/kinds/pod-spec/warnings'
import { podWarnings, templateWarnings } from '../../../main/cluster/registry/kinds/pod-spec/write-warnings'

const app = (more: object = {}) => ({ name: 'app', image: 'nginx', ...more })

describe('pod warnings (pkg/api/pod/warnings.go)', () => {
  it('a plain pod has none', () => {
    expect(podSpecWarnings({ containers: [app({ ports: [{ containerPort: 80, protocol: 'TCP' }], env: [{ name: 'A', value: '1' }], resources: { limits: { memory: '64Mi' } } })] }, {})).toEqual([])
  })

  it('deprecated node labels in nodeSelector, node affinity and topology spread, and null label selectors', () => {
    const spec: PodSpec = {
      containers: [app()],
      nodeSelector: { 'beta.kubernetes.io/os': 'linux', 'kubernetes.io/os': 'linux' },
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'failure-domain.beta.kubernetes.io/zone', operator: 'In', values: ['a'] }] }] },
          preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchExpressions: [{ key: 'beta.kubernetes.io/arch', operator: 'Exists' }] } }]
        },
        podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname' }] }
      },
      topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'failure-domain.beta.kubernetes.io/region', whenUnsatisfiable: 'DoNotSchedule' }]
    }
    expect(podSpecWarnings(spec, {}, path('spec', 'template'))).toEqual([
      'spec.template.spec.nodeSelector[beta.kubernetes.io/os]: deprecated since v1.14; use "kubernetes.io/os" instead',
      'spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key: failure-domain.beta.kubernetes.io/zone is deprecated since v1.17; use "topology.kubernetes.io/zone" instead',
      'spec.template.spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions[0].key: beta.kubernetes.io/arch is deprecated since v1.14; use "kubernetes.io/arch" instead',
      'spec.template.spec.topologySpreadConstraints[0].topologyKey: failure-domain.beta.kubernetes.io/region is deprecated since v1.17; use "topology.kubernetes.io/region" instead',
      'spec.template.spec.topologySpreadConstraints[0].labelSelector: a null labelSelector results in matching no pod',
      'spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector: a null labelSelector results in matching no pod'
    ])
  })

  it('millibyte memory, env defined twice, ports defined twice, a hostIP without hostPort, negative grace, a gitRepo volume', () => {
    const spec: PodSpec = {
      terminationGracePeriodSeconds: -5,
      volumes: [{ name: 'src', gitRepo: { repository: 'https://example.com/x.git' } }],
      containers: [
        app({
          resources: { requests: { memory: '128m' }, limits: { memory: '1Gi' } },
          env: [
            { name: 'A', value: '1' },
            { name: 'A', value: '$(A):2' },
            { name: 'A', value: '3' }
          ],
          ports: [
            { containerPort: 80, protocol: 'TCP' },
            { containerPort: 80, protocol: 'TCP' },
            { containerPort: 81, protocol: 'TCP', hostIP: '10.0.0.1' }
          ]
        }),
        app({ name: 'side', ports: [{ containerPort: 80, protocol: 'TCP', hostPort: 8080 }] })
      ]
    }
    expect(podSpecWarnings(spec, {})).toEqual([
      'spec.volumes[0].gitRepo: deprecated in v1.11',
      'spec.containers[0].resources.requests[memory]: fractional byte value "128m" is invalid, must be an integer',
      'spec.containers[0].env[2]: hides previous definition of "A", which may be dropped when using apply',
      'spec.containers[0].ports[1]: duplicate port definition with spec.containers[0].ports[0]',
      'spec.containers[0].ports[2]: hostIP set without hostPort: {Name: HostPort:0 ContainerPort:81 Protocol:TCP HostIP:10.0.0.1}',
      'spec.containers[1].ports[0]: overlapping port definition with spec.containers[0].ports[0]',
      'spec.containers[1].ports[0]: overlapping port definition with spec.containers[0].ports[1]',
      'spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1'
    ])
  })

  it('deprecated annotations: critical-pod, and seccomp without its field', () => {
    const meta = { annotations: { 'scheduler.alpha.kubernetes.io/critical-pod': '', 'seccomp.security.alpha.kubernetes.io/pod': 'runtime/default', 'container.seccomp.security.alpha.kubernetes.io/app': 'runtime/default' } }
    expect(podSpecWarnings({ containers: [app()] }, meta)).toEqual([
      'metadata.annotations[scheduler.alpha.kubernetes.io/critical-pod]: non-functional in v1.16+; use the "priorityClassName" field instead',
      'metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]: non-functional in v1.27+; use the "seccompProfile" field instead',
      'metadata.annotations[container.seccomp.security.alpha.kubernetes.io/app]: non-functional in v1.27+; use the "seccompProfile" field instead'
    ])
  })

  it('a name that is not a DNS label; pods warn on create only, templates on create and when the generation moves', () => {
    expect(nameLabelWarning('my.pod', "the Pod's hostname")).toEqual([
      "metadata.name: this is used in the Pod's hostname, which can result in surprising behavior; a DNS label is recommended: [a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')]"
    ])
    const pod = { metadata: { name: 'p' }, spec: { containers: [app({ resources: { limits: { memory: '1.5' } } })] } }
    expect(podWarnings(pod)).toEqual(['spec.containers[0].resources.limits[memory]: fractional byte value "1500m" is invalid, must be an integer'])
    expect(podWarnings(pod, pod)).toEqual([])
    const deployment = (generation: number) => ({ metadata: { name: 'web', generation }, spec: { template: pod } })
    const warn = templateWarnings<ReturnType<typeof deployment>>(['spec', 'template'], 'Pod names and hostnames')
    const expected = ['spec.template.spec.containers[0].resources.limits[memory]: fractional byte value "1500m" is invalid, must be an integer']
    expect(warn(deployment(1))).toEqual(expected)
    expect(warn(deployment(1), deployment(1))).toEqual([])
    expect(warn(deployment(2), deployment(1))).toEqual(expected)
  })
})
