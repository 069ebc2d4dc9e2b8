import { afterEach, describe, expect, it, vi } from 'vitest'
import { TurnBudget } from '../../../main/cluster/client/turn-budget'
import type { Clock } from '../../../main/cluster/clock/types'

/** A clock whose holds are counted: yielding holds it, so an instant clock waits for the busy worker. */
function heldClock(): { clock: Clock; held: () => number } {
  let held = 0
  const clock = { hold: () => (held++, () => void held--) } as unknown as Clock
  return { clock, held: () => held }
}

/** Resolves after the event loop has gone round `n` times (each setImmediate is one check phase). */
const turns = async (n: number): Promise<void> => {
  for (let i = 0; i < n; i++) await new Promise<void>((r) => setImmediate(r))
}

describe('TurnBudget', () => {
  afterEach(() => vi.restoreAllMocks())

  it('lets workers that yielded together resume one turn each once the first spends the budget again', async () => {
    let now = 0
    vi.spyOn(performance, 'now').mockImplementation(() => now)
    const budget = new TurnBudget(4)
    const { clock, held } = heldClock()
    budget.begin()
    now = 5
    expect(budget.spent()).toBe(true)
    const resumed: string[] = []
    const worker = async (name: string): Promise<void> => {
      await budget.yield(clock)
      resumed.push(name)
      // This worker's piece of work spends the new turn's budget.
      now += 5
    }
    const all = Promise.all([worker('a'), worker('b'), worker('c')])
    expect(held()).toBe(3)
    await turns(1)
    // One resumed; the others found the budget spent again and wait for later turns, still holding the clock.
    expect(resumed).toEqual(['a'])
    expect(held()).toBe(2)
    await all
    expect(resumed).toEqual(['a', 'b', 'c'])
    expect(held()).toBe(0)
  })

  it('lets yielded workers resume in the same turn while the budget lasts', async () => {
    let now = 0
    vi.spyOn(performance, 'now').mockImplementation(() => now)
    const budget = new TurnBudget(4)
    const { clock } = heldClock()
    budget.begin()
    now = 5
    const resumed: string[] = []
    const all = Promise.all(['a', 'b', 'c'].map(async (name) => {
      await budget.yield(clock)
      resumed.push(name)
      now += 1
    }))
    await turns(1)
    expect(resumed).toEqual(['a', 'b', 'c'])
    await all
  })
})
