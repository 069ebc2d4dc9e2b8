import { describe, expect, it } from 'vitest'
import { createClock } from '../../../main/cluster/clock'
import { WorkQueue } from '../../../main/cluster/client/workqueue'
import { turns } from './helpers'

function setup() {
  const clock = createClock({ mode: 'manual', start: 0 })
  return { clock, queue: new WorkQueue({ clock }) }
}

describe('WorkQueue', () => {
  it('stores a key added while it waits once', async () => {
    const { queue } = setup()
    queue.add('a')
    queue.add('b')
    queue.add('a')
    expect(queue.len()).toBe(2)
    expect(await queue.get()).toBe('a')
    expect(await queue.get()).toBe('b')
    expect(queue.len()).toBe(0)
  })

  it('hands a key being processed to no other worker, and re-queues it after done() if re-added', async () => {
    const { queue } = setup()
    queue.add('a')
    expect(await queue.get()).toBe('a')
    queue.add('a')
    queue.add('a')
    expect(queue.len()).toBe(0)
    let second: string | undefined
    void queue.get().then((key) => (second = key))
    await turns()
    expect(second).toBeUndefined()
    queue.done('a')
    await turns()
    expect(second).toBe('a')
  })

  it('does not re-queue a processed key that was not re-added', async () => {
    const { queue } = setup()
    queue.add('a')
    await queue.get()
    queue.done('a')
    expect(queue.len()).toBe(0)
  })

  it('wakes waiting getters in turn as keys arrive', async () => {
    const { queue } = setup()
    const got: string[] = []
    const workers = [queue.get(), queue.get()].map((p) => p.then((key) => got.push(key!)))
    queue.add('x')
    queue.add('y')
    await Promise.all(workers)
    expect(got.sort()).toEqual(['x', 'y'])
  })

  it('adds after a delay of cluster time, keeping the earliest pending delay per key', async () => {
    const { clock, queue } = setup()
    queue.addAfter('a', 100)
    queue.addAfter('a', 50)
    queue.addAfter('a', 500)
    queue.addAfter('now', 0)
    expect(queue.len()).toBe(1)
    await clock.step(49)
    expect(queue.len()).toBe(1)
    await clock.step(1)
    expect(queue.len()).toBe(2)
    await clock.step(1000)
    expect(queue.len()).toBe(2)
  })

  it('schedules delays as background timers, which do not drive an instant clock', async () => {
    const clock = createClock({ mode: 'instant', start: 0 })
    const queue = new WorkQueue({ clock })
    queue.addAfter('a', 1000)
    await turns(30)
    expect(clock.now()).toBe(0)
    expect(queue.len()).toBe(0)
    await clock.sleep(1000)
    expect(queue.len()).toBe(1)
    clock.dispose()
  })

  it('retries a key with per-key exponential backoff until forgotten', async () => {
    const { clock, queue } = setup()
    const arrivals: number[] = []
    void (async () => {
      for (let key = await queue.get(); key; key = await queue.get()) {
        arrivals.push(clock.now())
        queue.done(key)
      }
    })()
    for (let i = 0; i < 4; i++) queue.addRateLimited('a')
    // Each call counts a failure: delays 5, 10, 20, 40; the earliest pending one wins.
    expect(queue.numRequeues('a')).toBe(4)
    await clock.step(5)
    expect(arrivals).toEqual([5])
    queue.addRateLimited('a')
    await clock.step(80)
    expect(arrivals).toEqual([5, 85])
    queue.forget('a')
    expect(queue.numRequeues('a')).toBe(0)
    queue.addRateLimited('a')
    await clock.step(5)
    expect(arrivals).toEqual([5, 85, 90])
  })

  it('drives an instant clock through the first 10 retries of a key, then stops driving it', async () => {
    const clock = createClock({ mode: 'instant', start: 0 })
    const queue = new WorkQueue({ clock })
    let tries = 0
    void (async () => {
      for (let key = await queue.get(); key; key = await queue.get()) {
        tries++
        queue.addRateLimited(key) // always fails
        queue.done(key)
      }
    })()
    queue.add('a')
    await turns(400)
    // The first try plus 10 foreground retries: 5 + 10 + ... + 2560 ms = 5115 ms.
    expect(tries).toBe(11)
    expect(clock.now()).toBe(5115)
    expect(queue.numRequeues('a')).toBe(11)
    await turns(100)
    expect(clock.now()).toBe(5115)
    queue.shutDown()
    clock.dispose()
  })

  it('keeps one wait per key: the earliest, foreground if either request was', async () => {
    const clock = createClock({ mode: 'instant', start: 0 })
    const queue = new WorkQueue({ clock })
    queue.addAfter('a', 100)
    queue.addAfter('a', 200, { background: false })
    await turns(30)
    expect(clock.now()).toBe(100)
    expect(queue.len()).toBe(1)
    clock.dispose()
  })

  it('resolves getters with undefined and drops everything on shutDown', async () => {
    const { clock, queue } = setup()
    const waiting = queue.get()
    queue.addAfter('later', 10)
    queue.shutDown()
    expect(await waiting).toBeUndefined()
    queue.add('a')
    expect(queue.len()).toBe(0)
    await clock.step(100)
    expect(queue.len()).toBe(0)
    expect(await queue.get()).toBeUndefined()
    expect(queue.isShuttingDown()).toBe(true)
  })
})
