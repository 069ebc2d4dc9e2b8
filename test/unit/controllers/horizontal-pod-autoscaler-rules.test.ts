import type { Pod } from 'kubernetes-types/core/v1'
import { describe, expect, it } from 'vitest'
import { newScalingMemory, normalizeWithBehavior, normalizeWithoutBehavior, storeScaleEvent } from '../../../main/cluster/controllers/horizontal-pod-autoscaler/normalize'
import { rawResourceReplicas, resourceReplicas, type PodMetricsInfo } from '../../../main/cluster/controllers/horizontal-pod-autoscaler/replica-calculator'

const t0 = Date.parse('2025-01-01T00:00:00Z')
const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')

/** A Running pod requesting `request` CPU, started `age` ms before `now`, Ready since `readyFor` ms (or unready). */
function pod(name: string, request: string, now: number, age = 600_000, readyFor: number | 'unready' = age, phase = 'Running'): Pod {
  const ready = readyFor !== 'unready'
  return {
    metadata: { name },
    spec: { containers: [{ name: 'c', resources: { requests: { cpu: request } } }] },
    status: {
      phase,
      startTime: iso(now - age),
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: iso(now - (ready ? readyFor : age)) }]
    }
  }
}

function metrics(now: number, values: Record<string, number>): PodMetricsInfo {
  return new Map(Object.entries(values).map(([name, value]) => [name, { value, timestamp: now, windowMs: 30_000 }]))
}

describe('HPA replica calculator (resource utilization)', () => {
  const now = t0 + 3_600_000
  // Kubernetes' replica_calculator_test.go table, in the simulator's units (millicores).
  const rows: { name: string; current: number; target: number; usage: number[]; expect: number; utilization: number }[] = [
    { name: 'scale up', current: 3, target: 30, usage: [300, 500, 700], expect: 5, utilization: 50 },
    { name: 'scale down', current: 5, target: 50, usage: [100, 300, 500, 250, 250], expect: 3, utilization: 28 },
    { name: 'within tolerance stays', current: 3, target: 100, usage: [1010, 1030, 1020], expect: 3, utilization: 102 },
    { name: 'at target stays', current: 2, target: 50, usage: [500, 500], expect: 2, utilization: 50 }
  ]
  for (const row of rows) {
    it(row.name, () => {
      const pods = row.usage.map((_, i) => pod(`p${i}`, '1', now))
      const p = resourceReplicas(row.current, row.target, 'cpu', pods, metrics(now, Object.fromEntries(row.usage.map((u, i) => [`p${i}`, u]))), now)
      expect([p.replicas, p.utilization]).toEqual([row.expect, row.utilization])
    })
  }

  it('unready pods count as using nothing on a scale-up', () => {
    const pods = [pod('a', '1', now), pod('b', '1', now), pod('c', '1', now, 60_000, 'unready')]
    const p = resourceReplicas(3, 30, 'cpu', pods, metrics(now, { a: 300, b: 500, c: 900 }), now)
    // 800m over a and b (40%) is above 30%; with c at 0: 800/3000 = 26% is below, so it holds.
    expect(p.replicas).toBe(3)
    expect(p.utilization).toBe(40)
  })

  it('pods without metrics count as using all they request on a scale-down', () => {
    const pods = [pod('a', '1', now), pod('b', '1', now), pod('c', '1', now)]
    const p = resourceReplicas(3, 50, 'cpu', pods, metrics(now, { a: 100, b: 100 }), now)
    // (100 + 100 + 1000) / 3000 = 40% of 50% -> ceil(0.8 x 3) = 3.
    expect(p.replicas).toBe(3)
  })

  it('a pod ready for less than a metrics window during its first 5 minutes is not counted', () => {
    const pods = [pod('a', '1', now), pod('new', '1', now, 60_000, 10_000)]
    const p = resourceReplicas(2, 50, 'cpu', pods, metrics(now, { a: 1000, new: 1000 }), now)
    expect(p.utilization).toBe(100)
    expect(p.replicas).toBe(2)
  })

  it('an AverageValue target compares the average usage per pod with it', () => {
    const pods = [pod('a', '1', now), pod('b', '1', now)]
    // 600m and 1000m average 800m against 400m: twice the target -> 4 pods.
    expect(rawResourceReplicas(2, 400, 'cpu', pods, metrics(now, { a: 600, b: 1000 }), now)).toMatchObject({ replicas: 4, rawUtilization: 800 })
    expect(rawResourceReplicas(2, 800, 'cpu', pods, metrics(now, { a: 780, b: 800 }), now).replicas).toBe(2)
  })

  it('fails without pods, metrics or requests with the controller messages', () => {
    expect(() => resourceReplicas(1, 50, 'cpu', [], new Map(), now)).toThrow('no pods returned by selector while calculating replica count')
    expect(() => resourceReplicas(1, 50, 'cpu', [pod('a', '1', now, 60_000, 'unready')], metrics(now, { a: 10 }), now)).toThrow('did not receive metrics for targeted pods (pods might be unready)')
    const noRequest = pod('a', '1', now)
    noRequest.spec!.containers[0].resources = {}
    expect(() => resourceReplicas(1, 50, 'cpu', [noRequest], metrics(now, { a: 10 }), now)).toThrow('missing request for cpu in container c of Pod a')
  })
})

