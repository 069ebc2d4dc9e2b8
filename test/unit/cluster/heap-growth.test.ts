import { describe, expect, it } from 'vitest'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { currentGrowingPercent, FROM, growingPercent, HEADROOM, MAX_PERCENT, MIN_PERCENT, startHeapGrowth } from '../../../main/cluster/heap-growth'
import { waitFor } from '../../support/wait'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

const MiB = 2 ** 20

/** More live heap than the headroom: 1 MiB arrays of doubles. */
function moreThanTheHeadroom(): number[][] {
  return Array.from({ length: HEADROOM / MiB + 64 }, () => new Array<number>(MiB / 8).fill(1.5))
}

describe('heap growth policy', () => {
  it('lets a large heap grow by a fixed headroom past what a full GC left live, within V8-like bounds; a smaller one as V8 decides', () => {
    expect(growingPercent(10 * MiB, 0)).toBe(MAX_PERCENT)
    expect(growingPercent(HEADROOM / 2, 0)).toBe(200)
    expect(growingPercent(HEADROOM, 0)).toBe(100)
    expect(growingPercent(2 * HEADROOM, 0)).toBe(50)
    expect(growingPercent(4 * HEADROOM)).toBe(25)
    expect(growingPercent(16 * 1024 * MiB)).toBe(MIN_PERCENT)
    expect(growingPercent(FROM - 1)).toBe(0)
    expect(growingPercent(FROM)).toBe(25)
  })

  it('follows the live heap after full GCs, and hands the choice back to V8 when the last user stops', async () => {
    // From a small live heap on, so that the test need not hold FROM's 768 MiB.
    const stopA = startHeapGrowth(0)
    const stopB = startHeapGrowth(0)
    const holder: { held?: number[][] } = { held: moreThanTheHeadroom() }
    gc()
    await waitFor(() => currentGrowingPercent() >= MIN_PERCENT && currentGrowingPercent() < 100, 'a growth limit under 100% after a full GC')
    delete holder.held
    gc()
    await waitFor(() => currentGrowingPercent() > 100, 'more growth once the heap is small again')
    stopA()
    stopA()
    holder.held = moreThanTheHeadroom()
    gc()
    await waitFor(() => currentGrowingPercent() < 100, 'the policy still running for the other user')
    stopB()
    expect(currentGrowingPercent()).toBe(0)
    delete holder.held
  })
})
