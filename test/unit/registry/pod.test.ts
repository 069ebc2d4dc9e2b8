import { describe, expect, it } from 'vitest'
import type { Pod } from 'kubernetes-types/core/v1'
import { fieldErrorString } from '../../../main/cluster/apimachinery/field-errors'
import { podDefinition as def, podQOSClass } from '../../../main/cluster/registry/kinds/pod'

/** A pod as a user writes it. */
function pod(spec: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', ...meta },
    spec: { containers: [{ name: 'app', image: 'nginx:1.27' }], ...spec }
  } as Pod
}

/** What the create pipeline does before storing: defaults, strategy, validation. */
function create(p: Pod): { obj: Pod; errors: string[] } {
  const obj = structuredClone(p)
  def.defaults(obj)
  def.prepareForCreate!(obj)
  return { obj, errors: def.validate(obj).map(fieldErrorString) }
}

/** An update of a stored pod: defaults and strategy on the new object, then update validation. */
function update(old: Pod, change: (p: Pod) => void): string[] {
  const obj = structuredClone(old)
  change(obj)
  def.defaults(obj)
  def.prepareForUpdate!(obj, old)
  return def.validateUpdate!(obj, old).map(fieldErrorString)
}

const stored = create(pod()).obj
const updatable =
  'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)'

describe('Pod names and discovery', () => {
  it('is served as pods/po in the core group, in category all, with status', () => {
    expect([def.group, def.version, def.kind, def.plural, def.singular]).toEqual(['', 'v1', 'Pod', 'pods', 'pod'])
    expect(def.shortNames).toEqual(['po'])
    expect(def.categories).toEqual(['all'])
    expect(def.namespaced).toBe(true)
    expect(def.hasStatus).toBe(true)
  })
})