describe('HPA normalization', () => {
  it('without behavior: scale-down waits for the highest recommendation of the last 5 minutes', () => {
    const m = newScalingMemory()
    expect(normalizeWithoutBehavior(m, 4, 4, 1, 10, t0).desired).toBe(4)
    const held = normalizeWithoutBehavior(m, 4, 1, 1, 10, t0 + 60_000)
    expect(held).toMatchObject({ desired: 4, ableToScale: { reason: 'ScaleDownStabilized' }, limited: false })
    expect(normalizeWithoutBehavior(m, 4, 1, 1, 10, t0 + 299_000).desired).toBe(4)
    expect(normalizeWithoutBehavior(m, 4, 1, 1, 10, t0 + 301_000)).toMatchObject({ desired: 1, ableToScale: { reason: 'ReadyForNewScale' } })
  })

  it('without behavior: at most max(2 x current, 4), then maxReplicas, minReplicas', () => {
    expect(normalizeWithoutBehavior(newScalingMemory(), 1, 9, 1, 10, t0)).toMatchObject({ desired: 4, limited: true, scalingLimited: { reason: 'ScaleUpLimit' } })
    expect(normalizeWithoutBehavior(newScalingMemory(), 5, 9, 1, 10, t0)).toMatchObject({ desired: 9, limited: false, scalingLimited: { reason: 'DesiredWithinRange' } })
    expect(normalizeWithoutBehavior(newScalingMemory(), 5, 12, 1, 8, t0)).toMatchObject({ desired: 8, scalingLimited: { reason: 'TooManyReplicas' } })
    expect(normalizeWithoutBehavior(newScalingMemory(), 2, 0, 2, 8, t0)).toMatchObject({ desired: 2, limited: true, scalingLimited: { reason: 'TooFewReplicas' } })
  })

  it('with behavior: the scale-up policies (4 pods or 100% per 15 s, whichever is more) and a custom down window', () => {
    const behavior = {
      scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] },
      scaleDown: { stabilizationWindowSeconds: 60, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] }
    }
    const m = newScalingMemory()
    const up = normalizeWithBehavior(m, behavior, 2, 20, 1, 50, t0)
    expect(up).toMatchObject({ desired: 6, scalingLimited: { reason: 'ScaleUpLimit' } })
    storeScaleEvent(m, behavior, 2, 6, t0)
    // Within the same 15 s the period started at 2: still 6 at most.
    expect(normalizeWithBehavior(m, behavior, 6, 20, 1, 50, t0 + 5_000).desired).toBe(6)
    expect(normalizeWithBehavior(m, behavior, 6, 20, 1, 50, t0 + 16_000).desired).toBe(12)
    // Down: held for the 60 s window, then one pod per minute.
    const m2 = newScalingMemory()
    normalizeWithBehavior(m2, behavior, 6, 6, 1, 50, t0)
    expect(normalizeWithBehavior(m2, behavior, 6, 2, 1, 50, t0 + 30_000)).toMatchObject({ desired: 6, ableToScale: { reason: 'ScaleDownStabilized' } })
    const down = normalizeWithBehavior(m2, behavior, 6, 2, 1, 50, t0 + 61_000)
    expect(down).toMatchObject({ desired: 5, scalingLimited: { reason: 'ScaleDownLimit', message: 'the desired replica count is decreasing faster than the maximum scale rate' } })
  })

  it('with behavior: selectPolicy Disabled never scales that way', () => {
    const behavior = { scaleUp: { selectPolicy: 'Disabled', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }] }, scaleDown: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [] } }
    expect(normalizeWithBehavior(newScalingMemory(), behavior, 3, 9, 1, 10, t0).desired).toBe(3)
  })
})
