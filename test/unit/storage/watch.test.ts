import { afterEach, describe, expect, it, vi } from 'vitest'
import { openStore, StorageError, type KubeStore, type StoreEvent } from '../../../main/cluster/storage/index'
import { pod, podKey, turn } from './helpers'

let store: KubeStore | undefined

afterEach(async () => {
  await store?.close()
  store = undefined
})

/** Collects events; `until(n)` resolves once n have arrived. */
function collector() {
  const events: StoreEvent[] = []
  let waiting: { n: number; resolve: () => void } | undefined
  return {
    events,
    onEvent(event: StoreEvent) {
      events.push(event)
      if (waiting && events.length >= waiting.n) waiting.resolve()
    },
    until(n: number): Promise<void> {
      if (events.length >= n) return Promise.resolve()
      return new Promise((resolve) => (waiting = { n, resolve }))
    },
    summary: () => events.map((e) => `${e.type} ${e.key} ${e.revision}`)
  }
}

describe('watch', () => {
  it('replays every change after fromRevision, in order, then streams live', async () => {
    store = await openStore({})
    const a = await store.create(podKey('ns1', 'a'), pod('ns1', 'a'))
    await store.create(podKey('ns2', 'b'), pod('ns2', 'b'))
    await store.update(podKey('ns1', 'a'), { ...a, spec: { n: 1 } })
    await store.delete(podKey('ns1', 'a'))
    const c = collector()
    store.watch('/registry/pods/', { fromRevision: 1 }, c.onEvent)
    await c.until(3)
    expect(c.summary()).toEqual([`ADDED ${podKey('ns2', 'b')} 2`, `MODIFIED ${podKey('ns1', 'a')} 3`, `DELETED ${podKey('ns1', 'a')} 4`])
    await store.create(podKey('ns1', 'c'), pod('ns1', 'c'))
    await c.until(4)
    expect(c.summary()[3]).toBe(`ADDED ${podKey('ns1', 'c')} 5`)
  })

  it('events carry the object and the previous object', async () => {
    store = await openStore({})
    const c = collector()
    store.watch('/registry/', {}, c.onEvent)
    const v1 = await store.create(podKey('ns1', 'a'), pod('ns1', 'a'))
    const v2 = await store.update(podKey('ns1', 'a'), { ...v1, spec: { n: 1 } })
    const gone = await store.delete(podKey('ns1', 'a'))
    await c.until(3)
    const [added, modified, deleted] = c.events
    expect(added.object).toBe(v1)
    expect(added.prevObject).toBeUndefined()
    expect(modified.object).toBe(v2)
    expect(modified.prevObject).toBe(v1)
    expect(deleted.object).toEqual(gone)
    expect(deleted.object.metadata.resourceVersion).toBe('3')
    expect(deleted.prevObject).toBe(v2)
    expect(Object.isFrozen(added)).toBe(true)
  })

  it('without fromRevision delivers only changes after the current revision', async () => {
    store = await openStore({})
    await store.create(podKey('ns1', 'a'), pod('ns1', 'a'))
    const c = collector()
    store.watch('/registry/pods/', {}, c.onEvent)
    await store.create(podKey('ns1', 'b'), pod('ns1', 'b'))
    await c.until(1)
    await turn()
    expect(c.summary()).toEqual([`ADDED ${podKey('ns1', 'b')} 2`])
  })

  it('a watch from the revision of a list sees exactly the changes after it, even with writes in flight', async () => {
    store = await openStore({})
    const first = store.create(podKey('ns1', 'a'), pod('ns1', 'a')) // not yet durable
    const { items, revision } = store.list('/registry/pods/')
    expect(items).toHaveLength(1)
    const c = collector()
    store.watch('/registry/pods/', { fromRevision: revision }, c.onEvent)
    await first
    await store.create(podKey('ns1', 'b'), pod('ns1', 'b'))
    await c.until(1)
    await turn()
    expect(c.summary()).toEqual([`ADDED ${podKey('ns1', 'b')} 2`])
  })

  it('a watch from a future revision starts after it', async () => {
    store = await openStore({})
    await store.create(podKey('ns1', 'a'), pod('ns1', 'a'))
    const c = collector()
    store.watch('/registry/', { fromRevision: 3 }, c.onEvent)
    for (const n of ['b', 'c', 'd', 'e']) await store.create(podKey('ns1', n), pod('ns1', n))
    await c.until(2)
    expect(c.events.map((e) => e.revision)).toEqual([4, 5])
  })

  it('filters by prefix: a namespace prefix does not see a longer namespace', async () => {
    store = await openStore({})
    const c = collector()
    store.watch('/registry/pods/a/', { fromRevision: 0 }, c.onEvent)
    await store.create(podKey('ab', 'x'), pod('ab', 'x'))
    await store.create(podKey('a', 'x'), pod('a', 'x'))
    await store.create('/registry/services/a/x', pod('a', 'x'))
    await c.until(1)
    await turn()
    expect(c.summary()).toEqual([`ADDED ${podKey('a', 'x')} 2`])
  })

  it('stop() ends delivery and is idempotent', async () => {
    store = await openStore({})
    const c = collector()
    const w = store.watch('/registry/', {}, c.onEvent)
    await store.create(podKey('ns1', 'a'), pod('ns1', 'a'))
    w.stop()
    w.stop()
    await store.create(podKey('ns1', 'b'), pod('ns1', 'b'))
    await turn()
    expect(c.events).toHaveLength(1)
    expect(store.stats().watchers).toBe(0)
  })

  it('a stop during replay ends the replay', async () => {
    store = await openStore({})
    for (let i = 0; i < 5; i++) await store.create(podKey('ns1', `p${i}`), pod('ns1', `p${i}`))
    const seen: number[] = []
    const w = store.watch('/registry/', { fromRevision: 0 }, (e) => {
      seen.push(e.revision)
      if (e.revision === 2) w.stop()
    })
    await turn()
    expect(seen).toEqual([1, 2])
  })

  it('a throwing callback does not break other watchers or the store', async () => {
    const errors: unknown[] = []
    store = await openStore({ onWatchError: (error) => errors.push(error) })
    const good = collector()
    store.watch('/registry/', {}, () => {
      throw new Error('boom')
    })
    store.watch('/registry/', {}, good.onEvent)
    await store.create(podKey('ns1', 'a'), pod('ns1', 'a'))
    await store.create(podKey('ns1', 'b'), pod('ns1', 'b'))
    await good.until(2)
    expect(errors).toHaveLength(2)
    expect(store.get(podKey('ns1', 'b'))).toBeDefined()
  })

  it('delivers events only once the write is acknowledged, in revision order', async () => {
    store = await openStore({})
    const order: string[] = []
    store.watch('/registry/', {}, (e) => order.push(`event ${e.revision}`))
    const writes = [1, 2, 3].map((i) => store!.create(podKey('ns1', `p${i}`), pod('ns1', `p${i}`)).then((o) => order.push(`ack ${o.metadata.resourceVersion}`)))
    expect(order).toEqual([]) // nothing before the batch is persisted
    await Promise.all(writes)
    expect(order).toEqual(['event 1', 'event 2', 'event 3', 'ack 1', 'ack 2', 'ack 3'])
  })

  it('rejects a negative or fractional fromRevision', async () => {
    store = await openStore({})
    expect(() => store!.watch('/', { fromRevision: -1 }, () => {})).toThrow(TypeError)
    expect(() => store!.watch('/', { fromRevision: 1.5 }, () => {})).toThrow(TypeError)
  })
})

