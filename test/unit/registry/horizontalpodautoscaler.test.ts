import { describe, expect, it } from 'vitest'
import type * as v1 from 'kubernetes-types/autoscaling/v1'
import type * as v2 from 'kubernetes-types/autoscaling/v2'
import { fieldErrorString } from '../../../main/cluster/apimachinery/field-errors'
import type { KubeObject } from '../../../main/cluster/apimachinery/types'
import { horizontalPodAutoscalerDefinition as def } from '../../../main/cluster/registry/kinds/horizontalpodautoscaler'
import {
  behaviorAnnotation,
  conditionsAnnotation,
  metricSpecsAnnotation,
  metricStatusesAnnotation
} from '../../../main/cluster/registry/kinds/hpa-conversion'

type HPA = v2.HorizontalPodAutoscaler & KubeObject
type HPAv1 = v1.HorizontalPodAutoscaler & KubeObject

const v1Conversion = def.versions!.find((v) => v.version === 'v1')!
const target = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }

function hpa(spec: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): HPA {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web', namespace: 'default', ...meta },
    spec: { scaleTargetRef: target, maxReplicas: 5, ...spec }
  } as HPA
}

/** The create pipeline: convert to the stored version, default, prepare, validate. */
function create(obj: KubeObject, version: 'v1' | 'v2' = 'v2'): { obj: HPA; errors: string[] } {
  const stored = (version === 'v1' ? v1Conversion.toStored(structuredClone(obj)) : structuredClone(obj)) as HPA
  def.defaults(stored)
  def.prepareForCreate!(stored)
  return { obj: stored, errors: def.validate(stored).map(fieldErrorString) }
}

function errorsOf(spec: Record<string, unknown>): string[] {
  return create(hpa(spec)).errors
}

/** What `kubectl autoscale deployment web --min=2 --max=5 --cpu-percent=50` sends. */
const autoscaleV1: HPAv1 = {
  apiVersion: 'autoscaling/v1',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'web', namespace: 'default' },
  spec: { scaleTargetRef: target, minReplicas: 2, maxReplicas: 5, targetCPUUtilizationPercentage: 50 }
}

describe('HorizontalPodAutoscaler names and discovery', () => {
  it('is stored as autoscaling/v2, also served as v1, as hpa in category all', () => {
    expect([def.group, def.version, def.kind, def.plural, def.singular]).toEqual(['autoscaling', 'v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', 'horizontalpodautoscaler'])
    expect(def.versions!.map((v) => v.version)).toEqual(['v1'])
    expect(def.shortNames).toEqual(['hpa'])
    expect(def.categories).toEqual(['all'])
    expect(def.namespaced).toBe(true)
    expect(def.hasStatus).toBe(true)
  })
})

describe('HorizontalPodAutoscaler defaults (v2)', () => {
  it('defaults one minimum replica and an 80% CPU target, and no behavior', () => {
    const { obj, errors } = create(hpa())
    expect(errors).toEqual([])
    expect(obj.spec).toEqual({
      scaleTargetRef: target,
      minReplicas: 1,
      maxReplicas: 5,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }]
    })
    expect(obj.status).toEqual({ desiredReplicas: 0 })
  })

  it('fills a partial behavior; the scale-down window stays unset (the controller flag applies)', () => {
    const { obj, errors } = create(hpa({ behavior: { scaleDown: { selectPolicy: 'Min' } } }))
    expect(errors).toEqual([])
    expect(obj.spec!.behavior).toEqual({
      scaleUp: {
        stabilizationWindowSeconds: 0,
        selectPolicy: 'Max',
        policies: [
          { type: 'Pods', value: 4, periodSeconds: 15 },
          { type: 'Percent', value: 100, periodSeconds: 15 }
        ]
      },
      scaleDown: { selectPolicy: 'Min', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] }
    })
  })

  it('drops the v1 round-trip annotations from v2 writes', () => {
    const { obj } = create(hpa({}, { annotations: { [metricSpecsAnnotation]: '[]', team: 'a' } }))
    expect(obj.metadata.annotations).toEqual({ team: 'a' })
  })
})

