import { describe, expect, it } from 'vitest'
import type { Pod } from 'kubernetes-types/core/v1'
import { calculateStatus, nextAvailableCheck } from '../../../main/cluster/controllers/replica-manager/status'
import type { ReplicaOwner } from '../../../main/cluster/controllers/replica-manager/kind'

const now = Date.parse('2026-01-01T12:00:00Z')
const stamp = '2026-01-01T12:00:00Z'

function owner(replicas: number, minReadySeconds = 0, status?: ReplicaOwner['status']): ReplicaOwner {
  return {
    metadata: { name: 'web', namespace: 'default', generation: 2 },
    spec: { replicas, minReadySeconds, template: { metadata: { labels: { app: 'web', tier: 'fe' } } } },
    status
  }
}

function pod(labels: Record<string, string>, readySecondsAgo?: number): Pod {
  const since = readySecondsAgo === undefined ? undefined : new Date(now - readySecondsAgo * 1000).toISOString().replace('.000Z', 'Z')
  return { metadata: { labels }, status: since ? { conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: since }] } : {} }
}

describe('replica status', () => {
  it('counts replicas, fully labelled, ready and available pods', () => {
    const pods = [pod({ app: 'web', tier: 'fe', extra: 'x' }, 60), pod({ app: 'web' }, 5), pod({ app: 'web', tier: 'fe' })]
    expect(calculateStatus(owner(3, 10), pods, undefined, now, stamp)).toEqual({
      replicas: 3,
      fullyLabeledReplicas: 2,
      readyReplicas: 2,
      availableReplicas: 1
    })
  })

  it('a pod is available strictly after minReadySeconds', () => {
    expect(calculateStatus(owner(1, 10), [pod({ app: 'web' }, 10)], undefined, now, stamp).availableReplicas).toBe(0)
    expect(calculateStatus(owner(1, 10), [pod({ app: 'web' }, 11)], undefined, now, stamp).availableReplicas).toBe(1)
    expect(nextAvailableCheck(owner(1, 10), [pod({ app: 'web' }, 4)], now)).toBe(6001)
    expect(nextAvailableCheck(owner(1, 0), [pod({ app: 'web' }, 4)], now)).toBeUndefined()
  })

  it('sets ReplicaFailure on a failed create and removes it once a sync succeeds', () => {
    const failed = calculateStatus(owner(2), [], new Error('pods "web-x" is forbidden: exceeded quota'), now, stamp)
    expect(failed.conditions).toEqual([
      { type: 'ReplicaFailure', status: 'True', lastTransitionTime: stamp, reason: 'FailedCreate', message: 'pods "web-x" is forbidden: exceeded quota' }
    ])
    const deleteFailed = calculateStatus(owner(0), [pod({ app: 'web' })], new Error('boom'), now, stamp)
    expect(deleteFailed.conditions?.[0].reason).toBe('FailedDelete')
    // An existing condition is kept as it was while failures go on.
    const again = calculateStatus(owner(2, 0, failed), [], new Error('other'), now, '2026-01-01T12:05:00Z')
    expect(again.conditions).toEqual(failed.conditions)
    expect(calculateStatus(owner(2, 0, failed), [], undefined, now, stamp).conditions).toBeUndefined()
  })
})
