import { afterEach, describe, expect, it } from 'vitest'
import { createClock, type Clock } from '../../../main/cluster/clock'
import { PodInfo } from '../../../main/cluster/scheduler'
import { ClusterEvents, type ClusterEvent } from '../../../main/cluster/scheduler/framework/events'
import { SchedulingQueue, type QueuedPod } from '../../../main/cluster/scheduler/queue/scheduling-queue'
import { makePod } from './helpers'

let clock: Clock
let queue: SchedulingQueue

function setup(): void {
  clock = createClock({ mode: 'manual', start: Date.parse('2026-01-01T00:00:00Z') })
  queue = new SchedulingQueue({
    clock,
    pluginEvents: new Map<string, Set<ClusterEvent>>([
      ['NodeResourcesFit', new Set([ClusterEvents.NodeAdd, ClusterEvents.AssignedPodDelete])],
      ['TaintToleration', new Set([ClusterEvents.NodeAdd, ClusterEvents.NodeTaint])]
    ])
  })
}

afterEach(() => {
  queue.close()
  clock.dispose()
})

const info = (name: string, priority = 0) => new PodInfo(makePod(name, { priority }))

async function popName(): Promise<string | undefined> {
  return (await queue.pop())?.info.name
}

describe('scheduling queue', () => {
  it('pops higher priority first, then in arrival order', async () => {
    setup()
    queue.add(info('a'))
    queue.add(info('b', 10))
    queue.add(info('c'))
    expect([await popName(), await popName(), await popName()]).toEqual(['b', 'a', 'c'])
  })

  it('backs off 1 s, doubling per attempt, up to 10 s', () => {
    setup()
    const q: QueuedPod = { info: info('a'), timestamp: 0, attempts: 0, unschedulablePlugins: new Set(), consecutiveErrors: 0, seq: 0 }
    const durations = [1, 2, 3, 4, 5, 6, 7].map((attempts) => queue.backoffDuration({ ...q, attempts }))
    expect(durations).toEqual([1000, 2000, 4000, 8000, 10000, 10000, 10000])
  })

  it('keeps an unschedulable pod until an event one of its rejecting plugins registered', async () => {
    setup()
    queue.add(info('a'))
    const q = (await queue.pop())!
    queue.requeueFailed(q, new Set(['NodeResourcesFit']))
    expect(queue.stats().unschedulable).toBe(1)
    expect(queue.moveOnEvent(ClusterEvents.NodeTaint)).toBe(0)
    expect(queue.moveOnEvent(ClusterEvents.NodeAdd)).toBe(1)
    // Its backoff (1 s after one attempt) has not run out: it waits in backoff.
    expect(queue.stats()).toMatchObject({ unschedulable: 0, backoff: 1, active: 0 })
    await clock.step(1000)
    expect(queue.stats()).toMatchObject({ backoff: 0, active: 1 })
    expect(await popName()).toBe('a')
  })

  it('moves a pod whose backoff is over straight to active', async () => {
    setup()
    queue.add(info('a'))
    const q = (await queue.pop())!
    queue.requeueFailed(q, new Set(['TaintToleration']))
    await clock.step(5000)
    queue.moveOnEvent(ClusterEvents.NodeTaint)
    expect(queue.stats()).toMatchObject({ active: 1, backoff: 0 })
  })

  it('retries a pod that failed with no rejecting plugin after its backoff, whatever happens', async () => {
    setup()
    queue.add(info('a'))
    queue.requeueFailed((await queue.pop())!, new Set())
    expect(queue.stats().backoff).toBe(1)
    await clock.step(999)
    expect(queue.stats().active).toBe(0)
    await clock.step(1)
    expect(queue.stats().active).toBe(1)
  })

  it('retries every unschedulable pod after 5 minutes', async () => {
    setup()
    queue.add(info('a'))
    queue.requeueFailed((await queue.pop())!, new Set(['NodeResourcesFit']))
    await clock.step(5 * 60_000)
    expect(queue.stats().unschedulable).toBe(1)
    await clock.step(30_000)
    expect(queue.stats()).toMatchObject({ unschedulable: 0, active: 1 })
  })

  it('retries an unschedulable pod when the pod itself changed in a way that matters', async () => {
    setup()
    queue.add(info('a'))
    queue.requeueFailed((await queue.pop())!, new Set(['NodeResourcesFit']))
    queue.update(info('a'), false)
    expect(queue.stats().unschedulable).toBe(1)
    await clock.step(1000)
    queue.update(info('a'), true)
    expect(queue.stats().active).toBe(1)
  })

  it('holds pods with scheduling gates until they are removed', async () => {
    setup()
    queue.add(new PodInfo(makePod('gated', { spec: { schedulingGates: [{ name: 'example.com/wait' }] } })))
    expect(queue.stats()).toMatchObject({ gated: 1, active: 0 })
    queue.update(info('gated'))
    expect(queue.stats()).toMatchObject({ gated: 0, active: 1 })
  })

  it('forgets a pod deleted while it was being scheduled', async () => {
    setup()
    queue.add(info('a'))
    const q = (await queue.pop())!
    queue.delete('default/a')
    queue.requeueFailed(q, new Set(['NodeResourcesFit']))
    expect(queue.stats()).toMatchObject({ unschedulable: 0, backoff: 0, active: 0 })
  })

  it('stops driving the clock after a few retries no plugin explains (no nodes at all)', async () => {
    setup()
    queue.add(info('a'))
    const q = (await queue.pop())!
    for (let i = 0; i < 5; i++) {
      queue.requeueFailed(q, new Set())
      await clock.step(10_000)
      expect(queue.stats().active).toBe(1)
      await queue.pop()
    }
    // The sixth consecutive retry waits on a background timer: it still fires when time passes.
    queue.requeueFailed(q, new Set())
    expect(queue.stats().backoff).toBe(1)
    await clock.step(10_000)
    expect(queue.stats().active).toBe(1)
  })

  it('resolves pop() with undefined once closed', async () => {
    setup()
    const waiting = queue.pop()
    queue.close()
    expect(await waiting).toBeUndefined()
  })
})