describe('HorizontalPodAutoscaler validation', () => {
  const cpu = (target: Record<string, unknown>) => [{ type: 'Resource', resource: { name: 'cpu', target } }]
  it.each<[string, Record<string, unknown>, string[]]>([
    [
      'minReplicas 0 (scale to zero is alpha and off)',
      { minReplicas: 0 },
      [
        'spec.minReplicas: Invalid value: 0: must be greater than or equal to 1',
        'spec.metrics: Forbidden: must specify at least one Object or External metric to support scaling to zero replicas'
      ]
    ],
    [
      'maxReplicas 0',
      { maxReplicas: 0 },
      ['spec.maxReplicas: Invalid value: 0: must be greater than 0', 'spec.maxReplicas: Invalid value: 0: must be greater than or equal to `minReplicas`']
    ],
    ['maxReplicas below minReplicas', { minReplicas: 5, maxReplicas: 3 }, ['spec.maxReplicas: Invalid value: 3: must be greater than or equal to `minReplicas`']],
    ['no scale target', { scaleTargetRef: {} }, ['spec.scaleTargetRef.kind: Required value', 'spec.scaleTargetRef.name: Required value']],
    ['a scale target name with a slash', { scaleTargetRef: { kind: 'Deployment', name: 'a/b' } }, ['spec.scaleTargetRef.name: Invalid value: "a/b": may not contain \'/\'']],
    ['a zero CPU target', { metrics: cpu({ type: 'Utilization', averageUtilization: 0 }) }, ['spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0']],
    [
      'a resource metric without a target',
      { metrics: cpu({ type: 'Utilization' }) },
      ['spec.metrics[0].resource.target.averageUtilization: Required value: must set either a target raw value or a target utilization']
    ],
    [
      'both utilization and value',
      { metrics: cpu({ type: 'Utilization', averageUtilization: 50, averageValue: '100m' }) },
      ['spec.metrics[0].resource.target.averageValue: Forbidden: may not set both a target raw value and a target utilization']
    ],
    ['a non-positive value', { metrics: cpu({ type: 'AverageValue', averageValue: '0' }) }, ['spec.metrics[0].resource.target.averageValue: Invalid value: "0": must be positive']],
    [
      'an unknown target type',
      { metrics: cpu({ type: 'Percent', averageUtilization: 50 }) },
      ['spec.metrics[0].resource.target.type: Invalid value: "Percent": must be either Utilization, Value, or AverageValue']
    ],
    [
      'an unknown metric type',
      { metrics: [{ type: 'Custom' }] },
      ['spec.metrics[0].type: Unsupported value: "Custom": supported values: "ContainerResource", "External", "Object", "Pods", "Resource"']
    ],
    [
      'a Pods metric without its source',
      { metrics: [{ type: 'Pods' }] },
      ['spec.metrics[0].pods: Required value: must populate information for the given metric source']
    ],
    [
      'two sources in one metric',
      {
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
            pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '1k' } }
          }
        ]
      },
      ['spec.metrics[0].pods: Forbidden: must populate the given metric source only']
    ],
    [
      'a Pods metric without averageValue',
      { metrics: [{ type: 'Pods', pods: { metric: { name: 'qps' }, target: { type: 'Value', value: '1k' } } }] },
      ['spec.metrics[0].pods.target.averageValue: Required value: must specify a positive target averageValue']
    ],
    [
      'an Object metric without a described object',
      { metrics: [{ type: 'Object', object: { describedObject: {}, metric: { name: 'rps' }, target: { type: 'Value', value: '10' } } }] },
      ['spec.metrics[0].object.describedObject.kind: Required value', 'spec.metrics[0].object.describedObject.name: Required value']
    ],
    [
      'an External metric with both targets',
      { metrics: [{ type: 'External', external: { metric: { name: 'queue' }, target: { type: 'Value', value: '10', averageValue: '1' } } }] },
      ['spec.metrics[0].external.target.value: Forbidden: may not set both a target value for metric and a per-pod target']
    ],
    [
      'bad scaling rules',
      {
        behavior: {
          scaleUp: { stabilizationWindowSeconds: 4000, selectPolicy: 'Avg', policies: [{ type: 'Nodes', value: 0, periodSeconds: 1801 }] },
          scaleDown: { policies: [] }
        }
      },
      [
        'spec.behavior.scaleUp.stabilizationWindowSeconds: Invalid value: 4000: must be less than or equal to 3600',
        'spec.behavior.scaleUp.selectPolicy: Unsupported value: "Avg": supported values: "Disabled", "Max", "Min"',
        'spec.behavior.scaleUp.policies[0].type: Unsupported value: "Nodes": supported values: "Percent", "Pods"',
        'spec.behavior.scaleUp.policies[0].value: Invalid value: 0: must be greater than zero',
        'spec.behavior.scaleUp.policies[0].periodSeconds: Invalid value: 1801: must be less than or equal to 1800',
        'spec.behavior.scaleDown.policies: Required value: must specify at least one Policy'
      ]
    ]
  ])('rejects %s', (_name, spec, expected) => {
    expect(errorsOf(spec)).toEqual(expected)
  })

  it('lets an object already at minReplicas 0 stay there on update', () => {
    const old = { ...create(hpa()).obj }
    old.spec = { ...old.spec!, minReplicas: 0, metrics: [{ type: 'External', external: { metric: { name: 'queue' }, target: { type: 'Value', value: '10' } } }] }
    const next = structuredClone(old)
    next.spec!.maxReplicas = 7
    expect(def.validateUpdate!(next, old).map(fieldErrorString)).toEqual([])
    expect(def.validateUpdate!(next, create(hpa()).obj).map(fieldErrorString)).toEqual(['spec.minReplicas: Invalid value: 0: must be greater than or equal to 1'])
  })

  it('validates status counters', () => {
    const obj = create(hpa()).obj
    expect(def.validateStatusUpdate!({ ...obj, status: { currentReplicas: -1, desiredReplicas: 2 } }, obj).map(fieldErrorString)).toEqual([
      'status.currentReplicas: Invalid value: -1: must be greater than or equal to 0'
    ])
  })
})

