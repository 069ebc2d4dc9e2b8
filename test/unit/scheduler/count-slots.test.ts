import { describe, expect, it } from 'vitest'
import { countEpoch, countSlot } from '../../../main/cluster/scheduler/cache/count-slots'

describe('count slots', () => {
  it('gives a key the same slot while its epoch lasts, and distinct keys distinct slots', () => {
    const a = countSlot('test\u0000a')
    expect(countSlot('test\u0000a')).toBe(a)
    const b = countSlot('test\u0000b')
    if (b.epoch === a.epoch) expect(b.slot).not.toBe(a.slot)
  })

  it('starts over under a new epoch once the table is full, so slots stay few', () => {
    const before = countEpoch()
    const seen: number[] = []
    for (let i = 0; i < 300; i++) seen.push(countSlot(`test\u0000many-${i}`).slot)
    expect(countEpoch()).toBeGreaterThan(before)
    expect(Math.max(...seen)).toBeLessThan(256)
    const again = countSlot('test\u0000many-0')
    expect(again.epoch).toBe(countEpoch())
  })
})
