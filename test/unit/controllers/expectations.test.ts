import { describe, expect, it } from 'vitest'
import { createClock } from '../../../main/cluster/clock'
import type { Pod } from 'kubernetes-types/core/v1'
import { PodExpectations, expectationsTimeoutMs, observePods } from '../../../main/cluster/controllers/expectations'

describe('pod expectations', () => {
  it('an owner never recorded is satisfied', () => {
    const e = new PodExpectations(createClock({ mode: 'manual', start: 0 }))
    expect(e.satisfied('default/web')).toBe(true)
  })

  it('holds back until every expected creation is observed', () => {
    const e = new PodExpectations(createClock({ mode: 'manual', start: 0 }))
    e.expectCreations('default/web', 2)
    expect(e.satisfied('default/web')).toBe(false)
    e.creationObserved('default/web')
    expect(e.satisfied('default/web')).toBe(false)
    e.creationObserved('default/web')
    expect(e.satisfied('default/web')).toBe(true)
  })

  it('counts each expected deletion once, and only expected pods', () => {
    const e = new PodExpectations(createClock({ mode: 'manual', start: 0 }))
    e.expectDeletions('default/web', ['default/web-a', 'default/web-b'])
    e.deletionObserved('default/web', 'default/web-a')
    e.deletionObserved('default/web', 'default/web-a')
    e.deletionObserved('default/web', 'default/other')
    expect(e.satisfied('default/web')).toBe(false)
    e.deletionObserved('default/web', 'default/web-b')
    expect(e.satisfied('default/web')).toBe(true)
  })

  it('expires after five minutes of cluster time', async () => {
    const clock = createClock({ mode: 'manual', start: 0 })
    const e = new PodExpectations(clock)
    e.expectCreations('default/web', 1)
    await clock.step(expectationsTimeoutMs)
    expect(e.satisfied('default/web')).toBe(false)
    await clock.step(1)
    expect(e.satisfied('default/web')).toBe(true)
  })

  it('forgets a deleted owner', () => {
    const e = new PodExpectations(createClock({ mode: 'manual', start: 0 }))
    e.expectCreations('default/web', 3)
    e.delete('default/web')
    expect(e.satisfied('default/web')).toBe(true)
  })

  it('adds up the creations and deletions of one sync, and starts afresh once they are met', () => {
    const e = new PodExpectations(createClock({ mode: 'manual', start: 0 }))
    e.expectDeletions('default/job', ['default/job-a'])
    e.expectCreations('default/job', 1)
    e.deletionObserved('default/job', 'default/job-a')
    expect(e.satisfied('default/job')).toBe(false)
    e.creationObserved('default/job')
    expect(e.satisfied('default/job')).toBe(true)
    // A creation observed beyond what was expected does not lower the next sync's expectation.
    e.creationObserved('default/job')
    e.expectCreations('default/job', 1)
    expect(e.satisfied('default/job')).toBe(false)
  })

  it('an expired expectation is replaced, not added to', async () => {
    const clock = createClock({ mode: 'manual', start: 0 })
    const e = new PodExpectations(clock)
    e.expectCreations('default/web', 5)
    await clock.step(expectationsTimeoutMs + 1)
    e.expectCreations('default/web', 1)
    e.creationObserved('default/web')
    expect(e.satisfied('default/web')).toBe(true)
  })

  describe('pod handlers', () => {
    const pod = (name: string, extra: Partial<Pod['metadata']> = {}): Pod => ({ metadata: { namespace: 'default', name, resourceVersion: '1', ...extra } })
    const ownerOf = (p: Pod) => (p.metadata?.labels?.owner ? `default/${p.metadata.labels.owner}` : undefined)

    it('count an added pod as created, and one that arrives being deleted as deleted', () => {
      const e = new PodExpectations(createClock({ mode: 'manual', start: 0 }))
      const handlers = observePods(e, ownerOf)
      e.expectCreations('default/web', 1)
      e.expectDeletions('default/web', ['default/old'])
      handlers.onAdd(pod('other', { labels: { owner: 'db' } }))
      handlers.onAdd(pod('new', { labels: { owner: 'web' } }))
      expect(e.satisfied('default/web')).toBe(false)
      handlers.onAdd(pod('old', { labels: { owner: 'web' }, deletionTimestamp: '2026-01-01T00:00:00Z' }))
      expect(e.satisfied('default/web')).toBe(true)
    })

    it('count a pod marked for deletion once, whether the mark or the removal comes first', () => {
      const e = new PodExpectations(createClock({ mode: 'manual', start: 0 }))
      const handlers = observePods(e, ownerOf)
      e.expectDeletions('default/web', ['default/a', 'default/b'])
      const a = pod('a', { labels: { owner: 'web' } })
      handlers.onUpdate(a, a)
      expect(e.satisfied('default/web')).toBe(false)
      const marked = pod('a', { labels: { owner: 'web' }, resourceVersion: '2', deletionTimestamp: '2026-01-01T00:00:00Z' })
      handlers.onUpdate(a, marked)
      handlers.onDelete(marked)
      expect(e.satisfied('default/web')).toBe(false)
      handlers.onDelete(pod('b', { labels: { owner: 'web' } }))
      expect(e.satisfied('default/web')).toBe(true)
    })
  })
})
