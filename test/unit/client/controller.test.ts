import { describe, expect, it } from 'vitest'
import type { Pod } from 'kubernetes-types/core/v1'
import { createClock } from '../../../main/cluster/clock'
import { Controller, type ControllerDefinition } from '../../../main/cluster/client/controller'
import { controllerOwnerKeys } from '../../../main/cluster/client/controller-keys'
import { SharedInformerFactory } from '../../../main/cluster/client/informer-factory'
import type { Logger } from '../../../main/cluster/client/controller-logger'
import { FakeClient, pod } from './fake-resource-client'
import { gate, turns } from './helpers'

const pods = { group: '', version: 'v1', resource: 'pods' }

function setup() {
  const clock = createClock({ mode: 'manual', start: 0 })
  const client = new FakeClient()
  const errors: string[] = []
  const logger: Logger = { info() {}, warn() {}, error: (m) => errors.push(m) }
  const factory = new SharedInformerFactory({ client, clock, logger })
  return { clock, client, fake: client.fake('pods'), factory, errors }
}

/** A controller whose reconcile records its calls and runs `body` (default: succeed). */
function recording(body: (key: string) => Promise<void> = async () => {}, extra: Partial<ControllerDefinition> = {}) {
  const calls: string[] = []
  const definition: ControllerDefinition = {
    name: 'test-controller',
    watches: [{ resource: pods }],
    reconcile: async (key) => {
      calls.push(key)
      await body(key)
    },
    ...extra
  }
  return { calls, definition }
}

