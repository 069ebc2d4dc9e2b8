import { describe, expect, it } from 'vitest'
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1'
import { setNewReplicaSetAnnotations } from '../../../main/cluster/controllers/deployment/annotations'
import { findActiveOrLatest, getProportion, newRSNewReplicas } from '../../../main/cluster/controllers/deployment/replica-sets'

function rolling(replicas: number, surge: number | string, unavailable: number | string): Deployment {
  return {
    metadata: { name: 'web', annotations: { 'kubernetes.io/change-cause': 'v2', 'deployment.kubernetes.io/revision': '9' } },
    spec: { replicas, selector: {}, template: {}, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } } }
  }
}

function rs(name: string, replicas: number, created = '2026-01-01T00:00:00Z', annotations: Record<string, string> = {}): ReplicaSet {
  return { metadata: { name, uid: name, creationTimestamp: created, annotations }, spec: { replicas, selector: {} } }
}

describe('ReplicaSet arithmetic', () => {
  it('grows the new ReplicaSet within maxSurge and never past spec.replicas', () => {
    const d = rolling(10, 3, 2)
    const old = rs('old', 10)
    const fresh = rs('new', 0)
    expect(newRSNewReplicas(d, [old, fresh], fresh)).toBe(3)
    expect(newRSNewReplicas(d, [rs('old', 8), rs('new', 3)], rs('new', 3))).toBe(5)
    expect(newRSNewReplicas(d, [rs('old', 10), rs('new', 3)], rs('new', 3))).toBe(3)
    expect(newRSNewReplicas(d, [rs('old', 0), rs('new', 9)], rs('new', 9))).toBe(10)
  })

  it('splits a resize across active ReplicaSets in proportion to their size (the Kubernetes docs example)', () => {
    // 10 replicas, maxSurge 3, stalled at 8 old + 5 new; resized to 20: 10 more pods allowed (23 - 13).
    const d = rolling(20, 3, 2)
    const annotations = { 'deployment.kubernetes.io/max-replicas': '13' }
    const old = rs('old', 8, '2026-01-01T00:00:00Z', annotations)
    const fresh = rs('new', 5, '2026-01-01T00:01:00Z', annotations)
    const first = getProportion(old, d, 10, 0)
    expect(first).toBe(6)
    expect(getProportion(fresh, d, 10, first)).toBe(4)
  })

  it('finds the only active ReplicaSet, or the newest when none is active', () => {
    const a = rs('a', 0, '2026-01-01T00:00:00Z')
    const b = rs('b', 0, '2026-01-01T00:01:00Z')
    expect(findActiveOrLatest(undefined, [a, b])?.metadata?.name).toBe('b')
    expect(findActiveOrLatest(undefined, [a, rs('c', 2)])?.metadata?.name).toBe('c')
    expect(findActiveOrLatest(rs('n', 1), [rs('c', 2)])).toBeUndefined()
  })

  it('raises the revision of a ReplicaSet that comes back and remembers the old one', () => {
    const d = rolling(3, 1, 1)
    const back = rs('back', 0, undefined, { 'deployment.kubernetes.io/revision': '1' })
    expect(setNewReplicaSetAnnotations(d, back, '3', true)).toBe(true)
    expect(back.metadata?.annotations).toEqual({
      'deployment.kubernetes.io/revision': '3',
      'deployment.kubernetes.io/revision-history': '1',
      'kubernetes.io/change-cause': 'v2'
    })
    // Never lowered: old ReplicaSets may have gone since the number was given.
    expect(setNewReplicaSetAnnotations(d, back, '2', true)).toBe(false)
  })

  it('records desired and max replicas on a ReplicaSet about to be created', () => {
    const created = rs('new', 0)
    setNewReplicaSetAnnotations(rolling(4, '25%', '25%'), created, '1', false)
    expect(created.metadata?.annotations).toMatchObject({
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '4',
      'deployment.kubernetes.io/max-replicas': '5'
    })
  })
})
