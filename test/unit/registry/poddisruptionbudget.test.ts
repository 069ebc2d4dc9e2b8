import { describe, expect, it } from 'vitest'
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1'
import { fieldErrorString } from '../../../main/cluster/apimachinery/field-errors'
import type { KubeObject } from '../../../main/cluster/apimachinery/types'
import type { Clock } from '../../../main/cluster/clock'
import { rfc3339 } from '../../../main/cluster/clock'
import {
  podDisruptionBudgetDefinition as def,
  disruptionConditionUpToDate,
  setDisruptionAllowedCondition
} from '../../../main/cluster/registry/kinds/poddisruptionbudget'

type PDB = PodDisruptionBudget & KubeObject

function budget(spec: Record<string, unknown>): PDB {
  return { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web', namespace: 'default' }, spec } as PDB
}

function create(spec: Record<string, unknown>): { obj: PDB; errors: string[] } {
  const obj = budget(spec)
  def.defaults(obj)
  def.prepareForCreate?.(obj)
  return { obj, errors: def.validate(obj).map(fieldErrorString) }
}

const selector = { matchLabels: { app: 'web' } }

describe('PodDisruptionBudget definition', () => {
  it('is served as poddisruptionbudgets/pdb in policy/v1 with a status subresource, tracking generation', () => {
    expect([def.group, def.version, def.kind, def.plural, def.singular]).toEqual(['policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', 'poddisruptionbudget'])
    expect(def.shortNames).toEqual(['pdb'])
    expect(def.namespaced).toBe(true)
    expect(def.hasStatus).toBe(true)
    expect(def.tracksGeneration).toBe(true)
  })

  it('has no defaults in policy/v1 and starts with a zero status', () => {
    const { obj, errors } = create({ selector })
    expect(errors).toEqual([])
    expect(obj.spec).toEqual({ selector })
    expect(obj.status).toEqual({ disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 })
  })

  it('table columns: NAME MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE, N/A for the unset bound', () => {
    const cols = def.tableColumns!
    expect(cols.map((c) => [c.name, c.type, c.priority])).toEqual([
      ['Name', 'string', 0],
      ['Min Available', 'string', 0],
      ['Max Unavailable', 'string', 0],
      ['Allowed Disruptions', 'integer', 0],
      ['Age', 'string', 0]
    ])
    const obj = { ...budget({ maxUnavailable: '25%', selector }), status: { disruptionsAllowed: 2 } } as PDB
    expect(cols.slice(0, 4).map((c) => c.cell(obj, 0))).toEqual(['web', 'N/A', '25%', 2])
  })
})

describe('PodDisruptionBudget validation', () => {
  it('minAvailable and maxUnavailable are exclusive', () => {
    expect(create({ minAvailable: 1, maxUnavailable: 1, selector }).errors).toEqual([
      'spec: Invalid value: policy.PodDisruptionBudgetSpec{MinAvailable:(*intstr.IntOrString)(0xc000010000), Selector:(*v1.LabelSelector)(0xc000010010), MaxUnavailable:(*intstr.IntOrString)(0xc000010020), UnhealthyPodEvictionPolicy:(*policy.UnhealthyPodEvictionPolicyType)(nil)}: minAvailable and maxUnavailable cannot be both set'
    ])
  })

  it('counts must be non-negative and percentages valid and at most 100%', () => {
    expect(create({ minAvailable: -1, selector }).errors).toEqual(['spec.minAvailable: Invalid value: -1: must be greater than or equal to 0'])
    expect(create({ maxUnavailable: '150%', selector }).errors).toEqual(['spec.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"150%"}: must not be greater than 100%'])
    expect(create({ minAvailable: 'half', selector }).errors).toEqual([
      `spec.minAvailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"half"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')`
    ])
  })

  it('checks the selector and the unhealthy pod eviction policy', () => {
    expect(create({ minAvailable: 1, selector: { matchExpressions: [{ key: 'app', operator: 'In' }] } }).errors).toEqual([
      'spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is \'In\' or \'NotIn\''
    ])
    expect(create({ minAvailable: 1, selector, unhealthyPodEvictionPolicy: 'Sometimes' }).errors).toEqual([
      'spec.unhealthyPodEvictionPolicy: Unsupported value: "Sometimes": supported values: "AlwaysAllow", "IfHealthyBudget"'
    ])
  })

  it('status counters must be non-negative', () => {
    const obj = { ...budget({ selector }), status: { disruptionsAllowed: -1, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 } } as PDB
    expect(def.validateStatusUpdate!(obj, obj).map(fieldErrorString)).toEqual(['status.disruptionsAllowed: Invalid value: -1: must be greater than or equal to 0'])
  })
})

describe('the DisruptionAllowed condition', () => {
  it('is SufficientPods while disruptions are allowed, InsufficientPods otherwise; the time moves only on a flip', () => {
    let now = Date.parse('2026-01-01T00:00:00Z')
    // The condition only reads the time.
    const clock = { rfc3339: () => rfc3339(now) } as Clock
    const pdb = { ...budget({ selector }), metadata: { name: 'web', namespace: 'default', generation: 1 }, status: { disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, observedGeneration: 1 } } as PDB
    setDisruptionAllowedCondition(pdb, clock)
    expect(pdb.status?.conditions).toEqual([{ type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods', message: '', observedGeneration: 1, lastTransitionTime: '2026-01-01T00:00:00Z' }])
    expect(disruptionConditionUpToDate(pdb)).toBe(true)
    now += 5000
    setDisruptionAllowedCondition(pdb, clock)
    expect(pdb.status?.conditions?.[0].lastTransitionTime).toBe('2026-01-01T00:00:00Z')
    pdb.status!.disruptionsAllowed = 0
    expect(disruptionConditionUpToDate(pdb)).toBe(false)
    setDisruptionAllowedCondition(pdb, clock)
    expect(pdb.status?.conditions?.[0]).toMatchObject({ status: 'False', reason: 'InsufficientPods', lastTransitionTime: '2026-01-01T00:00:05Z' })
  })
})