describe('HorizontalPodAutoscaler autoscaling/v1 <-> v2', () => {
  it('stores what kubectl autoscale writes as a v2 CPU utilization metric', () => {
    const { obj, errors } = create(autoscaleV1, 'v1')
    expect(errors).toEqual([])
    expect(obj.apiVersion).toBe('autoscaling/v2')
    expect(obj.spec).toEqual({
      scaleTargetRef: target,
      minReplicas: 2,
      maxReplicas: 5,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }]
    })
    expect(obj.metadata.annotations).toBeUndefined()
  })

  it('reads it back as v1 unchanged, with the v1 status counters', () => {
    const back = v1Conversion.fromStored(create(autoscaleV1, 'v1').obj) as HPAv1
    expect(back.apiVersion).toBe('autoscaling/v1')
    expect(back.spec).toEqual(autoscaleV1.spec)
    expect(back.status).toEqual({ currentReplicas: 0, desiredReplicas: 0 })
    expect(back.metadata.annotations).toBeUndefined()
  })

  it('implies 80% CPU when v1 names no target, and shows it in v1 afterwards', () => {
    const noTarget = structuredClone(autoscaleV1)
    delete noTarget.spec!.targetCPUUtilizationPercentage
    delete noTarget.spec!.minReplicas
    const { obj } = create(noTarget, 'v1')
    expect(obj.spec!.minReplicas).toBe(1)
    expect(obj.spec!.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }])
    expect((v1Conversion.fromStored(obj) as HPAv1).spec!.targetCPUUtilizationPercentage).toBe(80)
  })

  it('reports v1 mistakes at v2 field paths, as Kubernetes validates the converted object', () => {
    const bad = structuredClone(autoscaleV1)
    bad.spec!.targetCPUUtilizationPercentage = 0
    expect(create(bad, 'v1').errors).toEqual(['spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0'])
  })

  const rich: HPA = {
    ...hpa({
      minReplicas: 2,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } },
        { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '500Mi' } } },
        { type: 'Pods', pods: { metric: { name: 'packets-per-second' }, target: { type: 'AverageValue', averageValue: '1k' } } }
      ],
      behavior: { scaleDown: { stabilizationWindowSeconds: 60 } }
    }),
    status: {
      currentReplicas: 2,
      desiredReplicas: 3,
      currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 75, averageValue: '150m' } } }],
      conditions: [
        { type: 'AbleToScale', status: 'True', lastTransitionTime: '2024-01-01T00:00:00Z', reason: 'ReadyForNewScale', message: 'recommended size matches current size' }
      ]
    }
  }
  const richStored = (() => {
    const obj = structuredClone(rich)
    def.defaults(obj)
    return obj
  })()

  it('keeps what v1 cannot say in the autoscaling.alpha.kubernetes.io annotations, as kubectl shows them', () => {
    const out = v1Conversion.fromStored(structuredClone(richStored)) as HPAv1
    expect(out.spec).toEqual({ scaleTargetRef: target, minReplicas: 2, maxReplicas: 5, targetCPUUtilizationPercentage: 60 })
    expect(out.status).toEqual({ currentReplicas: 2, desiredReplicas: 3, currentCPUUtilizationPercentage: 75 })
    expect(out.metadata.annotations).toEqual({
      [metricSpecsAnnotation]:
        '[{"type":"Resource","resource":{"name":"memory","targetAverageValue":"500Mi"}},{"type":"Pods","pods":{"metricName":"packets-per-second","targetAverageValue":"1k"}}]',
      [metricStatusesAnnotation]: '[{"type":"Resource","resource":{"name":"cpu","currentAverageUtilization":75,"currentAverageValue":"150m"}}]',
      [behaviorAnnotation]:
        '{"ScaleUp":{"StabilizationWindowSeconds":0,"SelectPolicy":"Max","Policies":[{"Type":"Pods","Value":4,"PeriodSeconds":15},{"Type":"Percent","Value":100,"PeriodSeconds":15}]},"ScaleDown":{"StabilizationWindowSeconds":60,"SelectPolicy":"Max","Policies":[{"Type":"Percent","Value":100,"PeriodSeconds":15}]}}',
      [conditionsAnnotation]:
        '[{"type":"AbleToScale","status":"True","lastTransitionTime":"2024-01-01T00:00:00Z","reason":"ReadyForNewScale","message":"recommended size matches current size"}]'
    })
  })

  it('restores everything from those annotations on the way back; the CPU metric moves to the end, as in Kubernetes', () => {
    const v1obj = v1Conversion.fromStored(structuredClone(richStored))
    const again = v1Conversion.toStored(structuredClone(v1obj)) as HPA
    def.defaults(again)
    const [cpuMetric, ...others] = richStored.spec!.metrics!
    expect(again.spec).toEqual({ ...richStored.spec, metrics: [...others, cpuMetric] })
    expect(again.status).toEqual(richStored.status)
    expect(again.metadata.annotations).toBeUndefined()
  })

  it('round-trips Object and External metrics through the v1 annotation form', () => {
    const metrics: v2.MetricSpec[] = [
      {
        type: 'Object',
        object: {
          describedObject: { kind: 'Ingress', name: 'main', apiVersion: 'networking.k8s.io/v1' },
          metric: { name: 'requests-per-second' },
          target: { type: 'Value', value: '10k' }
        }
      },
      { type: 'External', external: { metric: { name: 'queue_messages', selector: { matchLabels: { queue: 'jobs' } } }, target: { type: 'AverageValue', averageValue: '30' } } }
    ]
    const v2obj = create(hpa({ metrics })).obj
    const v1obj = v1Conversion.fromStored(structuredClone(v2obj)) as HPAv1
    expect(v1obj.spec!.targetCPUUtilizationPercentage).toBeUndefined()
    expect(v1obj.metadata.annotations![metricSpecsAnnotation]).toBe(
      '[{"type":"Object","object":{"target":{"kind":"Ingress","name":"main","apiVersion":"networking.k8s.io/v1"},"metricName":"requests-per-second","targetValue":"10k"}},' +
        '{"type":"External","external":{"metricName":"queue_messages","metricSelector":{"matchLabels":{"queue":"jobs"}},"targetAverageValue":"30"}}]'
    )
    expect((v1Conversion.toStored(v1obj) as HPA).spec!.metrics).toEqual(metrics)
  })

  it('drops stale round-trip annotations a v1 client sends back and ignores malformed ones', () => {
    const sent = structuredClone(autoscaleV1)
    sent.metadata.annotations = { [metricSpecsAnnotation]: 'not json', [conditionsAnnotation]: '{}', owner: 'team-a' }
    const { obj, errors } = create(sent, 'v1')
    expect(errors).toEqual([])
    expect(obj.metadata.annotations).toEqual({ owner: 'team-a' })
    expect(obj.spec!.metrics).toHaveLength(1)
  })
})
