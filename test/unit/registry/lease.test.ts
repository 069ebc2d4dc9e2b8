import { describe, expect, it } from 'vitest'
import type { Lease } from 'kubernetes-types/coordination/v1'
import { fieldErrorString } from '../../../main/cluster/apimachinery/field-errors'
import type { KubeObject } from '../../../main/cluster/apimachinery/types'
import { leaseDefinition as def } from '../../../main/cluster/registry/kinds/lease'

type L = Lease & KubeObject

/** A node heartbeat lease as the kubelet writes it. */
function lease(spec: Record<string, unknown> = {}): L {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: 'worker-1', namespace: 'kube-node-lease' },
    spec: { holderIdentity: 'worker-1', leaseDurationSeconds: 40, renewTime: '2024-01-01T00:00:00.000000Z', ...spec }
  } as L
}

function create(l: L): { obj: L; errors: string[] } {
  const obj = structuredClone(l)
  def.defaults(obj)
  def.prepareForCreate?.(obj)
  return { obj, errors: def.validate(obj).map(fieldErrorString) }
}

describe('Lease names and discovery', () => {
  it('is served as leases in coordination.k8s.io/v1, without short names', () => {
    expect([def.group, def.version, def.kind, def.plural, def.singular]).toEqual(['coordination.k8s.io', 'v1', 'Lease', 'leases', 'lease'])
    expect(def.shortNames).toEqual([])
    expect(def.categories).toEqual([])
    expect(def.namespaced).toBe(true)
    expect(def.hasStatus).toBe(false)
  })
})

describe('Lease validation', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ['a node lease', {}, []],
    ['an empty spec', { holderIdentity: undefined, leaseDurationSeconds: undefined, renewTime: undefined }, []],
    ['a zero duration', { leaseDurationSeconds: 0 }, ['spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0']],
    ['negative transitions', { leaseTransitions: -1 }, ['spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0']]
  ])('%s', (_name, spec, expected) => {
    expect(create(lease(spec)).errors).toEqual(expected)
  })

  it('validates updates the same way', () => {
    const stored = create(lease()).obj
    const next = structuredClone(stored)
    next.spec!.leaseDurationSeconds = -1
    expect(def.validateUpdate!(next, stored).map(fieldErrorString)).toEqual(['spec.leaseDurationSeconds: Invalid value: -1: must be greater than 0'])
  })

  it('drops the coordinated-leader-election fields, whose feature gate is off', () => {
    const { obj } = create(lease({ strategy: 'OldestEmulationVersion', preferredHolder: 'a' }))
    expect(obj.spec).toEqual(lease().spec)
  })
})