describe('history window and Expired', () => {
  it('keeps at least minEvents and at least windowMs of events, by the injected clock', async () => {
    let now = 1_000_000
    store = await openStore({ now: () => now, historyMinEvents: 3, historyWindowMs: 1_000 })
    for (let i = 1; i <= 5; i++) await store.create(podKey('ns1', `p${i}`), pod('ns1', `p${i}`))
    // All five are within the window: all kept.
    expect(store.oldestWatchableRevision).toBe(0)
    now += 5_000
    await store.create(podKey('ns1', 'p6'), pod('ns1', 'p6'))
    // The old ones are out of the window, but the newest 3 are kept.
    expect(store.oldestWatchableRevision).toBe(3)
    expect(store.stats().historyEvents).toBe(3)

    const error = (() => {
      try {
        store!.watch('/registry/', { fromRevision: 2 }, () => {})
      } catch (e) {
        return e as StorageError
      }
    })()
    expect(error).toBeInstanceOf(StorageError)
    expect(error!.code).toBe('Expired')
    expect(error!.oldestRevision).toBe(3)

    const seen: number[] = []
    store.watch('/registry/', { fromRevision: 3 }, (e) => seen.push(e.revision))
    await turn()
    expect(seen).toEqual([4, 5, 6])
  })

  it('keeps no more than historyMaxEvents however fresh: an older revision is Expired, a kept one replays', async () => {
    store = await openStore({ now: () => 0, historyMinEvents: 2, historyMaxEvents: 4 })
    for (let i = 1; i <= 10; i++) await store.create(podKey('ns1', `p${i}`), pod('ns1', `p${i}`))
    expect(store.stats().historyEvents).toBe(4)
    expect(store.oldestWatchableRevision).toBe(6)
    expect(() => store!.watch('/registry/', { fromRevision: 5 }, () => {})).toThrow(/too old resource version: 5 \(6\)/)
    const seen: number[] = []
    store.watch('/registry/', { fromRevision: 6 }, (e) => seen.push(e.revision))
    await turn()
    expect(seen).toEqual([7, 8, 9, 10])
  })

  it('a store reopened at revision R can watch from R but not before', async () => {
    store = await openStore({})
    await store.create(podKey('ns1', 'a'), pod('ns1', 'a'))
    expect(() => store!.watch('/', { fromRevision: 0 }, () => {})).not.toThrow()
    // A fresh in-memory store starts at 0 with no history: from 0 is fine.
    const fresh = await openStore({})
    expect(fresh.oldestWatchableRevision).toBe(0)
    await fresh.close()
  })
})

describe('watch fan-out', () => {
  it('1,000 watchers on distinct prefixes each get exactly their events', async () => {
    store = await openStore({})
    const counts = new Array(1000).fill(0)
    for (let w = 0; w < 1000; w++) store.watch(`/registry/pods/ns${w % 10}/p${Math.floor(w / 10)}-`, {}, () => counts[w]++)
    const writes = []
    for (let w = 0; w < 1000; w++) writes.push(store.create(`/registry/pods/ns${w % 10}/p${Math.floor(w / 10)}-x`, pod(`ns${w % 10}`, 'x')))
    await Promise.all(writes)
    expect(counts.every((c) => c === 1)).toBe(true)
  })

  it('reports a throwing callback through process warnings by default', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {})
    store = await openStore({})
    store.watch('/', {}, () => {
      throw new Error('boom')
    })
    await store.create('/x', pod('n', 'x'))
    expect(warn).toHaveBeenCalledOnce()
    warn.mockRestore()
  })
})
