import { describe, expect, it } from 'vitest'
import { slowStartBatch, slowStartBatchSizes } from '../../../main/cluster/controllers/replica-manager/slow-start'

describe('slow-start batches', () => {
  it('doubles the batch size from 1 until the count is reached', () => {
    expect(slowStartBatchSizes(0)).toEqual([])
    expect(slowStartBatchSizes(1)).toEqual([1])
    expect(slowStartBatchSizes(3)).toEqual([1, 2])
    expect(slowStartBatchSizes(10)).toEqual([1, 2, 4, 3])
    expect(slowStartBatchSizes(15)).toEqual([1, 2, 4, 8])
    expect(slowStartBatchSizes(500)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 245])
    expect(slowStartBatchSizes(10, 3)).toEqual([3, 6, 1])
  })

  it('runs each batch in parallel and the next only after it', async () => {
    const seen: number[] = []
    let running = 0
    let batch = 0
    const result = await slowStartBatch(7, 1, async () => {
      running++
      seen.push(batch)
      await Promise.resolve()
      if (--running === 0) batch++
    })
    expect(result).toEqual({ successes: 7 })
    expect(seen).toEqual([0, 1, 1, 2, 2, 2, 2])
  })

  it('stops after the first batch with a failure and counts its successes', async () => {
    let calls = 0
    const result = await slowStartBatch(20, 1, async () => {
      // Calls 1 to 3 (batches of 1 and 2) succeed; in the batch of 4 the second call fails.
      if (++calls === 5) throw new Error('quota exceeded')
    })
    expect(calls).toBe(7)
    expect(result.successes).toBe(6)
    expect((result.error as Error).message).toBe('quota exceeded')
  })

  it('a failing first call stops everything', async () => {
    let calls = 0
    const result = await slowStartBatch(100, 1, async () => {
      calls++
      throw new Error('forbidden')
    })
    expect(calls).toBe(1)
    expect(result.successes).toBe(0)
  })
})
