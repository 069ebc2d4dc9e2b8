import { describe, expect, it } from 'vitest'
import type { KubeObject } from '../../../main/cluster/apimachinery/types'
import { openStore, StorageError, type StoreEvent, type StoreEventType } from '../../../main/cluster/storage/index'
import { random, turn } from './helpers'

/**
 * Many concurrent writers do random creates, updates and deletes (some of
 * them bound to fail) on a few keys, while watchers join at random past
 * revisions on random prefixes. Every watcher must see exactly the committed
 * sequence after its start revision under its prefix: nothing missed,
 * duplicated or reordered; and the state rebuilt from the events must be the
 * store's state.
 */

const NAMESPACES = ['ns0', 'ns1', 'ns10', 'ns2']
const RESOURCES = ['pods', 'services']

interface Ack {
  type: StoreEventType
  key: string
  revision: number
  object: KubeObject
}

interface Watcher {
  from: number
  prefix: string
  events: StoreEvent[]
}

async function run(seed: number): Promise<void> {
  const rand = random(seed)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]
  const store = await openStore({ shards: 3, maxBatchWrites: 7 })
  const keys: string[] = []
  for (const r of RESOURCES) for (const ns of NAMESPACES) for (let i = 0; i < 4; i++) keys.push(`/registry/${r}/${ns}/o${i}`)
  const prefixes = ['', '/registry/', '/registry/pods/', '/registry/pods/ns1/', '/registry/pods/ns1', '/registry/services/ns2/', '/registry/pods/ns10/o1', ...keys.slice(0, 3)]

  const committed: StoreEvent[] = []
  const acks: Ack[] = []
  const watchers: Watcher[] = []
  const startWatcher = (): void => {
    const from = store.oldestWatchableRevision + Math.floor(rand() * (store.revision - store.oldestWatchableRevision + 1))
    const w: Watcher = { from, prefix: pick(prefixes), events: [] }
    watchers.push(w)
    store.watch(w.prefix, { fromRevision: from }, (e) => w.events.push(e))
  }
  store.watch('', { fromRevision: 0 }, (e) => {
    committed.push(e)
    // Some watchers join from inside a delivery, in the middle of a batch.
    if (rand() < 0.01) startWatcher()
  })
  let expectedFailures = 0

  const writer = async (): Promise<void> => {
    for (let op = 0; op < 150; op++) {
      const key = pick(keys)
      const current = store.get(key)
      const r = rand()
      let expected: string | undefined
      let write: Promise<KubeObject>
      let type: StoreEventType
      const body = { metadata: { name: key, uid: `u-${key}` }, spec: { op, r } }
      if (!current) {
        if (r < 0.1) {
          type = 'MODIFIED'
          expected = 'KeyNotFound'
          write = store.update(key, body)
        } else {
          type = 'ADDED'
          write = store.create(key, body)
        }
      } else if (r < 0.15) {
        type = 'ADDED'
        expected = 'KeyExists'
        write = store.create(key, body)
      } else if (r < 0.65) {
        type = 'MODIFIED'
        const stale = rand() < 0.2 && current.metadata.resourceVersion !== '1'
        if (stale) expected = 'Conflict'
        write = store.update(key, { ...current, spec: { op, r } }, { resourceVersion: stale ? '1' : current.metadata.resourceVersion })
      } else {
        type = 'DELETED'
        const wrongUid = rand() < 0.1
        if (wrongUid) expected = 'Conflict'
        write = store.delete(key, wrongUid ? { uid: 'nope' } : rand() < 0.5 ? { uid: current.metadata.uid } : undefined)
      }
      try {
        const object = await write
        expect(expected).toBeUndefined()
        acks.push({ type, key, revision: Number(object.metadata.resourceVersion), object })
      } catch (error) {
        expect(error).toBeInstanceOf(StorageError)
        expect((error as StorageError).code).toBe(expected)
        expectedFailures++
      }
      const pause = rand()
      if (pause < 0.3) await turn()
      else if (pause < 0.5) await Promise.resolve()
      if (rand() < 0.03) startWatcher()
    }
  }
  await Promise.all(Array.from({ length: 12 }, writer))
  await store.flush()

  expect(expectedFailures).toBeGreaterThan(0)
  expect(watchers.length).toBeGreaterThan(10)
  // The committed sequence: every revision exactly once, in order, and it is what the writers were told.
  expect(committed.map((e) => e.revision)).toEqual(Array.from({ length: store.revision }, (_, i) => i + 1))
  expect(acks).toHaveLength(store.revision)
  for (const ack of acks) {
    const event = committed[ack.revision - 1]
    expect(event.type).toBe(ack.type)
    expect(event.key).toBe(ack.key)
    if (ack.type === 'DELETED') expect(event.object).toEqual(ack.object)
    else expect(event.object).toBe(ack.object)
  }
  // Each watcher: exactly the committed events after its start, under its prefix.
  for (const w of watchers) {
    const expected = committed.filter((e) => e.revision > w.from && e.key.startsWith(w.prefix))
    expect(w.events.length).toBe(expected.length)
    w.events.forEach((e, i) => expect(e).toBe(expected[i]))
  }
  // State rebuilt from events = store state.
  const state = new Map<string, KubeObject>()
  for (const e of committed) {
    if (e.type === 'DELETED') state.delete(e.key)
    else state.set(e.key, e.object)
  }
  const listed = store.list('').items
  expect(listed.length).toBe(state.size)
  for (const object of listed) expect(state.get(object.metadata.name!)).toBe(object)
  await store.close()
}

describe('randomized concurrent writers and watchers', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`seed ${seed}`, () => run(seed))
  }
})
