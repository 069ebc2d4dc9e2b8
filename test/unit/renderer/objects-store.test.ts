/**
 * The objects store: lists every watched resource, then follows the watch
 * deltas, applied once per frame; deltas its lists already reflect are
 * dropped, so nothing is applied twice or missed.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { computed } from 'vue'
import { createPinia, setActivePinia } from 'pinia'
import { useObjectsStore } from './modules'
import type { Calls, EventChannel, Events, KubelabApi, KubeObject } from '../../../preload/contract'

const pod = (name: string, rv: number, ns = 'default'): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, resourceVersion: String(rv), uid: `uid-${name}` } })

/** A main process stand-in: fixed lists, and deltas pushed by the test. */
function fakeApi(lists: Record<string, { rv: number; items: KubeObject[] }>) {
  const listeners = new Map<string, Set<(p: unknown) => void>>()
  let releaseLists: () => void = () => {}
  const listsReleased = new Promise<void>((r) => (releaseLists = r))
  const api: KubelabApi = {
    async call(channel, ...args) {
      if (channel === 'resources/list') return [] as Calls['resources/list']['result'] as never
      if (channel === 'objects/list') {
        await listsReleased
        const { gvr } = args[0] as Calls['objects/list']['args'][0]
        const l = lists[gvr.resource] ?? { rv: 1, items: [] }
        return { resourceVersion: String(l.rv), items: l.items } as never
      }
      throw new Error(`unexpected ${channel}`)
    },
    on(channel, listener) {
      const set = listeners.get(channel) ?? new Set()
      set.add(listener as (p: unknown) => void)
      listeners.set(channel, set)
      return () => set.delete(listener as (p: unknown) => void)
    }
  }
  const push = <E extends EventChannel>(channel: E, payload: Events[E]): void => {
    for (const l of listeners.get(channel) ?? []) l(payload)
  }
  return { api, push, releaseLists }
}

