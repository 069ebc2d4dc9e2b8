import { describe, expect, it } from 'vitest'
import { AppendQueue } from '../../../main/cluster/storage/append-queue'

describe('AppendQueue', () => {
  it('appends one batch at a time, in order, joining the batches that waited (up to maxJoined records)', async () => {
    const appends: number[][] = []
    let running = 0
    let release: (() => void) | undefined
    const q = new AppendQueue<number>(async (records) => {
      expect(running).toBe(0) // never two appends at once
      running++
      appends.push([...records])
      if (records[0] === 1) await new Promise<void>((resolve) => (release = resolve))
      running--
    }, 4)
    const first = q.push([1])
    const acks: number[] = []
    const rest = [[2, 3], [4], [5, 6], [7]].map((b) => q.push(b).then(() => acks.push(b[0])))
    await new Promise((resolve) => setImmediate(resolve))
    expect(appends).toEqual([[1]])
    release!()
    await first
    await Promise.all(rest)
    expect(appends).toEqual([[1], [2, 3, 4], [5, 6, 7]])
    expect(acks).toEqual([2, 4, 5, 7])
  })

  it('a failed append rejects every batch joined in it, and the queue goes on with the next', async () => {
    const q = new AppendQueue<number>(async (records) => {
      if (records.includes(2)) throw new Error('disk full')
    }, 10)
    const a = q.push([1])
    const b = q.push([2])
    const c = q.push([3])
    await expect(a).resolves.toBeUndefined()
    await expect(b).rejects.toThrow('disk full')
    await expect(c).rejects.toThrow('disk full')
  })
})
