import { describe, expect, it } from 'vitest'
import type { Pod } from 'kubernetes-types/core/v1'
import { OwnedPodTally } from '../../../main/cluster/controllers/replica-manager/owned-pod-tally'
import { countGroups, countPods } from '../../../main/cluster/controllers/replica-manager/status'
import type { ReplicaOwner } from '../../../main/cluster/controllers/replica-manager/kind'

const owner: ReplicaOwner = {
  metadata: { name: 'web', namespace: 'default', uid: 'rs-1' },
  spec: { replicas: 3, template: { metadata: { labels: { app: 'web', tier: 'fe' } } } }
}

function pod(name: string, opts: { labels?: Record<string, string>; ready?: boolean; uid?: string; namespace?: string; phase?: string; deleting?: boolean } = {}): Pod {
  return {
    metadata: {
      name,
      namespace: opts.namespace ?? 'default',
      labels: opts.labels ?? { app: 'web', tier: 'fe' },
      ownerReferences: opts.uid === '' ? undefined : [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: opts.uid ?? 'rs-1', controller: true }],
      ...(opts.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {})
    },
    status: { phase: opts.phase ?? 'Running', conditions: opts.ready ? [{ type: 'Ready', status: 'True' }] : [] }
  }
}

/** The active pods rs-1 controls in default, as claimPods would keep them when all match. */
function controlled(pods: Map<string, Pod>): Pod[] {
  return [...pods.values()].filter(
    (p) =>
      p.metadata?.namespace === 'default' &&
      p.metadata?.ownerReferences?.some((r) => r.controller && r.uid === 'rs-1') &&
      !p.metadata?.deletionTimestamp &&
      p.status?.phase !== 'Succeeded' &&
      p.status?.phase !== 'Failed'
  )
}

describe('owned pod tally', () => {
  it('counts as countPods does through adds, updates and deletes', () => {
    const tally = new OwnedPodTally()
    const h = tally.handlers()
    const pods = new Map<string, Pod>()
    const put = (p: Pod): void => {
      const old = pods.get(p.metadata!.name!)
      pods.set(p.metadata!.name!, p)
      if (old) h.onUpdate!(old, p)
      else h.onAdd!(p)
    }
    const check = (): void => expect(countGroups(owner, tally.groups('rs-1', 'default'))).toEqual(countPods(owner, controlled(pods), 0))

    put(pod('a'))
    put(pod('b', { ready: true }))
    put(pod('c', { labels: { app: 'web' }, ready: true }))
    put(pod('other', { uid: 'rs-2', ready: true }))
    put(pod('orphan', { uid: '' }))
    put(pod('elsewhere', { namespace: 'prod', ready: true }))
    check()
    expect(countGroups(owner, tally.groups('rs-1', 'default'))).toEqual({ replicas: 3, fullyLabeled: 2, ready: 2, available: 2 })

    put(pod('a', { ready: true }))
    check()
    put(pod('c', { labels: { tier: 'fe', app: 'web' }, ready: true }))
    check()
    put(pod('b', { ready: true, phase: 'Failed' }))
    check()
    put(pod('a', { ready: true, deleting: true }))
    check()
    put(pod('other', { uid: 'rs-1' }))
    check()
    h.onDelete!(pods.get('c')!)
    pods.delete('c')
    check()
    expect(countGroups(owner, tally.groups('rs-1', 'default'))).toEqual({ replicas: 1, fullyLabeled: 1, ready: 0, available: 0 })
    expect(tally.groups('rs-1', 'prod').map((g) => [g.total, g.ready])).toEqual([[1, 1]])
  })

  it('groups pods by label set whatever the key order', () => {
    const tally = new OwnedPodTally()
    const h = tally.handlers()
    h.onAdd!(pod('a', { labels: { app: 'web', tier: 'fe' } }))
    h.onAdd!(pod('b', { labels: { tier: 'fe', app: 'web' } }))
    h.onAdd!(pod('c', { labels: { app: 'web' } }))
    expect(tally.groups('rs-1', 'default').map((g) => g.total).sort()).toEqual([1, 2])
  })

  it('moves a pod between groups when its stored (frozen) label set changes, and only then', () => {
    const tally = new OwnedPodTally()
    const h = tally.handlers()
    const stored = (labels: Record<string, string>, ready = false): Pod => pod('a', { labels: Object.freeze({ ...labels }) as Record<string, string>, ready })
    const totals = () => tally.groups('rs-1', 'default').map((g) => [Object.keys(g.labels ?? {}).sort().join('+'), g.total, g.ready])
    let last = stored({ app: 'web', tier: 'fe' })
    h.onAdd!(last)
    for (const next of [stored({ tier: 'fe', app: 'web' }), stored({ app: 'web', tier: 'fe' }, true)]) {
      h.onUpdate!(last, next)
      last = next
    }
    expect(totals()).toEqual([['app+tier', 1, 1]])
    const relabelled = stored({ app: 'web' }, true)
    h.onUpdate!(last, relabelled)
    expect(totals()).toEqual([['app', 1, 1]])
    h.onUpdate!(relabelled, stored({ app: 'web', extra: 'x' }, true))
    expect(totals()).toEqual([['app+extra', 1, 1]])
  })

  it('moves a pod in and out of its group\'s ready count as it turns Ready and back, with the group kept', () => {
    const tally = new OwnedPodTally()
    const h = tally.handlers()
    const counts = () => tally.groups('rs-1', 'default').map((g) => [g.total, g.ready])
    h.onAdd!(pod('a'))
    const group = tally.groups('rs-1', 'default')[0]
    h.onUpdate!(pod('a'), pod('a', { ready: true }))
    expect(counts()).toEqual([[1, 1]])
    h.onUpdate!(pod('a', { ready: true }), pod('a'))
    expect(counts()).toEqual([[1, 0]])
    h.onAdd!(pod('b', { ready: true }))
    h.onUpdate!(pod('a'), pod('a', { ready: true }))
    expect(counts()).toEqual([[2, 2]])
    expect(tally.groups('rs-1', 'default')[0]).toBe(group)
  })
})
