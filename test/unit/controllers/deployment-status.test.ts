import { describe, expect, it } from 'vitest'
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1'
import { rolloutStatus, sameStatus, stuckRequeueDelay } from '../../../main/cluster/controllers/deployment/status'

const now = Date.parse('2026-01-01T00:10:00Z')
const nowText = '2026-01-01T00:10:00Z'

function deployment(status: Deployment['status'] = {}): Deployment {
  return {
    metadata: { name: 'web', generation: 2 },
    spec: {
      replicas: 4,
      selector: {},
      template: {},
      progressDeadlineSeconds: 600,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } }
    },
    status
  }
}

function rs(name: string, replicas: number, available: number): ReplicaSet {
  return { metadata: { name }, spec: { replicas, selector: {} }, status: { replicas, readyReplicas: available, availableReplicas: available } }
}

const progressing = (reason: string, at = '2026-01-01T00:00:00Z') => ({
  type: 'Progressing',
  status: 'True',
  reason,
  message: 'x',
  lastUpdateTime: at,
  lastTransitionTime: at
})

describe('deployment status', () => {
  it('counts pods from the ReplicaSets and keeps zero counts out', () => {
    const status = rolloutStatus([rs('old', 3, 3), rs('new', 2, 0)], rs('new', 2, 0), deployment(), now, nowText)
    expect(status).toMatchObject({ observedGeneration: 2, replicas: 5, updatedReplicas: 2, readyReplicas: 3, availableReplicas: 3, unavailableReplicas: 2 })
    const complete = rolloutStatus([rs('new', 4, 4)], rs('new', 4, 4), deployment(), now, nowText)
    expect(complete.unavailableReplicas).toBeUndefined()
  })

  it('is Available with spec.replicas - maxUnavailable available pods', () => {
    const available = rolloutStatus([rs('a', 4, 3)], rs('a', 4, 3), deployment(), now, nowText)
    expect(available.conditions?.find((c) => c.type === 'Available')).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable' })
    const short = rolloutStatus([rs('a', 4, 2)], rs('a', 4, 2), deployment(), now, nowText)
    expect(short.conditions?.find((c) => c.type === 'Available')).toMatchObject({
      status: 'False',
      reason: 'MinimumReplicasUnavailable',
      message: 'Deployment does not have minimum availability.'
    })
  })

  it('moves Progressing forward on progress, keeping its transition time', () => {
    const d = deployment({ replicas: 4, updatedReplicas: 1, conditions: [progressing('NewReplicaSetCreated')] })
    const status = rolloutStatus([rs('old', 3, 3), rs('new', 2, 0)], rs('new', 2, 0), d, now, nowText)
    expect(status.conditions?.find((c) => c.type === 'Progressing')).toEqual({
      type: 'Progressing',
      status: 'True',
      reason: 'ReplicaSetUpdated',
      message: 'ReplicaSet "new" is progressing.',
      lastUpdateTime: nowText,
      lastTransitionTime: '2026-01-01T00:00:00Z'
    })
  })

  it('says NewReplicaSetAvailable once complete, and times out without progress past the deadline', () => {
    const done = rolloutStatus([rs('new', 4, 4)], rs('new', 4, 4), deployment({ conditions: [progressing('ReplicaSetUpdated')] }), now, nowText)
    expect(done.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({ reason: 'NewReplicaSetAvailable', message: 'ReplicaSet "new" has successfully progressed.' })
    const stuckDeployment = deployment({ replicas: 5, updatedReplicas: 2, readyReplicas: 3, availableReplicas: 3, conditions: [progressing('ReplicaSetUpdated', '2026-01-01T00:00:00Z')] })
    const stuckRSs = [rs('old', 3, 3), rs('new', 2, 0)]
    // 10 minutes after the last progress, with a 600 s deadline: just at it, not past it.
    expect(rolloutStatus(stuckRSs, stuckRSs[1], stuckDeployment, now, nowText).conditions?.find((c) => c.type === 'Progressing')?.reason).toBe('ReplicaSetUpdated')
    expect(stuckRequeueDelay(stuckDeployment, stuckDeployment.status!, now)).toBe(1000)
    const later = rolloutStatus(stuckRSs, stuckRSs[1], stuckDeployment, now + 1000, '2026-01-01T00:10:01Z')
    expect(later.conditions?.find((c) => c.type === 'Progressing')).toMatchObject({
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
      message: 'ReplicaSet "new" has timed out progressing.'
    })
  })

  it('asks to look again one second after the deadline', () => {
    const d = deployment({ replicas: 5, updatedReplicas: 2, conditions: [progressing('ReplicaSetUpdated', '2026-01-01T00:05:00Z')] })
    expect(stuckRequeueDelay(d, d.status!, now)).toBe(301_000)
  })

  it('compares statuses with zero counts and absent ones alike', () => {
    expect(sameStatus({ replicas: 0, observedGeneration: 1 }, { observedGeneration: 1 })).toBe(true)
    expect(sameStatus({ collisionCount: 0 }, {})).toBe(false)
  })
})
