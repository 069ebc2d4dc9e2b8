import { describe, expect, it } from 'vitest'
import { createClock } from '../../../main/cluster/clock'
import { PodExpectations, expectationsTimeoutMs } from '../../../main/cluster/controllers/replica-manager/expectations'

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
})
