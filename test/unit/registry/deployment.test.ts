import { describe, expect, it } from 'vitest'
import type { Deployment } from 'kubernetes-types/apps/v1'
import { fieldErrorString } from '../../../main/cluster/apimachinery/field-errors'
import { deploymentDefinition as def } from '../../../main/cluster/registry/kinds/deployment'

/** A Deployment as a user writes it; `spec` entries replace the defaults here. */
function deployment(spec: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', ...meta },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } },
      ...spec
    }
  } as Deployment
}

/** What the create pipeline does before storing: defaults, strategy, validation. */
function create(d: Deployment): { obj: Deployment; errors: string[] } {
  const obj = structuredClone(d)
  def.defaults(obj)
  def.prepareForCreate!(obj)
  return { obj, errors: def.validate(obj).map(fieldErrorString) }
}

function errorsOf(spec: Record<string, unknown>, meta: Record<string, unknown> = {}): string[] {
  return create(deployment(spec, meta)).errors
}

/** An update of a stored object: defaults and strategy on the new object, then update validation. */
function update(old: Deployment, change: (d: Deployment) => void): { obj: Deployment; errors: string[] } {
  const obj = structuredClone(old)
  change(obj)
  def.defaults(obj)
  def.prepareForUpdate!(obj, old)
  return { obj, errors: def.validateUpdate!(obj, old).map(fieldErrorString) }
}

const stored = create(deployment()).obj
const template = deployment().spec!.template

describe('Deployment names and discovery', () => {
  it('is served as deployments/deploy in apps/v1, in category all, with status and scale', () => {
    expect([def.group, def.version, def.kind, def.plural, def.singular]).toEqual(['apps', 'v1', 'Deployment', 'deployments', 'deployment'])
    expect(def.shortNames).toEqual(['deploy'])
    expect(def.categories).toEqual(['all'])
    expect(def.namespaced).toBe(true)
    expect(def.hasStatus).toBe(true)
    expect(def.tracksGeneration).toBe(true)
    expect(def.scale).toEqual({ specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.spec.selector' })
  })
})

describe('Deployment defaults', () => {
  it('fills a minimal deployment as kubectl get -o yaml shows it', () => {
    const { obj, errors } = create(deployment())
    expect(errors).toEqual([])
    expect(obj.spec).toEqual({
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      template: {
        metadata: { creationTimestamp: null, labels: { app: 'web' } },
        spec: {
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
          restartPolicy: 'Always',
          terminationGracePeriodSeconds: 30,
          dnsPolicy: 'ClusterFirst',
          securityContext: {},
          schedulerName: 'default-scheduler'
        }
      }
    })
    expect(obj.status).toEqual({})
  })

  it.each([
    ['keeps given values', { replicas: 3, revisionHistoryLimit: 2, progressDeadlineSeconds: 60 }, { replicas: 3, revisionHistoryLimit: 2, progressDeadlineSeconds: 60 }],
    ['keeps zero replicas', { replicas: 0 }, { replicas: 0 }],
    ['fills only the missing rolling-update knob', { strategy: { rollingUpdate: { maxSurge: 1 } } }, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '25%' } } }],
    ['adds no rollingUpdate to Recreate', { strategy: { type: 'Recreate' } }, { strategy: { type: 'Recreate' } }]
  ])('%s', (_name, spec, expected) => {
    const { obj, errors } = create(deployment(spec))
    expect(errors).toEqual([])
    expect(obj.spec).toMatchObject(expected)
  })

  it('clears a status sent on create', () => {
    expect(create({ ...deployment(), status: { replicas: 5, readyReplicas: 5 } }).obj.status).toEqual({})
  })
})