describe('Pod defaults', () => {
  it('fills a minimal pod as a kubeadm cluster returns it', () => {
    const { obj, errors } = create(pod())
    expect(errors).toEqual([])
    expect(obj.spec).toEqual({
      containers: [
        {
          name: 'app',
          image: 'nginx:1.27',
          imagePullPolicy: 'IfNotPresent',
          resources: {},
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File'
        }
      ],
      dnsPolicy: 'ClusterFirst',
      restartPolicy: 'Always',
      securityContext: {},
      terminationGracePeriodSeconds: 30,
      schedulerName: 'default-scheduler',
      enableServiceLinks: true,
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }
      ]
    })
    expect(obj.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' })
  })

  it.each([
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['nginx:1.27', 'IfNotPresent'],
    ['registry.k8s.io:5000/pause', 'Always'],
    ['registry.k8s.io:5000/pause:3.10', 'IfNotPresent'],
    ['nginx@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31', 'IfNotPresent']
  ])('pulls %s with %s', (image, policy) => {
    const { obj } = create(pod({ containers: [{ name: 'app', image }] }))
    expect(obj.spec!.containers[0].imagePullPolicy).toBe(policy)
  })

  it('keeps an imagePullPolicy that was given', () => {
    expect(create(pod({ containers: [{ name: 'app', image: 'nginx', imagePullPolicy: 'Never' }] })).obj.spec!.containers[0].imagePullPolicy).toBe('Never')
  })

  it('defaults container ports to TCP and probes to Kubernetes timings', () => {
    const { obj } = create(
      pod({ containers: [{ name: 'app', image: 'nginx:1', ports: [{ containerPort: 80 }], readinessProbe: { httpGet: { port: 80 } }, livenessProbe: { tcpSocket: { port: 80 } } }] })
    )
    const c = obj.spec!.containers[0]
    expect(c.ports).toEqual([{ containerPort: 80, protocol: 'TCP' }])
    expect(c.readinessProbe).toEqual({ httpGet: { port: 80, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 })
    expect(c.livenessProbe).toEqual({ tcpSocket: { port: 80 }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 })
  })

  it('defaults volume sources and modes', () => {
    const { obj } = create(
      pod({
        volumes: [{ name: 'scratch' }, { name: 's', secret: { secretName: 'tls' } }, { name: 'c', configMap: { name: 'cfg' } }, { name: 'h', hostPath: { path: '/data' } }]
      })
    )
    expect(obj.spec!.volumes).toEqual([
      { name: 'scratch', emptyDir: {} },
      { name: 's', secret: { secretName: 'tls', defaultMode: 420 } },
      { name: 'c', configMap: { name: 'cfg', defaultMode: 420 } },
      { name: 'h', hostPath: { path: '/data', type: '' } }
    ])
  })

  it('copies limits into missing requests and writes quantities canonically', () => {
    const { obj } = create(pod({ containers: [{ name: 'app', image: 'nginx:1', resources: { limits: { cpu: '0.5', memory: '1024Mi' }, requests: { cpu: '100m' } } }] }))
    expect(obj.spec!.containers[0].resources).toEqual({ limits: { cpu: '500m', memory: '1Gi' }, requests: { cpu: '100m', memory: '1Gi' } })
  })

  it('keeps tolerations that already cover not-ready and unreachable', () => {
    const { obj } = create(pod({ tolerations: [{ operator: 'Exists' }] }))
    expect(obj.spec!.tolerations).toEqual([{ operator: 'Exists' }])
  })

  it('gives hostNetwork pods hostPorts equal to their containerPorts', () => {
    const { obj } = create(pod({ hostNetwork: true, containers: [{ name: 'app', image: 'nginx:1', ports: [{ containerPort: 8080 }] }] }))
    expect(obj.spec!.containers[0].ports).toEqual([{ containerPort: 8080, hostPort: 8080, protocol: 'TCP' }])
  })

  it('does not give mirror pods a service account', () => {
    const { obj } = create(pod({ nodeName: 'node-1' }, { annotations: { 'kubernetes.io/config.mirror': 'abc' } }))
    expect(obj.spec!.serviceAccountName).toBeUndefined()
  })

  it('replaces any client-sent status with Pending', () => {
    const p = pod() as Pod & { status: unknown }
    p.status = { phase: 'Running', podIP: '10.0.0.1' }
    expect(create(p).obj.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' })
  })
})

describe('Pod QoS class', () => {
  const c = (resources: object) => ({ name: 'app', image: 'nginx:1', resources })
  it.each([
    ['BestEffort', [c({})]],
    ['Burstable', [c({ requests: { cpu: '100m' } })]],
    ['Burstable', [c({ limits: { cpu: '1' } })]],
    ['Guaranteed', [c({ limits: { cpu: '1', memory: '1Gi' } })]],
    ['Guaranteed', [c({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1000m', memory: '1024Mi' } })]],
    ['Burstable', [c({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m' } })]],
    ['Burstable', [c({ limits: { cpu: '1', memory: '1Gi' } }), c({})]]
  ])('%s for %j', (qos, containers) => {
    const spec = structuredClone({ containers }) as Pod['spec'] & object
    def.defaults({ metadata: {}, spec } as Pod)
    expect(podQOSClass(spec)).toBe(qos)
  })
})

describe('Pod validation', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>, string[]]>([
    ['no containers', { containers: [] }, {}, ['spec.containers: Required value']],
    ['nameless, imageless container', { containers: [{}] }, {}, ['spec.containers[0].name: Required value', 'spec.containers[0].image: Required value']],
    [
      'container name not a DNS label',
      { containers: [{ name: 'App_1', image: 'nginx' }] },
      {},
      [
        `spec.containers[0].name: Invalid value: "App_1": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`
      ]
    ],
    [
      'duplicate container names',
      { containers: [{ name: 'app', image: 'a' }, { name: 'app', image: 'b' }] },
      {},
      ['spec.containers[1].name: Duplicate value: "app"']
    ],
    [
      'init container named like a container',
      { initContainers: [{ name: 'app', image: 'busybox' }] },
      {},
      ['spec.initContainers[0].name: Duplicate value: "app"']
    ],
    [
      'bad restart and dns policies',
      { restartPolicy: 'Sometimes', dnsPolicy: 'Google' },
      {},
      [
        'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
        'spec.dnsPolicy: Unsupported value: "Google": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"'
      ]
    ],
    [
      'bad pull policy',
      { containers: [{ name: 'app', image: 'nginx', imagePullPolicy: 'Sometimes' }] },
      {},
      ['spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"']
    ],
    [
      'port out of range and unknown protocol',
      { containers: [{ name: 'app', image: 'nginx', ports: [{ containerPort: 70000, protocol: 'ICMP' }] }] },
      {},
      [
        'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
        'spec.containers[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"'
      ]
    ],
    [
      'missing containerPort',
      { containers: [{ name: 'app', image: 'nginx', ports: [{ name: 'http' }] }] },
      {},
      ['spec.containers[0].ports[0].containerPort: Required value']
    ],
    [
      'duplicate port names',
      { containers: [{ name: 'app', image: 'nginx', ports: [{ name: 'http', containerPort: 80 }, { name: 'http', containerPort: 81 }] }] },
      {},
      ['spec.containers[0].ports[1].name: Duplicate value: "http"']
    ],
    [
      'port name too long',
      { containers: [{ name: 'app', image: 'nginx', ports: [{ name: 'a-very-long-port-name', containerPort: 80 }] }] },
      {},
      ['spec.containers[0].ports[0].name: Invalid value: "a-very-long-port-name": must be no more than 15 characters']
    ],
    [
      'request above limit',
      { containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '2' }, limits: { cpu: '1' } } }] },
      {},
      ['spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1']
    ],
    [
      'memory request above limit',
      { containers: [{ name: 'app', image: 'nginx', resources: { requests: { memory: '2Gi' }, limits: { memory: '1Gi' } } }] },
      {},
      ['spec.containers[0].resources.requests: Invalid value: "2Gi": must be less than or equal to memory limit of 1Gi']
    ],
    [
      'a quantity that is not one',
      { containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: 'abc' } } }] },
      {},
      [`spec.containers[0].resources.requests[cpu]: Invalid value: "abc": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`]
    ],
    [
      'negative quantity',
      { containers: [{ name: 'app', image: 'nginx', resources: { requests: { memory: '-1Gi' } } }] },
      {},
      ['spec.containers[0].resources.requests[memory]: Invalid value: "-1Gi": must be greater than or equal to 0']
    ],
    [
      'unknown resource name',
      { containers: [{ name: 'app', image: 'nginx', resources: { limits: { gpu: '1' } } }] },
      {},
      // Pods copy limits into requests first, so the request is reported too.
      [
        'spec.containers[0].resources.limits[gpu]: Invalid value: "gpu": must be a standard resource for containers',
        'spec.containers[0].resources.requests[gpu]: Invalid value: "gpu": must be a standard resource for containers'
      ]
    ],
    [
      'extended resource request without limit',
      { containers: [{ name: 'app', image: 'nginx', resources: { requests: { 'example.com/gpu': '1' } } }] },
      {},
      ['spec.containers[0].resources.limits: Required value: Limit must be set for non overcommitable resources']
    ],
    [
      'env var without a name and a valueFrom with nothing in it',
      { containers: [{ name: 'app', image: 'nginx', env: [{ value: 'x' }, { name: 'A', valueFrom: {} }] }] },
      {},
      [
        'spec.containers[0].env[0].name: Required value',
        'spec.containers[0].env[1].valueFrom: Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'
      ]
    ],
    [
      'env from an unknown pod field',
      { containers: [{ name: 'app', image: 'nginx', env: [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'spec.host' } } }] }] },
      {},
      [
        'spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Unsupported value: "spec.host": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"'
      ]
    ],
    [
      'volume mount of an unknown volume',
      { containers: [{ name: 'app', image: 'nginx', volumeMounts: [{ name: 'data', mountPath: '/data' }] }] },
      {},
      ['spec.containers[0].volumeMounts[0].name: Not found: "data"']
    ],
    [
      'volume with two sources',
      { volumes: [{ name: 'v', emptyDir: {}, hostPath: { path: '/x' } }] },
      {},
      ['spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type']
    ],
    [
      'duplicate volume names',
      { volumes: [{ name: 'v', emptyDir: {} }, { name: 'v', emptyDir: {} }] },
      {},
      ['spec.volumes[1].name: Duplicate value: "v"']
    ],
    [
      'secret volume without a secret name',
      { volumes: [{ name: 'v', secret: {} }] },
      {},
      ['spec.volumes[0].secret.secretName: Required value']
    ],
    [
      'probe with no handler and a liveness successThreshold',
      { containers: [{ name: 'app', image: 'nginx', livenessProbe: { successThreshold: 2 } }] },
      {},
      ['spec.containers[0].livenessProbe: Required value: must specify a handler type', 'spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1']
    ],
    [
      'negative grace period is allowed, activeDeadlineSeconds 0 is not',
      { terminationGracePeriodSeconds: -1, activeDeadlineSeconds: 0 },
      {},
      ['spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive']
    ],
    [
      'toleration with a value and Exists',
      { tolerations: [{ key: 'k', operator: 'Exists', value: 'v' }] },
      {},
      ['spec.tolerations[0].operator: Invalid value: "v": value must be empty when `operator` is \'Exists\'']
    ],
    [
      'tolerationSeconds without NoExecute',
      { tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 5 }] },
      {},
      ['spec.tolerations[0].effect: Invalid value: "NoSchedule": effect must be \'NoExecute\' when `tolerationSeconds` is set']
    ],
    [
      'nodeSelector with a bad label value',
      { nodeSelector: { disk: 'ssd!' } },
      {},
      [
        `spec.nodeSelector: Invalid value: "ssd!": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`
      ]
    ],
    [
      'image with surrounding spaces',
      { containers: [{ name: 'app', image: ' nginx ' }] },
      {},
      ['spec.containers[0].image: Invalid value: " nginx ": must not have leading or trailing whitespace']
    ],
    [
      'ephemeral containers on create',
      { ephemeralContainers: [{ name: 'debug', image: 'busybox' }] },
      {},
      ['spec.ephemeralContainers: Forbidden: cannot be set on create']
    ],
    [
      'dnsPolicy None without dnsConfig',
      { dnsPolicy: 'None' },
      {},
      ['spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None']
    ],
    [
      'hostPort conflict',
      { containers: [{ name: 'a', image: 'x', ports: [{ containerPort: 80, hostPort: 8080 }] }, { name: 'b', image: 'y', ports: [{ containerPort: 81, hostPort: 8080 }] }] },
      {},
      ['spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//8080"']
    ],
    [
      'topology spread with no skew, no key and an unknown action',
      { topologySpreadConstraints: [{ maxSkew: 0, topologyKey: '', whenUnsatisfiable: 'Maybe', labelSelector: { matchLabels: { app: 'web' } } }] },
      {},
      [
        'spec.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero',
        'spec.topologySpreadConstraints[0].topologyKey: Required value: can not be empty',
        'spec.topologySpreadConstraints[0].whenUnsatisfiable: Unsupported value: "Maybe": supported values: "DoNotSchedule", "ScheduleAnyway"'
      ]
    ],
    [
      'two spread constraints on the same key and action',
      {
        topologySpreadConstraints: [
          { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' },
          { maxSkew: 2, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' }
        ]
      },
      {},
      ['spec.topologySpreadConstraints[0].{topologyKey, whenUnsatisfiable}: Duplicate value: "{zone, DoNotSchedule}"']
    ],
    [
      'anti-affinity weight out of range',
      {
        affinity: {
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 101, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'web' } } } }]
          }
        }
      },
      {},
      ['spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 101: must be in the range 1-100']
    ],
    [
      'node affinity with an unknown operator',
      { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'disk', operator: 'Is', values: ['ssd'] }] }] } } } },
      {},
      ['spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator: Invalid value: "Is": not a valid selector operator']
    ],
    [
      'mirror pod without a node',
      {},
      { annotations: { 'kubernetes.io/config.mirror': 'x' } },
      ['metadata.annotations[kubernetes.io/config.mirror]: Invalid value: "x": must set spec.nodeName if mirror pod annotation is set']
    ]
  ])('%s', (_name, spec, meta, expected) => {
    expect(create(pod(spec, meta)).errors).toEqual(expected)
  })

  it('reports metadata before spec', () => {
    const { errors } = create(pod({ containers: [] }, { name: 'Web' }))
    expect(errors[0]).toMatch(/^metadata\.name: Invalid value: "Web"/)
    expect(errors[1]).toBe('spec.containers: Required value')
  })

  it('accepts a realistic pod', () => {
    const { errors } = create(
      pod({
        volumes: [{ name: 'data', emptyDir: {} }, { name: 'cfg', configMap: { name: 'web-config' } }],
        containers: [
          {
            name: 'web',
            image: 'nginx:1.27',
            ports: [{ name: 'http', containerPort: 80 }],
            env: [{ name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }, { name: 'MODE', value: 'prod' }],
            resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } },
            volumeMounts: [{ name: 'data', mountPath: '/usr/share/nginx/html' }, { name: 'cfg', mountPath: '/etc/nginx/conf.d', readOnly: true }],
            readinessProbe: { httpGet: { path: '/', port: 'http' } }
          }
        ],
        initContainers: [{ name: 'init', image: 'busybox:1.36', command: ['sh', '-c', 'true'] }],
        nodeSelector: { 'kubernetes.io/os': 'linux' }
      })
    )
    expect(errors).toEqual([])
  })
})

