import { describe, expect, it } from 'vitest'
import { GroupCommitter } from '../../../main/cluster/storage/group-commit'

describe('GroupCommitter', () => {
  it('persists the items of one turn together, in order, within the batch bounds', async () => {
    const batches: number[][] = []
    const durable: number[][] = []
    const c = new GroupCommitter<number>({
      maxItems: 4,
      maxBytes: 1_000,
      sizeOf: (n) => (n === 99 ? 5_000 : 1),
      persist: async (b) => void batches.push([...b]),
      onDurable: (b) => durable.push([...b]),
      onFailure: () => {
        throw new Error('unexpected')
      }
    })
    for (const n of [1, 2, 3, 4, 5, 6, 99, 7]) c.add(n)
    await c.whenIdle()
    expect(batches).toEqual([[1, 2, 3, 4], [5, 6, 99], [7]])
    expect(durable).toEqual(batches)
    expect(c.busy).toBe(false)
  })

  it('on failure rejects the batch and everything queued, and persists nothing more', async () => {
    let failed: number[] = []
    let calls = 0
    const c = new GroupCommitter<number>({
      maxItems: 2,
      maxBytes: 1_000,
      sizeOf: () => 1,
      persist: async () => {
        calls++
        throw new Error('disk full')
      },
      onDurable: () => {
        throw new Error('unexpected')
      },
      onFailure: (_e, items) => (failed = items)
    })
    for (const n of [1, 2, 3]) c.add(n)
    await c.whenIdle()
    expect(calls).toBe(1)
    expect(failed).toEqual([1, 2, 3])
  })
})
