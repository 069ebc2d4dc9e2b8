import { describe, expect, it } from 'vitest'
import type { ReplicaSet } from 'kubernetes-types/apps/v1'
import { fieldErrorString } from '../../../main/cluster/apimachinery/field-errors'
import { goIntOrString, goLabelSelector, goStringMap, replicaSetDefinition as def } from '../../../main/cluster/registry/kinds/replicaset'

function replicaSet(spec: Record<string, unknown> = {}): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'web-7d4b9c', namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'web', 'pod-template-hash': '7d4b9c' } },
      template: {
        metadata: { labels: { app: 'web', 'pod-template-hash': '7d4b9c' } },
        spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] }
      },
      ...spec
    }
  } as ReplicaSet
}

function create(rs: ReplicaSet): { obj: ReplicaSet; errors: string[] } {
  const obj = structuredClone(rs)
  def.defaults(obj)
  def.prepareForCreate!(obj)
  return { obj, errors: def.validate(obj).map(fieldErrorString) }
}

function update(old: ReplicaSet, change: (rs: ReplicaSet) => void): string[] {
  const obj = structuredClone(old)
  change(obj)
  def.defaults(obj)
  def.prepareForUpdate?.(obj, old)
  return def.validateUpdate!(obj, old).map(fieldErrorString)
}

const stored = create(replicaSet()).obj

describe('Go value text used in workload messages', () => {
  it.each<[string, string, string]>([
    ['nil map', goStringMap(undefined), 'map[string]string(nil)'],
    ['empty map', goStringMap({}), 'map[string]string{}'],
    ['sorted keys', goStringMap({ b: '2', a: '1' }), 'map[string]string{"a":"1", "b":"2"}'],
    [
      'selector with expressions',
      goLabelSelector({ matchLabels: { app: 'x' }, matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['a', 'b'] }] }),
      'v1.LabelSelector{MatchLabels:map[string]string{"app":"x"}, MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"tier", Operator:"NotIn", Values:[]string{"a", "b"}}}}'
    ],
    ['int', goIntOrString(1), 'intstr.IntOrString{Type:0, IntVal:1, StrVal:""}'],
    ['percent', goIntOrString('25%'), 'intstr.IntOrString{Type:1, IntVal:0, StrVal:"25%"}']
  ])('%s', (_name, got, expected) => {
    expect(got).toBe(expected)
  })
})

describe('ReplicaSet names and discovery', () => {
  it('is served as replicasets/rs in apps/v1, in category all, with status and scale', () => {
    expect([def.group, def.version, def.kind, def.plural, def.singular]).toEqual(['apps', 'v1', 'ReplicaSet', 'replicasets', 'replicaset'])
    expect(def.shortNames).toEqual(['rs'])
    expect(def.categories).toEqual(['all'])
    expect(def.namespaced).toBe(true)
    expect(def.hasStatus).toBe(true)
    expect(def.scale).toEqual({ specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.spec.selector' })
  })

  it('selects on status.replicas', () => {
    expect(def.selectableFields!({ ...stored, status: { replicas: 3 } })).toEqual({ 'status.replicas': '3' })
  })
})

describe('ReplicaSet defaults', () => {
  it('defaults one replica and a zero status', () => {
    const { obj, errors } = create(replicaSet())
    expect(errors).toEqual([])
    expect(obj.spec!.replicas).toBe(1)
    expect(obj.spec!.template!.spec).toMatchObject({ restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', terminationGracePeriodSeconds: 30 })
    expect(obj.status).toEqual({ replicas: 0 })
    expect(Object.keys(obj.spec!).sort()).toEqual(['replicas', 'selector', 'template'])
  })
})

describe('ReplicaSet validation', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ['negative replicas', { replicas: -2 }, ['spec.replicas: Invalid value: -2: must be greater than or equal to 0']],
    ['negative minReadySeconds', { minReadySeconds: -1 }, ['spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0']],
    [
      'no selector',
      { selector: undefined },
      ['spec.selector: Required value', 'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web", "pod-template-hash":"7d4b9c"}: `selector` does not match template `labels`']
    ],
    [
      'an empty selector (Kubernetes says "deployment" here too)',
      { selector: { matchLabels: {} } },
      ['spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment']
    ],
    [
      'an unknown selector operator',
      { selector: { matchExpressions: [{ key: 'app', operator: 'Equals', values: ['web'] }] } },
      [
        'spec.selector.matchExpressions[0].operator: Invalid value: "Equals": not a valid selector operator',
        'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"app", Operator:"Equals", Values:[]string{"web"}}}}: invalid label selector'
      ]
    ],
    [
      'OnFailure pods',
      { template: { ...replicaSet().spec!.template, spec: { containers: [{ name: 'app', image: 'nginx' }], restartPolicy: 'OnFailure' } } },
      ['spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"']
    ]
  ])('rejects %s', (_name, spec, expected) => {
    expect(create(replicaSet(spec)).errors).toEqual(expected)
  })

  it('keeps the selector immutable', () => {
    expect(
      update(stored, (rs) => {
        rs.spec!.selector = { matchLabels: { app: 'web' } }
      })
    ).toEqual(['spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable'])
  })

  it('reports a removed selector as the string "null", as a nil pointer prints', () => {
    expect(
      update(stored, (rs) => {
        delete (rs.spec as Partial<NonNullable<ReplicaSet['spec']>>).selector
      })
    ).toContain('spec.selector: Invalid value: "null": field is immutable')
  })

  it('allows scaling', () => {
    expect(update(stored, (rs) => (rs.spec!.replicas = 0))).toEqual([])
  })
})

describe('ReplicaSet status updates', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ['a consistent status', { replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 2, observedGeneration: 1 }, []],
    ['ready above replicas', { replicas: 2, readyReplicas: 3 }, ['status.readyReplicas: Invalid value: 3: cannot be greater than status.replicas']],
    [
      'fully labeled above replicas',
      { replicas: 1, fullyLabeledReplicas: 2 },
      ['status.fullyLabeledReplicas: Invalid value: 2: cannot be greater than status.replicas']
    ],
    ['available above ready', { replicas: 3, readyReplicas: 1, availableReplicas: 2 }, ['status.availableReplicas: Invalid value: 2: cannot be greater than readyReplicas']]
  ])('%s', (_name, status, expected) => {
    expect(def.validateStatusUpdate!({ ...stored, status } as unknown as ReplicaSet, stored).map(fieldErrorString)).toEqual(expected)
  })
})
