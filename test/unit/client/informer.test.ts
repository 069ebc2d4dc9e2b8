import { describe, expect, it } from 'vitest'
import { createClock } from '../../../main/cluster/clock'
import type { KubeObject } from '../../../main/cluster/apimachinery/types'
import { Informer, type EventHandlers } from '../../../main/cluster/client/informer'
import { IndexNames } from '../../../main/cluster/client/indexer-builtins'
import { FakeResourceClient, pod } from './fake-resource-client'
import { turns } from './helpers'

/** Records handler calls as readable strings: `add a/p1@3`, `update a/p1 3->4`, `delete a/p1`. */
function recorder(): { log: string[]; handlers: EventHandlers } {
  const log: string[] = []
  const id = (o: KubeObject) => `${o.metadata.namespace}/${o.metadata.name}`
  return {
    log,
    handlers: {
      onAdd: (o) => log.push(`add ${id(o)}@${o.metadata.resourceVersion}`),
      onUpdate: (a, b) => log.push(`update ${id(b)} ${a.metadata.resourceVersion}->${b.metadata.resourceVersion}`),
      onDelete: (o) => log.push(`delete ${id(o)}`)
    }
  }
}

function setup(options: { resyncPeriod?: number; namespace?: string } = {}) {
  const clock = createClock({ mode: 'manual', start: 0 })
  const fake = new FakeResourceClient()
  const informer = new Informer({ client: fake, clock, ...options })
  const { log, handlers } = recorder()
  informer.addEventHandler(handlers)
  return { clock, fake, informer, log }
}

