import { describe, expect, it } from 'vitest'
import { WatchHistory } from '../../../main/cluster/storage/history'
import type { StoreEvent } from '../../../main/cluster/storage/index'
import { WatcherIndex } from '../../../main/cluster/storage/watcher-index'

const event = (revision: number): StoreEvent => ({ type: 'ADDED', key: `/k${revision}`, revision, object: { metadata: {} } })

describe('WatchHistory', () => {
  it('drops an event only when it is beyond minEvents AND older than the window', () => {
    let now = 0
    const history = new WatchHistory(10, { minEvents: 2, maxEvents: 1_000, windowMs: 100, now: () => now })
    expect(history.oldestWatchableRevision).toBe(10)
    history.append([event(11), event(12), event(13)])
    now = 50
    history.append([event(14)])
    expect(history.oldestWatchableRevision).toBe(10) // all within 100 ms
    now = 120 // 11..13 are now older than the window; 14 is not
    history.append([event(15)])
    expect(history.oldestWatchableRevision).toBe(13) // keeps 14, 15 (and nothing forces more out)
    now = 1_000
    history.append([event(16)])
    expect(history.size).toBe(2) // min events
    const seen: number[] = []
    history.forEachAfter(14, (e) => seen.push(e.revision))
    expect(seen).toEqual([15, 16])
  })

  it('never keeps more than maxEvents, however fresh, as the watch cache caps its capacity', () => {
    const history = new WatchHistory(0, { minEvents: 2, maxEvents: 4, windowMs: 60_000, now: () => 0 })
    history.append([event(1), event(2), event(3)])
    expect(history.oldestWatchableRevision).toBe(0)
    history.append([event(4), event(5), event(6)])
    expect(history.size).toBe(4)
    expect(history.oldestWatchableRevision).toBe(2)
    const seen: number[] = []
    history.forEachAfter(0, (e) => seen.push(e.revision))
    expect(seen).toEqual([3, 4, 5, 6])
  })

  it('lets go of the events it drops (their versions are garbage once superseded)', () => {
    let now = 0
    const history = new WatchHistory(0, { minEvents: 1, maxEvents: 100_000, windowMs: 10, now: () => now })
    for (let r = 1; r <= 3_000; r++) {
      now += 1
      history.append([event(r)])
      // Its own arrays hold no dropped event, between its compactions of them too.
      const held = (history as unknown as { events: Array<StoreEvent | undefined> }).events.filter((e) => e !== undefined)
      expect(held.length).toBe(history.size)
    }
    expect(history.size).toBe(11)
  })

  it('refuses a gap', () => {
    const history = new WatchHistory(0, { minEvents: 10, maxEvents: 1_000, windowMs: 10, now: () => 0 })
    expect(() => history.append([event(2)])).toThrow(/gap/)
  })

  it('keeps working across its internal compaction of dropped events', () => {
    let now = 0
    const history = new WatchHistory(0, { minEvents: 5, maxEvents: 1_000, windowMs: 1, now: () => now })
    for (let r = 1; r <= 5_000; r++) {
      now += 10
      history.append([event(r)])
    }
    expect(history.size).toBe(5)
    expect(history.oldestWatchableRevision).toBe(4_995)
    const seen: number[] = []
    history.forEachAfter(0, (e) => seen.push(e.revision))
    expect(seen).toEqual([4_996, 4_997, 4_998, 4_999, 5_000])
  })
})

describe('WatcherIndex', () => {
  it('finds every watcher whose prefix is a prefix of the key', () => {
    const index = new WatcherIndex<{ prefix: string; id: number }>()
    const ws = ['', '/a/', '/a/b', '/a/bc/', '/a/b/', '/x'].map((prefix, id) => ({ prefix, id }))
    ws.forEach((w) => index.add(w))
    const twin = { prefix: '/a/', id: 99 }
    index.add(twin)
    const match = (key: string) => {
      const out: number[] = []
      index.forEachMatch(key, (w) => out.push(w.id))
      return out.sort((a, b) => a - b)
    }
    expect(match('/a/b/c')).toEqual([0, 1, 2, 4, 99])
    expect(match('/a/bc/d')).toEqual([0, 1, 2, 3, 99])
    expect(match('/a/b')).toEqual([0, 1, 2, 99])
    expect(match('/y')).toEqual([0])
    index.delete(ws[1])
    index.delete(twin)
    index.delete(twin)
    expect(match('/a/b/c')).toEqual([0, 2, 4])
    expect(index.size).toBe(5)
  })
})
