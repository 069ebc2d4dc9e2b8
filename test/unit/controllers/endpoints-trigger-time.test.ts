import { describe, expect, it } from 'vitest'
import type { Pod, Service } from 'kubernetes-types/core/v1'
import { TriggerTimeTracker } from '../../../main/cluster/controllers/endpoints/trigger-time'
import { deepFreeze } from '../../../main/cluster/storage/freeze'

const svc = deepFreeze<Service>({ metadata: { name: 'web', namespace: 'default', creationTimestamp: '2026-01-01T00:00:00Z' } })
const pod = (name: string, readySince: string | undefined): Pod =>
  deepFreeze({ metadata: { name, namespace: 'default', uid: `uid-${name}` }, status: { conditions: readySince ? [{ type: 'Ready', status: 'True', lastTransitionTime: readySince }] : [] } })
const ms = (t: string): number => Date.parse(t)

describe('TriggerTimeTracker (endpoints.kubernetes.io/last-change-trigger-time)', () => {
  it("gives the Service's creation at its first sync, then the earliest Ready change not seen before, and nothing when nothing changed", () => {
    const tracker = new TriggerTimeTracker()
    const a = pod('a', '2026-01-01T00:01:00Z')
    const b = pod('b', '2026-01-01T00:02:00Z')
    expect(tracker.compute(svc, [a, b])).toBe(ms('2026-01-01T00:00:00Z'))
    expect(tracker.compute(svc, [a, b])).toBeUndefined()
    // b becomes ready again later, c arrives: the earliest of the new times.
    const b2 = pod('b', '2026-01-01T00:05:00Z')
    const c = pod('c', '2026-01-01T00:04:00Z')
    expect(tracker.compute(svc, [a, b2, c])).toBe(ms('2026-01-01T00:04:00Z'))
    // A new version of a pod whose Ready time did not move triggers nothing.
    expect(tracker.compute(svc, [pod('a', '2026-01-01T00:01:00Z'), b2, c])).toBeUndefined()
  })

  it('forgets pods that left: one coming back with its old time counts again, as a pod never seen does', () => {
    const tracker = new TriggerTimeTracker()
    const a = pod('a', '2026-01-01T00:01:00Z')
    const b = pod('b', '2026-01-01T00:02:00Z')
    tracker.compute(svc, [a, b])
    expect(tracker.compute(svc, [a])).toBeUndefined()
    expect(tracker.compute(svc, [a, pod('b', '2026-01-01T00:02:00Z')])).toBe(ms('2026-01-01T00:02:00Z'))
  })

  it('ignores pods without a Ready transition, and starts over for a deleted Service', () => {
    const tracker = new TriggerTimeTracker()
    tracker.compute(svc, [pod('a', undefined)])
    expect(tracker.compute(svc, [pod('a', undefined)])).toBeUndefined()
    tracker.delete('default', 'web')
    expect(tracker.compute(svc, [])).toBe(ms('2026-01-01T00:00:00Z'))
  })
})
