import { describe, expect, it } from 'vitest'
import type { Pod } from 'kubernetes-types/core/v1'
import { compareForDeletion, deletionCost, podsToDelete, rankByRelatedPodsOnSameNode } from '../../../main/cluster/controllers/replica-manager/pod-ranking'

const now = Date.parse('2026-01-01T12:00:00Z')

interface PodShape {
  node?: string
  phase?: string
  ready?: boolean
  /** Seconds before now the pod became ready. */
  readyAgo?: number
  /** Seconds before now the pod was created. */
  createdAgo?: number
  restarts?: number
  cost?: string
  uid?: string
}

function at(secondsAgo: number): string {
  return new Date(now - secondsAgo * 1000).toISOString().replace('.000Z', 'Z')
}

function pod(name: string, s: PodShape = {}): Pod {
  return {
    metadata: {
      name,
      uid: s.uid ?? name,
      creationTimestamp: s.createdAgo === undefined ? undefined : at(s.createdAgo),
      annotations: s.cost === undefined ? undefined : { 'controller.kubernetes.io/pod-deletion-cost': s.cost }
    },
    spec: { nodeName: s.node, containers: [{ name: 'c', image: 'i' }] },
    status: {
      phase: s.phase,
      conditions: s.ready === undefined ? undefined : [{ type: 'Ready', status: s.ready ? 'True' : 'False', lastTransitionTime: at(s.readyAgo ?? 100) }],
      containerStatuses: s.restarts === undefined ? undefined : [{ name: 'c', image: 'i', imageID: '', ready: true, restartCount: s.restarts }]
    }
  }
}

/** Sorts pods in deletion order (all rank 0) and returns their names. */
function order(...pods: Pod[]): string[] {
  return pods
    .map((p) => ({ pod: p, rank: 0 }))
    .sort((a, b) => compareForDeletion(a, b, now))
    .map((r) => r.pod.metadata!.name!)
}

describe('pod ranking for scale-down (ActivePodsWithRanks)', () => {
  it('1. unscheduled pods go before scheduled ones', () => {
    expect(order(pod('scheduled', { node: 'n1', phase: 'Pending' }), pod('unscheduled', { phase: 'Pending' }))).toEqual(['unscheduled', 'scheduled'])
  })

  it('2. Pending before Unknown before Running', () => {
    expect(order(pod('running', { node: 'n', phase: 'Running' }), pod('unknown', { node: 'n', phase: 'Unknown' }), pod('pending', { node: 'n', phase: 'Pending' }))).toEqual([
      'pending',
      'unknown',
      'running'
    ])
  })

  it('3. not ready before ready', () => {
    expect(order(pod('ready', { node: 'n', phase: 'Running', ready: true }), pod('not-ready', { node: 'n', phase: 'Running', ready: false }))).toEqual(['not-ready', 'ready'])
  })

  it('4. lower pod-deletion-cost before higher; an unparsable cost counts as 0', () => {
    const base = { node: 'n', phase: 'Running', ready: true, readyAgo: 100 }
    expect(order(pod('high', { ...base, cost: '100' }), pod('low', { ...base, cost: '-5' }), pod('none', base))).toEqual(['low', 'none', 'high'])
    expect(deletionCost(pod('bad', { cost: 'abc' }))).toBe(0)
    expect(deletionCost(pod('huge', { cost: '3000000000' }))).toBe(0)
  })

  it('5. doubled-up pods (more related pods on the node) go first', () => {
    const a = pod('alone', { node: 'n1', phase: 'Running' })
    const b = pod('crowded', { node: 'n2', phase: 'Running' })
    const related = [a, b, pod('sibling-1', { node: 'n2', phase: 'Running' }), pod('sibling-2', { node: 'n2', phase: 'Running' })]
    const ranked = rankByRelatedPodsOnSameNode([a, b], related)
    expect(ranked.map((r) => r.rank)).toEqual([1, 3])
    expect(ranked.sort((x, y) => compareForDeletion(x, y, now)).map((r) => r.pod.metadata!.name)).toEqual(['crowded', 'alone'])
  })

  it('inactive related pods do not count towards a rank', () => {
    const a = pod('a', { node: 'n1' })
    const finished = pod('done', { node: 'n1', phase: 'Succeeded' })
    expect(rankByRelatedPodsOnSameNode([a], [a, finished])[0].rank).toBe(1)
  })

  it('6. ready for less time before ready for more, in power-of-two buckets', () => {
    const base = { node: 'n', phase: 'Running', ready: true }
    expect(order(pod('old', { ...base, readyAgo: 3600 }), pod('new', { ...base, readyAgo: 10 }))).toEqual(['new', 'old'])
    // 100 s and 110 s are in the same log2 bucket: the uid decides.
    expect(order(pod('b', { ...base, readyAgo: 100, uid: 'b' }), pod('a', { ...base, readyAgo: 110, uid: 'a' }))).toEqual(['a', 'b'])
  })

  it('7. more container restarts before fewer', () => {
    const base = { node: 'n', phase: 'Running', ready: false }
    expect(order(pod('calm', { ...base, restarts: 0 }), pod('crashy', { ...base, restarts: 7 }))).toEqual(['crashy', 'calm'])
  })

  it('8. newer before older; no creation time goes first', () => {
    const base = { node: 'n', phase: 'Running' }
    expect(order(pod('old', { ...base, createdAgo: 86400 }), pod('young', { ...base, createdAgo: 5 }), pod('unknown', base))).toEqual(['unknown', 'young', 'old'])
  })

  it('earlier criteria win over later ones', () => {
    // Unscheduled beats every other consideration, even a ready, crash-free, old pod.
    expect(order(pod('scheduled-crashy', { node: 'n', phase: 'Pending', restarts: 9 }), pod('unscheduled-ready', { phase: 'Running', ready: true }))).toEqual([
      'unscheduled-ready',
      'scheduled-crashy'
    ])
  })

  it('podsToDelete picks the first pods in that order, and takes all without sorting', () => {
    const ready = pod('ready', { node: 'n', phase: 'Running', ready: true })
    const pending = pod('pending', { node: 'n', phase: 'Pending' })
    const unscheduled = pod('unscheduled', { phase: 'Pending' })
    expect(podsToDelete([ready, pending, unscheduled], [], 2, now).map((p) => p.metadata!.name)).toEqual(['unscheduled', 'pending'])
    expect(podsToDelete([ready, pending], [], 5, now)).toHaveLength(2)
  })
})
