import { describe, expect, it } from 'vitest'
import { TimerHeap, type HeapTimer } from '../../../main/cluster/clock/timer-heap'

function timer(due: number, name: string, out: string[], background = false): HeapTimer {
  return { due, seq: 0, background, callback: () => out.push(name), index: -1 }
}

function drain(heap: TimerHeap): void {
  for (let t = heap.peek(); t; t = heap.peek()) {
    heap.remove(t)
    t.callback()
  }
}

describe('TimerHeap', () => {
  it('pops in due order, FIFO among equal due times', () => {
    const heap = new TimerHeap()
    const out: string[] = []
    for (const [due, name] of [[30, 'c'], [10, 'a1'], [20, 'b'], [10, 'a2'], [10, 'a3'], [5, 'z']] as const) {
      heap.push(timer(due, name, out))
    }
    drain(heap)
    expect(out).toEqual(['z', 'a1', 'a2', 'a3', 'b', 'c'])
  })

  it('removes arbitrary entries and keeps order', () => {
    const heap = new TimerHeap()
    const out: string[] = []
    const timers = Array.from({ length: 200 }, (_, i) => timer((i * 7919) % 101, String(i), out))
    for (const t of timers) heap.push(t)
    for (let i = 0; i < 200; i += 3) expect(heap.remove(timers[i])).toBe(true)
    expect(heap.remove(timers[0])).toBe(false)
    drain(heap)
    // Pushed in index order, so ties break by index.
    const expected = timers
      .map((t, i) => ({ due: t.due, i }))
      .filter(({ i }) => i % 3 !== 0)
      .sort((a, b) => a.due - b.due || a.i - b.i)
      .map(({ i }) => String(i))
    expect(out).toEqual(expected)
  })

  it('counts foreground timers', () => {
    const heap = new TimerHeap()
    const a = timer(1, 'a', [])
    const b = timer(2, 'b', [], true)
    heap.push(a)
    heap.push(b)
    expect(heap.foregroundCount).toBe(1)
    heap.remove(a)
    expect(heap.foregroundCount).toBe(0)
    expect(heap.size).toBe(1)
    heap.clear()
    expect(heap.size).toBe(0)
  })
})
