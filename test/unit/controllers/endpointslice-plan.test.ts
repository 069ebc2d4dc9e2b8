import { describe, expect, it } from 'vitest'
import type { EndpointSlice } from 'kubernetes-types/discovery/v1'
import type { Node, Pod, Service } from 'kubernetes-types/core/v1'
import { planSlices, type PlanOptions } from '../../../main/cluster/controllers/endpointslice/reconciler'
import { TriggerTimeTracker, formatRFC3339Nano } from '../../../main/cluster/controllers/endpoints/trigger-time'

const svc: Service = {
  metadata: { name: 'web', namespace: 'default', uid: 'svc-uid', creationTimestamp: '2026-01-01T00:00:00Z' },
  spec: { clusterIP: '10.96.0.10', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }] }
}

function pod(i: number, ready = true): Pod {
  return {
    metadata: { name: `p${i}`, namespace: 'default', uid: `uid-${i}`, labels: { app: 'web' } },
    spec: { nodeName: 'node-1', containers: [{ name: 'app', image: 'x' }] },
    status: {
      phase: 'Running',
      podIP: `10.0.${Math.floor(i / 250)}.${i % 250}`,
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: '2026-01-01T00:00:05Z' }]
    }
  }
}

const node: Node = { metadata: { name: 'node-1' } }
const options: PlanOptions = { addressType: 'IPv4', maxEndpointsPerSlice: 100, node: (n) => (n === 'node-1' ? node : undefined) }

/** Applies a plan as the API would, naming created slices. */
function applyPlan(existing: EndpointSlice[], plan: ReturnType<typeof planSlices>): EndpointSlice[] {
  let n = existing.length
  const byName = new Map(existing.map((s) => [s.metadata!.name!, s]))
  for (const s of plan.delete) byName.delete(s.metadata!.name!)
  for (const s of plan.update) byName.set(s.metadata!.name!, s)
  for (const s of plan.create) {
    const name = `web-${String(n++).padStart(5, '0')}`
    byName.set(name, { ...s, metadata: { ...s.metadata, name } })
  }
  return [...byName.values()]
}

describe('EndpointSlice plan', () => {
  it('creates slices of at most 100 endpoints', () => {
    const pods = Array.from({ length: 230 }, (_, i) => pod(i))
    const plan = planSlices(svc, pods, [], options)
    expect(plan.create.map((s) => s.endpoints.length)).toEqual([100, 100, 30])
    expect(plan.update).toEqual([])
    expect(plan.delete).toEqual([])
  })

  it('changes nothing when nothing changed', () => {
    const pods = Array.from({ length: 5 }, (_, i) => pod(i))
    const slices = applyPlan([], planSlices(svc, pods, [], options))
    expect(planSlices(svc, pods, slices, options)).toEqual({ create: [], update: [], delete: [], errors: [] })
  })

  it('updates only the slice whose endpoint changed', () => {
    const pods = Array.from({ length: 150 }, (_, i) => pod(i))
    const slices = applyPlan([], planSlices(svc, pods, [], options))
    pods[120] = pod(120, false)
    const plan = planSlices(svc, pods, slices, options)
    expect(plan.create).toEqual([])
    expect(plan.update).toHaveLength(1)
    expect(plan.update[0].endpoints.find((e) => e.targetRef?.name === 'p120')?.conditions).toEqual({ ready: false, serving: false, terminating: false })
  })

  it('fills a slice being updated before making a new one', () => {
    const pods = Array.from({ length: 10 }, (_, i) => pod(i))
    const slices = applyPlan([], planSlices(svc, pods, [], options))
    pods[0] = pod(0, false)
    pods.push(pod(10))
    const plan = planSlices(svc, pods, slices, options)
    expect(plan.create).toEqual([])
    expect(plan.update).toHaveLength(1)
    expect(plan.update[0].endpoints).toHaveLength(11)
  })

  it('leaves out pods on unknown nodes and says so', () => {
    const lost = pod(1)
    lost.spec!.nodeName = 'gone'
    const plan = planSlices(svc, [pod(0), lost], [], options)
    expect(plan.create[0].endpoints.map((e) => e.targetRef?.name)).toEqual(['p0'])
    expect(plan.errors).toEqual(['skipping Pod p1 for Service default/web: Node gone Not Found'])
  })

  it('replaces a slice rather than deleting one and creating another', () => {
    const slices = applyPlan([], planSlices(svc, [pod(0)], [], options))
    const moved = pod(1)
    const plan = planSlices(svc, [moved], slices, options)
    expect(plan.create).toEqual([])
    expect(plan.delete).toEqual([])
    expect(plan.update.map((s) => s.metadata?.name)).toEqual([slices[0].metadata?.name])
  })
})

describe('trigger time', () => {
  it('is the Service creation first, then the earliest new pod transition, then nothing', () => {
    const tracker = new TriggerTimeTracker()
    expect(tracker.compute(svc, [pod(0)])).toBe(Date.parse('2026-01-01T00:00:00Z'))
    const changed = pod(1)
    changed.status!.conditions![0].lastTransitionTime = '2026-01-01T00:01:00Z'
    expect(tracker.compute(svc, [pod(0), changed])).toBe(Date.parse('2026-01-01T00:01:00Z'))
    expect(tracker.compute(svc, [pod(0), changed])).toBeUndefined()
  })

  it("prints as Go's RFC3339Nano", () => {
    expect(formatRFC3339Nano(Date.parse('2026-01-01T00:01:00Z'))).toBe('2026-01-01T00:01:00Z')
    expect(formatRFC3339Nano(Date.parse('2026-01-01T00:01:00.120Z'))).toBe('2026-01-01T00:01:00.12Z')
  })
})
