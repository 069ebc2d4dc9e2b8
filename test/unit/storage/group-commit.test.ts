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

describe('GroupCommitter pipelining (maxInFlight > 1)', () => {
  it('cuts a batch as soon as pipelineItems wait, keeps at most maxInFlight in flight, and completes in start order', async () => {
    const started: number[][] = []
    const durable: number[][] = []
    const release: Array<() => void> = []
    let inFlight = 0
    let maxSeen = 0
    const c = new GroupCommitter<number>({
      maxItems: 100,
      maxBytes: 1_000_000,
      sizeOf: () => 1,
      maxInFlight: 2,
      pipelineItems: 3,
      persist: (b) => {
        started.push([...b])
        maxSeen = Math.max(maxSeen, ++inFlight)
        return new Promise<void>((resolve) => release.push(() => (inFlight--, resolve())))
      },
      onDurable: (b) => durable.push([...b]),
      onFailure: () => {
        throw new Error('unexpected')
      }
    })
    for (let n = 1; n <= 8; n++) c.add(n)
    // Two batches of 3 left at once (synchronously); the rest waits for a free slot.
    expect(started).toEqual([
      [1, 2, 3],
      [4, 5, 6]
    ])
    // The second batch is durable first: nothing is reported until the first one is.
    release[1]()
    await new Promise((resolve) => setImmediate(resolve))
    expect(durable).toEqual([])
    release[0]()
    await new Promise((resolve) => setImmediate(resolve))
    expect(durable).toEqual([
      [1, 2, 3],
      [4, 5, 6]
    ])
    await new Promise((resolve) => setImmediate(resolve))
    expect(started[2]).toEqual([7, 8])
    release[2]()
    await c.whenIdle()
    expect(durable).toEqual(started)
    expect(maxSeen).toBe(2)
  })

  it('a failed batch fails the batches in flight after it and everything queued', async () => {
    const failed: number[] = []
    const durable: number[] = []
    let call = 0
    const c = new GroupCommitter<number>({
      maxItems: 100,
      maxBytes: 1_000_000,
      sizeOf: () => 1,
      maxInFlight: 3,
      pipelineItems: 2,
      persist: async () => {
        if (++call === 2) throw new Error('disk full')
      },
      onDurable: (b) => durable.push(...b),
      onFailure: (_e, items) => failed.push(...items)
    })
    for (let n = 1; n <= 7; n++) c.add(n)
    await c.whenIdle()
    expect(durable).toEqual([1, 2])
    expect(failed.sort()).toEqual([3, 4, 5, 6, 7])
    c.add(8)
    expect(failed).toContain(8)
  })
})
