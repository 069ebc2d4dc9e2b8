import type { DaemonSet } from 'kubernetes-types/apps/v1'
import type { Node, Pod } from 'kubernetes-types/core/v1'
import { describe, expect, it } from 'vitest'
import { maxUnavailableOf, planDaemonSet } from '../../../main/cluster/controllers/daemonset/plan'

const now = Date.parse('2026-11-26T10:00:00Z')
const nodes: Node[] = ['a', 'b', 'c'].map((name) => ({ metadata: { name }, spec: {} }))

function ds(maxUnavailable?: number | string): DaemonSet {
  return {
    metadata: { name: 'ds', namespace: 'default', generation: 3 },
    spec: {
      selector: {},
      template: { spec: { containers: [{ name: 'c' }] } },
      updateStrategy: { type: 'RollingUpdate', ...(maxUnavailable !== undefined ? { rollingUpdate: { maxUnavailable } } : {}) }
    }
  }
}

let seq = 0
function pod(node: string, hash: string, ready = true, extra: Partial<Pod['metadata']> = {}): Pod {
  seq++
  return {
    metadata: { name: `ds-${seq}`, uid: `u${seq}`, labels: { 'controller-revision-hash': hash }, creationTimestamp: `2026-11-26T09:00:${String(seq).padStart(2, '0')}Z`, ...extra },
    spec: { containers: [], nodeName: node },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: '2026-11-26T09:30:00Z' }] }
  }
}

describe('planDaemonSet', () => {
  it('creates a pod on each node without one and reports the counts', () => {
    const plan = planDaemonSet(ds(), nodes, [pod('a', 'h1')], 'h1', now)
    expect(plan.create).toEqual(['b', 'c'])
    expect(plan.delete).toEqual([])
    expect(plan.status).toEqual({
      desiredNumberScheduled: 3,
      currentNumberScheduled: 1,
      numberMisscheduled: 0,
      numberReady: 1,
      numberAvailable: 1,
      updatedNumberScheduled: 1,
      numberUnavailable: 2,
      observedGeneration: 3
    })
  })

  it('deletes duplicates (keeping the oldest), pods of vanished nodes, and failed pods', () => {
    const oldest = pod('a', 'h1')
    const duplicate = pod('a', 'h1')
    const orphan = pod('gone', 'h1')
    const failed = { ...pod('b', 'h1'), status: { phase: 'Failed' } }
    const plan = planDaemonSet(ds(), nodes, [duplicate, oldest, orphan, failed, pod('c', 'h1')], 'h1', now)
    expect(plan.delete.map((p) => p.metadata?.name).sort()).toEqual([duplicate, orphan, failed].map((p) => p.metadata?.name).sort())
    // The failed pod's successor comes once it is gone.
    expect(plan.create).toEqual([])
  })

  it('counts a pod on a node it no longer fits as misscheduled, and evicts it on an untolerated NoExecute taint', () => {
    const tainted: Node[] = [
      { metadata: { name: 'a' }, spec: { taints: [{ key: 'x', effect: 'NoSchedule' }] } },
      { metadata: { name: 'b' }, spec: { taints: [{ key: 'y', effect: 'NoExecute' }] } }
    ]
    const onA = pod('a', 'h1')
    const onB = pod('b', 'h1')
    const plan = planDaemonSet(ds(), tainted, [onA, onB], 'h1', now)
    expect(plan.status.numberMisscheduled).toBe(2)
    expect(plan.status.desiredNumberScheduled).toBe(0)
    expect(plan.delete).toEqual([onB])
  })

  it('rolls out within maxUnavailable: unavailable old pods go at once, available ones one budget at a time', () => {
    const pods = [pod('a', 'old'), pod('b', 'old'), pod('c', 'old', false)]
    const plan = planDaemonSet(ds(1), nodes, pods, 'new', now)
    // c is already unavailable, which uses up the budget of one.
    expect(plan.delete.map((p) => p.spec?.nodeName)).toEqual(['c'])
    const wider = planDaemonSet(ds('50%'), nodes, pods, 'new', now)
    expect(wider.delete.map((p) => p.spec?.nodeName)).toEqual(['c', 'a'])
    const onDelete = planDaemonSet({ ...ds(), spec: { ...ds().spec!, updateStrategy: { type: 'OnDelete' } } }, nodes, pods, 'new', now)
    expect(onDelete.delete).toEqual([])
    expect(onDelete.status.updatedNumberScheduled).toBe(0)
  })

  it('scales maxUnavailable percentages up', () => {
    expect(maxUnavailableOf(ds('10%'), 3)).toBe(1)
    expect(maxUnavailableOf(ds('50%'), 5)).toBe(3)
    expect(maxUnavailableOf(ds(2), 5)).toBe(2)
    expect(maxUnavailableOf(ds(), 5)).toBe(1)
  })
})
