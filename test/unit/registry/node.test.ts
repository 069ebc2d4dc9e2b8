import { describe, expect, it } from 'vitest'
import type { Node } from 'kubernetes-types/core/v1'
import { fieldErrorString } from '../../../main/cluster/apimachinery/field-errors'
import { nodeDefinition as def } from '../../../main/cluster/registry/kinds/node'

function node(spec: Record<string, unknown> = {}, status?: Record<string, unknown>): Node {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1' }, spec, ...(status ? { status } : {}) } as Node
}

function validate(n: Node): string[] {
  const obj = structuredClone(n)
  def.defaults(obj)
  return def.validate(obj).map(fieldErrorString)
}

describe('Node', () => {
  it('is the cluster-scoped no resource with status', () => {
    expect([def.plural, def.shortNames, def.namespaced, def.hasStatus]).toEqual(['nodes', ['no'], false, true])
  })

  it('takes allocatable from capacity when not reported', () => {
    const n = node({}, { capacity: { cpu: '4', memory: '8Gi', pods: '110' } })
    def.defaults(n)
    expect(n.status!.allocatable).toEqual({ cpu: '4', memory: '8Gi', pods: '110' })
  })

  it('accepts a registered node', () => {
    expect(validate(node({ podCIDR: '10.244.1.0/24', podCIDRs: ['10.244.1.0/24'] }, { capacity: { cpu: '2', memory: '4Gi', pods: '110' } }))).toEqual([])
  })

  it.each<[string, Record<string, unknown>, Record<string, unknown> | undefined, string[]]>([
    ['taint without effect', { taints: [{ key: 'dedicated', value: 'gpu' }] }, undefined, ['metadata.taints[0].effect: Required value']],
    [
      'duplicate taint',
      { taints: [{ key: 'k', effect: 'NoSchedule' }, { key: 'k', value: 'v', effect: 'NoSchedule' }] },
      undefined,
      ['metadata.taints[1]: Duplicate value: {"key":"k","value":"v","effect":"NoSchedule"}: taints must be unique by key and effect pair']
    ],
    ['bad effect', { taints: [{ key: 'k', effect: 'NoRun' }] }, undefined, ['metadata.taints[0].effect: Unsupported value: "NoRun": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"']],
    ['bad pod CIDR', { podCIDRs: ['10.244.1.0/99'] }, undefined, ['spec.podCIDRs[0]: Invalid value: "10.244.1.0/99": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)']],
    [
      'fractional pods (allocatable defaults to capacity, so both are reported)',
      {},
      { capacity: { pods: '1.5' } },
      ['status.capacity.pods: Invalid value: "1500m": must be an integer', 'status.allocatable.pods: Invalid value: "1500m": must be an integer']
    ]
  ])('%s', (_n, spec, status, expected) => {
    expect(validate(node(spec, status))).toEqual(expected)
  })

  it('may not change its pod CIDR once set', () => {
    const old = node({ podCIDRs: ['10.244.1.0/24'] })
    const next = node({ podCIDRs: ['10.244.2.0/24'] })
    expect(def.validateUpdate!(next, old).map(fieldErrorString)).toEqual(['spec.podCIDRs: Forbidden: node updates may not change podCIDR except from "" to valid'])
    expect(def.validateUpdate!(node({ podCIDRs: ['10.244.2.0/24'] }), node()).map(fieldErrorString)).toEqual([])
  })

  it('keeps its status on create and through spec updates', () => {
    const n = node({}, { capacity: { cpu: '2' } })
    def.prepareForCreate?.(n)
    expect(n.status).toEqual({ capacity: { cpu: '2' } })
    const next = node({ unschedulable: true }, { capacity: { cpu: '8' } })
    def.prepareForUpdate!(next, n)
    expect(next.status).toEqual({ capacity: { cpu: '2' } })
  })

  it('selects on spec.unschedulable', () => {
    expect(def.selectableFields!(node({ unschedulable: true }))).toEqual({ 'spec.unschedulable': 'true' })
    expect(def.selectableFields!(node())).toEqual({ 'spec.unschedulable': 'false' })
  })
})