describe('Pod updates', () => {
  it('may change the image', () => {
    expect(update(stored, (p) => (p.spec!.containers[0].image = 'nginx:1.28'))).toEqual([])
  })

  it('may add tolerations', () => {
    expect(update(stored, (p) => p.spec!.tolerations!.push({ key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' }))).toEqual([])
  })

  it('may not change or remove a toleration', () => {
    const tolerant = create(pod({ tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' }] })).obj
    expect(update(tolerant, (p) => (p.spec!.tolerations![0].value = 'db'))).toEqual([
      'spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds'
    ])
    expect(update(tolerant, (p) => p.spec!.tolerations!.shift())).toEqual([
      'spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds'
    ])
  })

  it('may change the tolerationSeconds of an existing toleration', () => {
    expect(update(stored, (p) => (p.spec!.tolerations![0].tolerationSeconds = 60))).toEqual([])
  })

  it('may set and lower activeDeadlineSeconds, not raise or unset it', () => {
    const withDeadline = structuredClone(stored)
    withDeadline.spec!.activeDeadlineSeconds = 60
    expect(update(stored, (p) => (p.spec!.activeDeadlineSeconds = 60))).toEqual([])
    expect(update(withDeadline, (p) => (p.spec!.activeDeadlineSeconds = 30))).toEqual([])
    expect(update(withDeadline, (p) => (p.spec!.activeDeadlineSeconds = 120))).toEqual(['spec.activeDeadlineSeconds: Invalid value: 120: must be less than or equal to previous value'])
    expect(update(withDeadline, (p) => delete p.spec!.activeDeadlineSeconds)).toEqual(['spec.activeDeadlineSeconds: Invalid value: null: must not update from a positive integer to nil value'])
  })

  it('may not change anything else', () => {
    const errors = update(stored, (p) => (p.spec!.containers[0].ports = [{ containerPort: 8080 }]))
    expect(errors).toHaveLength(1)
    expect(errors[0].startsWith(updatable + '\n')).toBe(true)
  })

  it('may not move the pod to another node by update', () => {
    const errors = update(stored, (p) => (p.spec!.nodeName = 'node-2'))
    expect(errors[0].split('\n')[0]).toBe(updatable)
    expect(errors[0]).toContain('NodeName: "node-2"')
  })

  it('may add node selector entries while scheduling gates hold the pod, but not change them', () => {
    const gated = create(pod({ schedulingGates: [{ name: 'example.com/quota' }], nodeSelector: { disk: 'ssd' } })).obj
    expect(update(gated, (p) => (p.spec!.nodeSelector = { disk: 'ssd', zone: 'a' }))).toEqual([])
    expect(update(gated, (p) => (p.spec!.nodeSelector = { disk: 'hdd' }))).toEqual([
      'spec.nodeSelector: Invalid value: {"disk":"hdd"}: only additions to spec.nodeSelector are allowed (no mutations or deletions)'
    ])
    expect(update(gated, (p) => (p.spec!.schedulingGates = []))).toEqual([])
    expect(update(gated, (p) => p.spec!.schedulingGates!.push({ name: 'example.com/other' }))).toEqual([
      "spec.schedulingGates[1].name: Forbidden: only deletion is allowed, but found new scheduling gate 'example.com/other'"
    ])
  })

  it('may not add or remove containers', () => {
    expect(update(stored, (p) => p.spec!.containers.push({ name: 'sidecar', image: 'envoy:1' }))).toEqual([
      'spec.containers: Forbidden: pod updates may not add or remove containers'
    ])
  })

  it('reports a missing image once', () => {
    expect(update(stored, (p) => (p.spec!.containers[0].image = ''))).toEqual(['spec.containers[0].image: Required value'])
  })

  it('keeps the status through a spec update', () => {
    const running = structuredClone(stored) as Pod & { status: object }
    running.status = { phase: 'Running', qosClass: 'BestEffort' }
    const obj = structuredClone(running)
    ;(obj as { status: unknown }).status = { phase: 'Failed' }
    def.prepareForUpdate!(obj, running)
    expect(obj.status).toEqual({ phase: 'Running', qosClass: 'BestEffort' })
  })

  it('may not change the QoS class through status', () => {
    const next = structuredClone(stored) as Pod & { status: { qosClass: string } }
    next.status.qosClass = 'Guaranteed'
    expect(def.validateStatusUpdate!(next, stored).map(fieldErrorString)).toEqual(['status.qosClass: Invalid value: "Guaranteed": field is immutable'])
  })

  it('may not bring a terminated container back under restartPolicy Never', () => {
    const old = structuredClone(stored) as Pod
    old.spec!.restartPolicy = 'Never'
    ;(old as { status: object }).status = { phase: 'Failed', containerStatuses: [{ name: 'app', state: { terminated: { exitCode: 1 } } }] }
    const next = structuredClone(old)
    ;(next as { status: object }).status = { phase: 'Running', containerStatuses: [{ name: 'app', state: { running: {} } }] }
    expect(def.validateStatusUpdate!(next, old).map(fieldErrorString)).toEqual(['status.containerStatuses[0].state: Forbidden: may not be transitioned to non-terminated state'])
  })
})

describe('Pod graceful deletion', () => {
  const scheduled = structuredClone(stored)
  scheduled.spec!.nodeName = 'node-1'
  it.each<[string, Pod, number | undefined, number]>([
    ['scheduled, default grace', scheduled, undefined, 30],
    ['scheduled, requested 5', scheduled, 5, 5],
    ['scheduled, requested 0', scheduled, 0, 0],
    ['scheduled, negative requested', scheduled, -3, 1],
    ['not scheduled', stored, undefined, 0],
    ['finished', { ...scheduled, status: { phase: 'Succeeded' } }, undefined, 0]
  ])('%s', (_n, p, requested, expected) => {
    expect(def.gracefulDeleteSeconds!(p, requested)).toBe(expected)
  })
})

describe('Pod field selectors', () => {
  it('exposes the fields kubectl can select on', () => {
    const p = structuredClone(stored) as Pod & { status: object }
    p.spec!.nodeName = 'node-1'
    p.spec!.serviceAccountName = 'default'
    p.status = { phase: 'Running', podIP: '10.244.1.5', podIPs: [{ ip: '10.244.1.5' }] }
    expect(def.selectableFields!(p)).toEqual({
      'spec.nodeName': 'node-1',
      'spec.restartPolicy': 'Always',
      'spec.schedulerName': 'default-scheduler',
      'spec.serviceAccountName': 'default',
      'spec.hostNetwork': 'false',
      'status.phase': 'Running',
      'status.podIP': '10.244.1.5',
      'status.nominatedNodeName': ''
    })
  })
})