describe('useObjectsStore', () => {
  let frames: Array<() => void>
  const frame = (cb: () => void): void => void frames.push(cb)
  const runFrame = (): void => frames.splice(0).forEach((f) => f())

  beforeEach(() => {
    setActivePinia(createPinia())
    frames = []
  })

  it('lists, then applies deltas newer than the list in one batch per frame', async () => {
    const { api, push, releaseLists } = fakeApi({ pods: { rv: 10, items: [pod('a', 5), pod('b', 9)] } })
    const store = useObjectsStore()
    const hydrated = store.hydrate(api, { frame })
    // A delta arriving while the lists are in flight: b's change at 9 is in the list already, c's at 11 is not.
    push('watch/deltas', { revision: 11, deltas: [{ type: 'MODIFIED', resource: 'pods', object: pod('b', 9) }, { type: 'ADDED', resource: 'pods', object: pod('c', 11) }] })
    releaseLists()
    await hydrated
    expect(store.loaded).toBe(true)
    runFrame()
    expect(store.list('pods').map((p) => p.metadata.name).sort()).toEqual(['a', 'b', 'c'])

    const version = store.version
    push('watch/deltas', { revision: 12, deltas: [{ type: 'DELETED', resource: 'pods', object: pod('a', 12) }] })
    push('watch/deltas', { revision: 13, deltas: [{ type: 'ADDED', resource: 'pods', object: pod('d', 13, 'shop') }] })
    expect(store.count('pods')).toBe(3) // nothing applied before the frame
    runFrame()
    expect(store.version).toBe(version + 1) // two batches, one frame, one bump
    expect(store.list('pods').map((p) => p.metadata.name).sort()).toEqual(['b', 'c', 'd'])
    expect(store.count('pods', 'shop')).toBe(1)
    expect(store.revision).toBe(13)
    expect([...store.lastChanged]).toEqual(['pods'])
    // What changed since a version a view last drew: pods did, services did not.
    expect(store.changedSince(['pods'], version)).toBe(true)
    expect(store.changedSince(['services', 'nodes'], version)).toBe(false)
    expect(store.changedSince(['pods'], store.version)).toBe(false)
    expect(store.find({ resource: 'pods', namespace: 'shop', name: 'd' })?.metadata.uid).toBe('uid-d')
  })

  it('keeps per-namespace counts as deltas apply, and re-runs only what reads a changed resource', async () => {
    const { api, push, releaseLists } = fakeApi({ pods: { rv: 10, items: [pod('a', 5), pod('b', 6, 'shop')] } })
    const store = useObjectsStore()
    releaseLists()
    await store.hydrate(api, { frame })
    let eventRuns = 0
    const events = computed(() => (eventRuns++, store.list('events').length))
    const podCount = computed(() => store.count('pods', 'shop'))
    expect([events.value, podCount.value, eventRuns]).toEqual([0, 1, 1])
    // A modification and a deletion of an object never seen move no count; an addition and a deletion do.
    push('watch/deltas', {
      revision: 14,
      deltas: [
        { type: 'MODIFIED', resource: 'pods', object: pod('b', 11, 'shop') },
        { type: 'DELETED', resource: 'pods', object: pod('ghost', 12, 'shop') },
        { type: 'ADDED', resource: 'pods', object: pod('c', 13, 'shop') },
        { type: 'DELETED', resource: 'pods', object: pod('a', 14) }
      ]
    })
    runFrame()
    expect([store.count('pods'), store.count('pods', 'shop'), store.count('pods', 'default'), podCount.value]).toEqual([2, 2, 0, 2])
    expect(store.list('pods')).toBe(store.list('pods')) // one array per change, however many read it
    expect(events.value).toBe(0)
    expect(eventRuns).toBe(1) // a batch of pods alone leaves what reads events as it was
  })

  it('tells which objects changed since a version, while it remembers; a relist is every object', async () => {
    const { api, push, releaseLists } = fakeApi({ pods: { rv: 10, items: [pod('a', 5), pod('b', 6)] } })
    const store = useObjectsStore()
    releaseLists()
    await store.hydrate(api, { frame })
    expect(store.changedKeys('pods', 0)).toBeUndefined() // the first lists: everything
    const listed = store.version
    expect([...store.changedKeys('pods', listed)!]).toEqual([])
    push('watch/deltas', { revision: 11, deltas: [{ type: 'MODIFIED', resource: 'pods', object: pod('b', 11) }] })
    runFrame()
    push('watch/deltas', { revision: 13, deltas: [{ type: 'DELETED', resource: 'pods', object: pod('a', 12) }, { type: 'ADDED', resource: 'pods', object: pod('c', 13, 'shop') }] })
    runFrame()
    expect([...store.changedKeys('pods', listed)!].sort()).toEqual(['default/a', 'default/b', 'shop/c'])
    expect([...store.changedKeys('pods', listed + 1)!].sort()).toEqual(['default/a', 'shop/c'])
    expect([...store.changedKeys('services', listed)!]).toEqual([])
    expect(store.objectsByKey('pods').get('shop/c')?.metadata.uid).toBe('uid-c')
    // A reader further back than the batches remembered is told it does not know.
    for (let rv = 14; rv < 60; rv++) {
      push('watch/deltas', { revision: rv, deltas: [{ type: 'MODIFIED', resource: 'pods', object: pod('b', rv) }] })
      runFrame()
    }
    expect(store.changedKeys('pods', listed)).toBeUndefined()
    expect([...store.changedKeys('pods', store.version - 1)!]).toEqual(['default/b'])
  })

  it('ignores deltas after dispose', async () => {
    const { api, push, releaseLists } = fakeApi({})
    const store = useObjectsStore()
    releaseLists()
    await store.hydrate(api, { frame })
    store.dispose()
    push('watch/deltas', { revision: 2, deltas: [{ type: 'ADDED', resource: 'pods', object: pod('x', 2) }] })
    runFrame()
    expect(store.count('pods')).toBe(0)
  })
})
