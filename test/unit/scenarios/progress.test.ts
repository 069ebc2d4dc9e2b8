/**
 * Progress read back from <data dir>/lessons.json: what has the right shape
 * is kept, the rest (unknown lessons, damaged fields) is forgotten.
 */
import { describe, expect, it } from 'vitest'
import { sanitizeSaved } from '../../../main/cluster/scenarios/progress'

const known = (id: string): boolean => ['guestbook', 'scale-rc'].includes(id)

describe('sanitizeSaved', () => {
  it('keeps well-formed progress of known lessons', () => {
    const created = [{ gvr: { group: '', version: 'v1', resource: 'replicationcontrollers' }, namespace: 'default', name: 'frontend' }]
    const saved = { active: 'scale-rc', progress: { 'scale-rc': { step: 1, passed: ['start'], created } } }
    expect(sanitizeSaved(saved, known)).toEqual(saved)
  })

  it('forgets what is damaged or unknown, without failing', () => {
    expect(sanitizeSaved(null, known)).toEqual({ active: '', progress: {} })
    expect(sanitizeSaved('x', known)).toEqual({ active: '', progress: {} })
    expect(
      sanitizeSaved({ active: 'gone', progress: { gone: { step: 1 }, guestbook: { step: -2, passed: ['a', 3], created: [{ name: 'x' }, null] }, 'scale-rc': 7 } }, known)
    ).toEqual({ active: '', progress: { guestbook: { step: 0, passed: ['a'], created: [] } } })
  })
})
