import { describe, expect, it } from 'vitest'
import type { StatefulSet } from 'kubernetes-types/apps/v1'
import type { Pod } from 'kubernetes-types/core/v1'
import { computeStatus, planStatefulSet } from '../../../main/cluster/controllers/statefulset/plan'

const cur = 'web-aaa'
const upd = 'web-bbb'

function set(replicas: number, extra: Partial<StatefulSet['spec']> = {}): StatefulSet {
  return {
    metadata: { name: 'web', namespace: 'default', uid: 's-1', generation: 2 },
    spec: {
      serviceName: 'nginx',
      replicas,
      selector: { matchLabels: { app: 'nginx' } },
      template: {},
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      ...extra
    }
  }
}

type State = 'ready' | 'running' | 'pending' | 'failed' | 'terminating'

function pod(ordinal: number, state: State = 'ready', revision = upd): Pod {
  const phase = state === 'failed' ? 'Failed' : state === 'pending' ? 'Pending' : 'Running'
  return {
    metadata: {
      name: `web-${ordinal}`,
      labels: { 'controller-revision-hash': revision },
      ...(state === 'terminating' ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {})
    },
    status: { phase, conditions: [{ type: 'Ready', status: state === 'ready' || state === 'terminating' ? 'True' : 'False' }] }
  }
}

const names = (plan: { delete: Pod[] }): string[] => plan.delete.map((p) => p.metadata!.name!)

describe('StatefulSet plan: OrderedReady', () => {
  it('creates the lowest missing ordinal, only once every lower one is Running and Ready', () => {
    expect(planStatefulSet(set(3), [], cur, upd).create).toEqual([{ ordinal: 0, revision: upd }])
    expect(planStatefulSet(set(3), [pod(0, 'running')], cur, upd).create).toEqual([])
    expect(planStatefulSet(set(3), [pod(0)], cur, upd).create).toEqual([{ ordinal: 1, revision: upd }])
    expect(planStatefulSet(set(3), [pod(0), pod(2)], cur, upd).create).toEqual([{ ordinal: 1, revision: upd }])
  })

  it('replaces a failed pod by deleting it first, and waits on a terminating one', () => {
    expect(names(planStatefulSet(set(2), [pod(0, 'failed'), pod(1)], cur, upd))).toEqual(['web-0'])
    expect(planStatefulSet(set(2), [pod(0, 'terminating')], cur, upd)).toEqual({ create: [], delete: [] })
  })

  it('scales down from the highest ordinal, one pod per sync, waiting for the one terminating', () => {
    const pods = [pod(0), pod(1), pod(2), pod(3)]
    expect(names(planStatefulSet(set(1), pods, cur, upd))).toEqual(['web-3'])
    expect(names(planStatefulSet(set(1), [pod(0), pod(1), pod(2), pod(3, 'terminating')], cur, upd))).toEqual([])
  })

  it('rolls from the highest ordinal down to the partition, one pod at a time, each after the one above is ready', () => {
    const old = [pod(0, 'ready', cur), pod(1, 'ready', cur), pod(2, 'ready', cur)]
    expect(names(planStatefulSet(set(3), old, cur, upd))).toEqual(['web-2'])
    expect(names(planStatefulSet(set(3), [old[0], old[1], pod(2, 'running')], cur, upd))).toEqual([])
    expect(names(planStatefulSet(set(3), [old[0], old[1], pod(2)], cur, upd))).toEqual(['web-1'])
    const partitioned = set(3, { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } })
    expect(names(planStatefulSet(partitioned, [old[0], old[1], pod(2)], cur, upd))).toEqual([])
    // Below the partition, a pod made again keeps the current revision.
    expect(planStatefulSet(partitioned, [pod(1, 'ready', cur), pod(2)], cur, upd).create).toEqual([{ ordinal: 0, revision: cur }])
  })

  it('numbers pods from spec.ordinals.start', () => {
    const from5 = set(2, { ordinals: { start: 5 } })
    expect(planStatefulSet(from5, [], cur, upd).create).toEqual([{ ordinal: 5, revision: upd }])
    expect(names(planStatefulSet(from5, [pod(5), pod(6), pod(0)], cur, upd))).toEqual(['web-0'])
  })

  it('leaves old pods alone with OnDelete', () => {
    const onDelete = set(2, { updateStrategy: { type: 'OnDelete' } })
    expect(planStatefulSet(onDelete, [pod(0, 'ready', cur), pod(1, 'ready', cur)], cur, upd)).toEqual({ create: [], delete: [] })
  })
})

describe('StatefulSet plan: Parallel', () => {
  it('creates every missing pod and deletes every condemned one in one sync', () => {
    const parallel = (n: number): StatefulSet => set(n, { podManagementPolicy: 'Parallel' })
    expect(planStatefulSet(parallel(3), [pod(1, 'pending')], cur, upd).create.map((c) => c.ordinal)).toEqual([0, 2])
    expect(names(planStatefulSet(parallel(1), [pod(0), pod(1, 'pending'), pod(2)], cur, upd))).toEqual(['web-2', 'web-1'])
  })
})

describe('StatefulSet status', () => {
  it('counts replicas, ready, current and updated pods; a finished rollout makes the update revision current', () => {
    const mid = computeStatus(set(3), [pod(0, 'ready', cur), pod(1, 'running', upd), pod(2, 'ready', upd)], cur, upd, 0)
    expect(mid).toEqual({
      observedGeneration: 2,
      replicas: 3,
      readyReplicas: 2,
      currentReplicas: 1,
      updatedReplicas: 2,
      availableReplicas: 2,
      currentRevision: cur,
      updateRevision: upd,
      collisionCount: 0
    })
    const done = computeStatus(set(2), [pod(0), pod(1)], cur, upd, 0)
    expect(done).toMatchObject({ currentReplicas: 2, updatedReplicas: 2, currentRevision: upd, updateRevision: upd })
  })
})
