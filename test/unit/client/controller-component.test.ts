import { describe, expect, it } from 'vitest'
import { createClock } from '../../../main/cluster/clock'
import { ControllerComponent, type ControllerContext } from '../../../main/cluster/client/controller-component'
import type { EventRecorder, EventSource } from '../../../main/cluster/client/event-recorder'
import { SharedInformerFactory } from '../../../main/cluster/client/informer-factory'
import { objectKey } from '../../../main/cluster/client/indexer-keys'
import { silentLogger } from '../../../main/cluster/client/controller-logger'
import { FakeClient, pod } from './fake-resource-client'
import { turns } from './helpers'

const pods = { group: '', version: 'v1', resource: 'pods' }

function setup() {
  const clock = createClock({ mode: 'manual', start: 0 })
  const client = new FakeClient()
  const sources: EventSource[] = []
  const log: string[] = []
  const ctx: ControllerContext = {
    client,
    informers: new SharedInformerFactory({ client, clock }),
    logger: silentLogger,
    events: (source) => {
      sources.push(source)
      const recorder: EventRecorder = {
        event: () => {},
        flush: async () => {
          log.push('flushed')
        }
      }
      return recorder
    }
  }
  return { ctx, fake: client.fake('pods'), sources, log }
}

describe('ControllerComponent', () => {
  it('records events as the controller and runs its controllers under its name', async () => {
    const { ctx, fake, sources, log } = setup()
    fake.put(pod('a', 'p1'))
    const component = new ControllerComponent(ctx, 'test-controller')
    const controller = component.controller({ watches: [{ resource: pods }], reconcile: async (key) => void log.push(`reconcile ${key}`) })
    expect(sources).toEqual([{ component: 'test-controller' }])
    expect(controller.definition.name).toBe('test-controller')
    await component.start()
    await turns()
    expect(log).toEqual(['reconcile a/p1'])
    await component.stop()
    expect(log.at(-1)).toBe('flushed')
  })

  it('subscribes bookkeeping handlers before any worker runs, and unsubscribes them on stop', async () => {
    const { ctx, fake } = setup()
    fake.put(pod('a', 'p1'))
    const component = new ControllerComponent(ctx, 'test-controller')
    const seen = new Set<string>()
    const informer = component.informer(pods)
    component.handle(informer, { onAdd: (obj) => seen.add(objectKey(obj)) })
    const seenAtReconcile: boolean[] = []
    component.controller({ watches: [{ resource: pods }], reconcile: async (key) => void seenAtReconcile.push(seen.has(key)) })
    await component.start()
    await turns()
    expect(seenAtReconcile).toEqual([true])
    await component.stop()
    fake.put(pod('a', 'p2'))
    await turns()
    expect(seen.has('a/p2')).toBe(false)
  })

  it('starts and stops every controller it runs', async () => {
    const { ctx, fake } = setup()
    fake.put(pod('a', 'p1'))
    const component = new ControllerComponent(ctx, 'two-queues')
    const calls: string[] = []
    component.controller({ watches: [{ resource: pods }], reconcile: async (key) => void calls.push(`first ${key}`) })
    const second = component.controller({ name: 'two-queues-second', watches: [{ resource: pods }], reconcile: async (key) => void calls.push(`second ${key}`) })
    expect(second.definition.name).toBe('two-queues-second')
    await component.start()
    await turns()
    expect(calls.sort()).toEqual(['first a/p1', 'second a/p1'])
    await component.stop()
    expect(second.queue.isShuttingDown()).toBe(true)
  })
})
