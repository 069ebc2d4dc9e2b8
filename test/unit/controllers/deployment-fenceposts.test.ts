import { describe, expect, it } from 'vitest'
import type { Deployment } from 'kubernetes-types/apps/v1'
import { maxSurge, maxUnavailable, resolveFenceposts, scaledValueFromIntOrPercent } from '../../../main/cluster/controllers/deployment/fenceposts'

function rolling(replicas: number, surge: number | string, unavailable: number | string): Deployment {
  return { spec: { replicas, selector: {}, template: {}, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } } } }
}

describe('maxSurge and maxUnavailable', () => {
  it('takes ints as they are and rounds percentages up or down', () => {
    expect(scaledValueFromIntOrPercent(3, 10, true)).toBe(3)
    expect(scaledValueFromIntOrPercent('25%', 10, true)).toBe(3)
    expect(scaledValueFromIntOrPercent('25%', 10, false)).toBe(2)
    expect(scaledValueFromIntOrPercent('33%', 3, true)).toBe(1)
    expect(scaledValueFromIntOrPercent('33%', 3, false)).toBe(0)
    expect(scaledValueFromIntOrPercent('100%', 7, false)).toBe(7)
  })

  it('refuses strings that are not percentages, as intstr does', () => {
    expect(() => scaledValueFromIntOrPercent('3', 10, true)).toThrow('string is not a percentage')
    expect(() => scaledValueFromIntOrPercent('x%', 10, true)).toThrow('invalid value')
  })

  it.each([
    // [maxSurge, maxUnavailable, desired, surge, unavailable]
    ['25%', '25%', 10, 3, 2],
    ['25%', '25%', 4, 1, 1],
    ['25%', '25%', 1, 1, 0],
    [1, 0, 3, 1, 0],
    [0, 1, 3, 0, 1],
    ['50%', '50%', 3, 2, 1],
    // Both resolve to zero: one pod may be unavailable so the rollout can move.
    ['0%', '10%', 5, 0, 1],
    [0, '1%', 2, 0, 1]
  ] as const)('resolves maxSurge %s and maxUnavailable %s of %i to %i and %i', (s, u, desired, surge, unavailable) => {
    expect(resolveFenceposts(s, u, desired)).toEqual({ surge, unavailable })
  })

  it('caps maxUnavailable at the replicas and is zero for Recreate or no replicas', () => {
    expect(maxUnavailable(rolling(2, 0, 5))).toBe(2)
    expect(maxUnavailable(rolling(0, 1, 1))).toBe(0)
    const recreate: Deployment = { spec: { replicas: 3, selector: {}, template: {}, strategy: { type: 'Recreate' } } }
    expect(maxUnavailable(recreate)).toBe(0)
    expect(maxSurge(recreate)).toBe(0)
    expect(maxSurge(rolling(10, '25%', '25%'))).toBe(3)
  })
})