describe('Controller', () => {
  it('reconciles every key once the caches have synced', async () => {
    const { fake, factory } = setup()
    fake.put(pod('a', 'p1'))
    fake.put(pod('a', 'p2'))
    const { calls, definition } = recording()
    const controller = new Controller(definition, { factory })
    await controller.start()
    await turns()
    expect(calls.sort()).toEqual(['a/p1', 'a/p2'])
    fake.put(pod('b', 'p3'))
    await turns()
    expect(calls.at(-1)).toBe('b/p3')
    await controller.stop()
  })

  it('enqueues the keys a watch maps an object to (here: the owning ReplicaSet)', async () => {
    const { fake, factory } = setup()
    fake.put(pod('a', 'p1', { owner: { kind: 'ReplicaSet', name: 'rs-1', uid: 'u1' } }))
    fake.put(pod('a', 'p2', { owner: { kind: 'ReplicaSet', name: 'rs-1', uid: 'u1' } }))
    fake.put(pod('a', 'orphan'))
    const { calls, definition } = recording(async () => {}, {
      watches: [{ resource: pods, keys: controllerOwnerKeys('ReplicaSet', 'apps') }]
    })
    const controller = new Controller(definition, { factory })
    await controller.start()
    await turns()
    expect(calls).toEqual(['a/rs-1'])
    await controller.stop()
  })

  it('enqueues the keys of both versions on an update, the old one\'s first (a pod moving between nodes)', async () => {
    const { fake, factory } = setup()
    fake.put(pod('a', 'p1', { nodeName: 'n1' }))
    const { calls, definition } = recording(async () => {}, {
      watches: [{ resource: pods, keys: (p: Pod) => (p.spec?.nodeName ? [p.spec.nodeName] : []) }]
    })
    const controller = new Controller(definition, { factory })
    await controller.start()
    await turns()
    expect(calls).toEqual(['n1'])
    fake.put(pod('a', 'p1', { nodeName: 'n2' }))
    await turns()
    expect(calls).toEqual(['n1', 'n1', 'n2'])
    await controller.stop()
  })

  it('shares one informer (one list, one watch) between controllers watching the same resource', async () => {
    const { fake, factory } = setup()
    fake.put(pod('a', 'p1'))
    const first = recording()
    const second = recording()
    const c1 = new Controller(first.definition, { factory })
    const c2 = new Controller(second.definition, { factory })
    await Promise.all([c1.start(), c2.start()])
    await turns()
    expect(factory.informerFor(pods)).toBe(factory.informerFor(pods))
    expect(fake.listCalls).toBe(1)
    expect(fake.watchCalls).toHaveLength(1)
    expect(first.calls).toEqual(['a/p1'])
    expect(second.calls).toEqual(['a/p1'])
    await Promise.all([c1.stop(), c2.stop()])
  })

  it('retries a failing key with exponential backoff on the clock, logs the error once, and forgets on success', async () => {
    const { clock, fake, factory, errors } = setup()
    fake.put(pod('a', 'p1'))
    const times: number[] = []
    let failures = 4
    const { definition } = recording(async () => {
      times.push(clock.now())
      if (failures-- > 0) throw new Error('conflict')
    })
    const controller = new Controller(definition, { factory })
    await controller.start()
    await clock.step(1000)
    // Tries at 0, then after 5, 10, 20 and 40 ms of backoff.
    expect(times).toEqual([0, 5, 15, 35, 75])
    expect(errors).toEqual(['test-controller: reconcile a/p1 failed, retrying with backoff: conflict'])
    expect(controller.queue.numRequeues('a/p1')).toBe(0)
    await controller.stop()
  })

  it('collapses a burst of events for a key being reconciled into one more reconcile', async () => {
    const { fake, factory } = setup()
    fake.put(pod('a', 'p1'))
    const held = gate()
    const { calls, definition } = recording(() => (calls.length === 1 ? held.promise : Promise.resolve()))
    const controller = new Controller(definition, { factory })
    await controller.start()
    await turns()
    expect(calls).toEqual(['a/p1'])
    for (let i = 0; i < 50; i++) fake.put({ ...pod('a', 'p1'), metadata: { ...pod('a', 'p1').metadata, labels: { i: String(i) } } })
    await turns()
    expect(calls).toEqual(['a/p1'])
    held.open()
    await turns()
    expect(calls).toEqual(['a/p1', 'a/p1'])
    await controller.stop()
  })

  it('runs keys on several workers, never one key on two at once', async () => {
    const { fake, factory } = setup()
    for (let i = 0; i < 6; i++) fake.put(pod('a', `p${i}`))
    let running = 0
    let maxRunning = 0
    let overlaps = 0
    const active = new Set<string>()
    const { calls, definition } = recording(
      async (key) => {
        if (active.has(key)) overlaps++
        active.add(key)
        maxRunning = Math.max(maxRunning, ++running)
        await turns(2)
        if (key === 'a/p0' && calls.filter((k) => k === key).length === 1) fake.put({ ...pod('a', 'p0'), metadata: { ...pod('a', 'p0').metadata, labels: { x: '1' } } })
        running--
        active.delete(key)
      },
      { workers: 3 }
    )
    const controller = new Controller(definition, { factory })
    await controller.start()
    await turns(40)
    expect(maxRunning).toBe(3)
    expect(overlaps).toBe(0)
    expect(calls.filter((k) => k === 'a/p0')).toHaveLength(2)
    expect(new Set(calls).size).toBe(6)
    await controller.stop()
  })

  it('requeues after the delay a reconcile asks for', async () => {
    const { clock, fake, factory } = setup()
    fake.put(pod('a', 'p1'))
    const times: number[] = []
    const controller = new Controller(
      {
        name: 'deadline',
        watches: [{ resource: pods }],
        reconcile: async () => {
          times.push(clock.now())
          return times.length < 3 ? { requeueAfter: 30_000 } : undefined
        }
      },
      { factory }
    )
    await controller.start()
    await clock.step(120_000)
    expect(times).toEqual([0, 30_000, 60_000])
    await controller.stop()
  })

  it('stops after in-flight reconciles finish and takes no more work', async () => {
    const { fake, factory } = setup()
    fake.put(pod('a', 'p1'))
    const held = gate()
    const { calls, definition } = recording(() => held.promise)
    const controller = new Controller(definition, { factory })
    await controller.start()
    await turns()
    let stopped = false
    const stopping = controller.stop().then(() => (stopped = true))
    await turns()
    expect(stopped).toBe(false)
    held.open()
    await stopping
    fake.put(pod('a', 'p2'))
    await turns()
    expect(calls).toEqual(['a/p1'])
  })

  it('yields to the event loop once a turn\'s budget is spent, even when reconciles never wait on I/O', async () => {
    const { fake, factory } = setup()
    const keys = 40
    for (let i = 0; i < keys; i++) fake.put(pod('a', `p${i}`))
    // Each reconcile holds the CPU for 1 ms and resolves without I/O: without the budget, all would run in one turn.
    const busy = async () => {
      const until = performance.now() + 1
      while (performance.now() < until);
    }
    const { calls, definition } = recording(busy, { workers: 3 })
    let turn = 0
    const turnOf: number[] = []
    let ticking = true
    const tick = (): void => {
      turn++
      if (ticking) setImmediate(tick)
    }
    setImmediate(tick)
    const controller = new Controller({ ...definition, reconcile: async (key) => (turnOf.push(turn), definition.reconcile(key)) }, { factory })
    await controller.start()
    for (let i = 0; i < 1000 && calls.length < keys; i++) await turns(1)
    ticking = false
    expect(calls).toHaveLength(keys)
    const perTurn = new Map<number, number>()
    for (const t of turnOf) perTurn.set(t, (perTurn.get(t) ?? 0) + 1)
    // The 4 ms budget and one key more (the budget is checked before each key); a budget starts anew at the
    // check phase, so one turn of the loop may see two of them: never the 40 keys at once.
    expect(Math.max(...perTurn.values())).toBeLessThanOrEqual(10)
    expect(perTurn.size).toBeGreaterThanOrEqual(4)
    await controller.stop()
  })

  it('accepts kubernetes-types kinds in watches', () => {
    const definition: ControllerDefinition = {
      name: 'typed',
      watches: [{ resource: pods, keys: (p: Pod) => (p.spec?.nodeName ? [p.spec.nodeName] : []) }],
      reconcile: async () => {}
    }
    expect(definition.watches).toHaveLength(1)
  })
})