describe('Informer', () => {
  it('lists, then watches from the list’s resourceVersion, keeping the cache and telling handlers', async () => {
    const { fake, informer, log } = setup()
    fake.put(pod('a', 'p1'))
    fake.put(pod('a', 'p2'))
    expect(informer.hasSynced()).toBe(false)
    informer.start()
    expect(await informer.waitForSync()).toBe(true)
    expect(informer.hasSynced()).toBe(true)
    expect(log).toEqual(['add a/p1@1', 'add a/p2@2'])
    expect(fake.watchCalls[0].resourceVersion).toBe('2')
    expect(informer.lastSyncResourceVersion()).toBe('2')

    fake.put(pod('a', 'p3'))
    fake.put({ ...pod('a', 'p1'), metadata: { ...pod('a', 'p1').metadata, labels: { v: '2' } } })
    fake.remove('a', 'p2')
    await turns()
    expect(log.slice(2)).toEqual(['add a/p3@3', 'update a/p1 1->4', 'delete a/p2'])
    expect(informer.get('a/p1')?.metadata.labels).toEqual({ v: '2' })
    expect(informer.getByName('a', 'p2')).toBeUndefined()
    expect(informer.list().map((o) => o.metadata.name).sort()).toEqual(['p1', 'p3'])
    expect(informer.lastSyncResourceVersion()).toBe('5')
  })

  it('loses no change made between the list and the watch', async () => {
    const { fake, informer, log } = setup()
    fake.put(pod('a', 'p1'))
    fake.afterListSnapshot = () => {
      fake.afterListSnapshot = undefined
      fake.put(pod('a', 'late'))
    }
    informer.start()
    await informer.waitForSync()
    await turns()
    expect(log).toEqual(['add a/p1@1', 'add a/late@2'])
  })

  it('answers index queries from the cache', async () => {
    const { fake, informer } = setup()
    fake.put(pod('a', 'p1', { nodeName: 'n1', labels: { app: 'web' } }))
    fake.put(pod('b', 'p2', { nodeName: 'n1', owner: { kind: 'ReplicaSet', name: 'rs', uid: 'u1' } }))
    fake.put(pod('b', 'p3', { nodeName: 'n2' }))
    informer.addIndexers({ image: (o) => ((o.spec as { containers: { image: string }[] }).containers ?? []).map((c) => c.image) })
    informer.start()
    await informer.waitForSync()
    const names = (objs: KubeObject[]) => objs.map((o) => o.metadata.name).sort()
    expect(names(informer.byIndex(IndexNames.nodeName, 'n1'))).toEqual(['p1', 'p2'])
    expect(names(informer.byIndex(IndexNames.namespace, 'b'))).toEqual(['p2', 'p3'])
    expect(names(informer.byIndex(IndexNames.label, 'app=web'))).toEqual(['p1'])
    expect(names(informer.byIndex(IndexNames.ownerUid, 'u1'))).toEqual(['p2'])
    expect(names(informer.byIndex('image', 'nginx'))).toEqual(['p1', 'p2', 'p3'])
  })

  it('watches one namespace when asked to', async () => {
    const { fake, informer, log } = setup({ namespace: 'a' })
    fake.put(pod('a', 'p1'))
    fake.put(pod('b', 'p2'))
    informer.start()
    await informer.waitForSync()
    fake.put(pod('b', 'p3'))
    fake.put(pod('a', 'p4'))
    await turns()
    expect(log).toEqual(['add a/p1@1', 'add a/p4@4'])
  })

  it('re-delivers every cached object as an update on each resync period', async () => {
    const { clock, fake, informer, log } = setup({ resyncPeriod: 1000 })
    fake.put(pod('a', 'p1'))
    fake.put(pod('a', 'p2'))
    informer.start()
    await informer.waitForSync()
    log.length = 0
    await clock.step(999)
    expect(log).toEqual([])
    await clock.step(1)
    expect(log).toEqual(['update a/p1 1->1', 'update a/p2 2->2'])
    await clock.step(2000)
    expect(log).toHaveLength(6)
  })

  it('re-lists after a watch ERROR 410 Expired and delivers what changed meanwhile', async () => {
    const { fake, informer, log } = setup()
    fake.put(pod('a', 'changed'))
    fake.put(pod('a', 'deleted'))
    fake.put(pod('a', 'same'))
    informer.start()
    await informer.waitForSync()
    log.length = 0

    // The watch breaks; these changes happen while it is gone and are never streamed.
    fake.expire()
    fake.put({ ...pod('a', 'changed'), metadata: { ...pod('a', 'changed').metadata, labels: { v: '2' } } })
    fake.remove('a', 'deleted')
    fake.put(pod('a', 'created'))
    await turns()

    expect(fake.listCalls).toBe(2)
    expect(log.sort()).toEqual(['add a/created@6', 'delete a/deleted', 'update a/changed 1->4'])
    expect(informer.list().map((o) => o.metadata.name).sort()).toEqual(['changed', 'created', 'same'])
    expect(fake.watchCalls.at(-1)?.resourceVersion).toBe('6')

    // ...and the new watch streams again.
    fake.put(pod('a', 'after'))
    await turns()
    expect(log.at(-1)).toBe('add a/after@7')
    expect(fake.liveWatches).toBe(1)
  })

  it('re-lists when the watch itself answers 410 (history compacted right after the list)', async () => {
    const { fake, informer, log } = setup()
    fake.put(pod('a', 'p1'))
    fake.afterListSnapshot = () => {
      fake.afterListSnapshot = undefined
      fake.put(pod('a', 'p2'))
      fake.compact()
    }
    informer.start()
    await informer.waitForSync()
    await turns()
    expect(fake.listCalls).toBe(2)
    expect(log).toEqual(['add a/p1@1', 'add a/p2@2'])
    expect(fake.liveWatches).toBe(1)
  })

  it('re-watches from the last resourceVersion after another watch error, with backoff, missing nothing', async () => {
    const { clock, fake, informer, log } = setup()
    fake.put(pod('a', 'p1'))
    informer.start()
    await informer.waitForSync()
    fake.breakWatches()
    fake.put(pod('a', 'p2'))
    await turns()
    expect(log).toEqual(['add a/p1@1'])
    await clock.step(800)
    expect(fake.listCalls).toBe(1)
    expect(fake.watchCalls.map((w) => w.resourceVersion)).toEqual(['1', '1'])
    expect(log).toEqual(['add a/p1@1', 'add a/p2@2'])
  })

  it('retries a failed list with backoff on the clock', async () => {
    const { clock, fake, informer } = setup()
    fake.failLists = 2
    fake.put(pod('a', 'p1'))
    informer.start()
    await turns()
    expect(fake.listCalls).toBe(1)
    await clock.step(800)
    expect(fake.listCalls).toBe(2)
    await clock.step(1599)
    expect(informer.hasSynced()).toBe(false)
    await clock.step(1)
    expect(informer.hasSynced()).toBe(true)
  })

  it('replays the cache to a handler added late, and isolates a throwing handler', async () => {
    const { fake, informer, log } = setup()
    fake.put(pod('a', 'p1'))
    informer.addEventHandler({
      onAdd: () => {
        throw new Error('bad handler')
      }
    })
    informer.start()
    await informer.waitForSync()
    const late = recorder()
    informer.addEventHandler(late.handlers)
    expect(late.log).toEqual(['add a/p1@1'])
    expect(log).toEqual(['add a/p1@1'])
  })

  it('delivers nothing after stop, and tells sync waiters it never synced', async () => {
    const { fake, informer, log } = setup()
    fake.put(pod('a', 'p1'))
    const waiting = informer.waitForSync()
    informer.start()
    informer.stop()
    expect(await waiting).toBe(false)
    fake.put(pod('a', 'p2'))
    await turns()
    expect(log).toEqual([])
    expect(fake.liveWatches).toBe(0)
  })
})