describe('Deployment validation', () => {
  const mismatch = 'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`'
  it.each<[string, Record<string, unknown>, string[]]>([
    ['negative replicas', { replicas: -1 }, ['spec.replicas: Invalid value: -1: must be greater than or equal to 0']],
    ['no selector', { selector: undefined }, ['spec.selector: Required value', mismatch]],
    ['a selector the template does not match', { selector: { matchLabels: { app: 'api' } } }, [mismatch]],
    [
      'template labels with several keys, printed sorted as Go does',
      { selector: { matchLabels: { app: 'api' } }, template: { ...template, metadata: { labels: { tier: 'fe', app: 'web' } } } },
      ['spec.template.metadata.labels: Invalid value: map[string]string{"app":"web", "tier":"fe"}: `selector` does not match template `labels`']
    ],
    [
      'a template without labels',
      { template: { spec: template!.spec } },
      ['spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`']
    ],
    [
      'an empty selector',
      { selector: {} },
      ['spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment']
    ],
    [
      'a selector expression without values',
      { selector: { matchExpressions: [{ key: 'app', operator: 'In' }] } },
      [
        "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
        'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"app", Operator:"In", Values:[]string(nil)}}}: invalid label selector'
      ]
    ],
    ['a matching set-based selector', { selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }] } }, []],
    [
      'a pod that would not restart',
      { template: { ...template, spec: { ...template!.spec, restartPolicy: 'Never' } } },
      ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"']
    ],
    [
      'an active deadline (Deployments use the ReplicaSet template rules and message)',
      { template: { ...template, spec: { ...template!.spec, activeDeadlineSeconds: 30 } } },
      ['spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported']
    ],
    ['a template without containers', { template: { metadata: template!.metadata, spec: { containers: [] } } }, ['spec.template.spec.containers: Required value']],
    [
      'maxSurge and maxUnavailable both zero',
      { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: '0%' } } },
      ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"0%"}: may not be 0 when `maxSurge` is 0']
    ],
    [
      'maxSurge and maxUnavailable both integer zero',
      { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } },
      ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0']
    ],
    [
      'maxUnavailable over 100%',
      { strategy: { rollingUpdate: { maxUnavailable: '150%' } } },
      ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"150%"}: must not be greater than 100%']
    ],
    ['maxSurge over 100% (allowed)', { strategy: { rollingUpdate: { maxSurge: '200%' } } }, []],
    [
      'a maxSurge that is no percentage',
      { strategy: { rollingUpdate: { maxSurge: 'abc' } } },
      [
        "spec.strategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"abc\"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"
      ]
    ],
    ['a negative maxSurge', { strategy: { rollingUpdate: { maxSurge: -1 } } }, ['spec.strategy.rollingUpdate.maxSurge: Invalid value: -1: must be greater than or equal to 0']],
    [
      'rollingUpdate with Recreate',
      { strategy: { type: 'Recreate', rollingUpdate: { maxSurge: 1 } } },
      ["spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"]
    ],
    [
      'an unknown strategy',
      { strategy: { type: 'BlueGreen' } },
      ['spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:"BlueGreen", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: "Recreate", "RollingUpdate"']
    ],
    [
      'a progress deadline not above minReadySeconds',
      { minReadySeconds: 10, progressDeadlineSeconds: 10 },
      ['spec.progressDeadlineSeconds: Invalid value: 10: must be greater than minReadySeconds']
    ],
    ['negative minReadySeconds', { minReadySeconds: -5 }, ['spec.minReadySeconds: Invalid value: -5: must be greater than or equal to 0']],
    ['negative revisionHistoryLimit', { revisionHistoryLimit: -1 }, ['spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0']]
  ])('rejects %s', (_name, spec, expected) => {
    expect(errorsOf(spec)).toEqual(expected)
  })

  it('checks metadata first', () => {
    expect(errorsOf({}, { name: 'Web' })[0]).toMatch(/^metadata\.name: Invalid value: "Web": a lowercase RFC 1123 subdomain/)
  })
})

describe('Deployment updates', () => {
  it('keeps the selector immutable, printing the new one as Go does', () => {
    const { errors } = update(stored, (d) => {
      d.spec!.selector = { matchLabels: { app: 'web2' } }
      d.spec!.template.metadata = { labels: { app: 'web2' } }
    })
    expect(errors).toEqual(['spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable'])
  })

  it('allows scaling, image changes and a selector equal up to empty lists', () => {
    const { errors } = update(stored, (d) => {
      d.spec!.replicas = 5
      d.spec!.template.spec!.containers[0].image = 'nginx:1.28'
      d.spec!.selector = { matchLabels: { app: 'web' }, matchExpressions: [] }
    })
    expect(errors).toEqual([])
  })

  it('counts an annotation change as a new generation (they are copied to ReplicaSets)', () => {
    const old = { ...stored, metadata: { ...stored.metadata, generation: 3 } }
    expect(update(old, (d) => (d.metadata!.annotations = { 'kubernetes.io/change-cause': 'v2' })).obj.metadata!.generation).toBe(4)
    expect(update(old, (d) => (d.metadata!.labels = { team: 'a' })).obj.metadata!.generation).toBe(3)
  })
})

describe('Deployment status updates', () => {
  function statusErrors(status: Record<string, unknown>, oldStatus: Record<string, unknown> = {}): string[] {
    return def.validateStatusUpdate!({ ...stored, status } as Deployment, { ...stored, status: oldStatus } as Deployment).map(fieldErrorString)
  }
  it.each<[string, Record<string, unknown>, Record<string, unknown>, string[]]>([
    ['a consistent status', { replicas: 3, updatedReplicas: 3, readyReplicas: 2, availableReplicas: 2 }, {}, []],
    ['ready above replicas', { replicas: 1, readyReplicas: 2, availableReplicas: 1 }, {}, ['status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas']],
    ['available above ready', { replicas: 3, readyReplicas: 1, availableReplicas: 2 }, {}, ['status.availableReplicas: Invalid value: 2: cannot be greater than readyReplicas']],
    [
      'a negative replica count (unset counters are zero, and zero is then too many)',
      { replicas: -1 },
      {},
      [
        'status.replicas: Invalid value: -1: must be greater than or equal to 0',
        'status.updatedReplicas: Invalid value: 0: cannot be greater than status.replicas',
        'status.readyReplicas: Invalid value: 0: cannot be greater than status.replicas',
        'status.availableReplicas: Invalid value: 0: cannot be greater than status.replicas'
      ]
    ],
    ['a lower collisionCount', { collisionCount: 1 }, { collisionCount: 2 }, ['status.collisionCount: Invalid value: 1: cannot be decremented']]
  ])('%s', (_name, status, oldStatus, expected) => {
    expect(statusErrors(status, oldStatus)).toEqual(expected)
  })
})
