import { appendFile, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { KubeObject } from '../../../main/cluster/apimachinery/types'
import { openStore, type KubeStore } from '../../../main/cluster/storage/index'
import { streamOp } from './fixtures/stream-ops'
import { cleanup, shardFiles, tempDir, WriterProcess } from './helpers'

interface Ack {
  loop: number
  seq: number
  op: 'create' | 'update' | 'delete'
  key: string
  rev: number
}

let dir: string

beforeEach(async () => {
  dir = await tempDir()
})

afterEach(async () => {
  await cleanup(dir)
})

/**
 * Checks a reopened store against the acknowledged writes of one stream run:
 * every acknowledged write is there (or was superseded by the loop's one
 * write still in flight at the kill). Returns the run's keys and what they held.
 */
function verifyRun(store: KubeStore, run: string, acks: Ack[], loops: number): Map<string, KubeObject | undefined> {
  const expected = new Map<string, { rev: number; seq: number } | null>()
  const lastSeq = new Map<number, number>()
  for (const a of acks) {
    expected.set(a.key, a.op === 'delete' ? null : { rev: a.rev, seq: a.seq })
    lastSeq.set(a.loop, Math.max(lastSeq.get(a.loop) ?? -1, a.seq))
  }
  // The op each loop had in flight when it was killed (may or may not be on disk).
  const inFlight = new Map<string, { op: string; seq: number }>()
  for (let loop = 0; loop < loops; loop++) {
    const seq = (lastSeq.get(loop) ?? -1) + 1
    const next = streamOp(run, loop, seq)
    inFlight.set(next.key, { op: next.op, seq })
  }
  const seen = new Map<string, KubeObject | undefined>()
  for (const object of store.list(`/registry/pods/r${run}-`).items) seen.set(object.metadata.name!, object) // the writer names objects by key
  for (const key of new Set([...expected.keys(), ...inFlight.keys()])) {
    const actual = store.get(key)
    seen.set(key, actual)
    const want = expected.get(key)
    const matches = want === undefined ? actual === undefined : want === null ? actual === undefined : actual !== undefined && Number(actual.metadata.resourceVersion) === want.rev && (actual.spec as { seq: number }).seq === want.seq
    if (matches) continue
    // Only the in-flight op on this key may explain a difference.
    const flight = inFlight.get(key)
    expect(flight, `${key}: acknowledged ${JSON.stringify(want)}, found ${JSON.stringify({ metadata: actual?.metadata, spec: actual?.spec })}; the loop's in-flight ops: ${JSON.stringify([...inFlight].filter(([k]) => k.startsWith(key.slice(0, key.lastIndexOf('/')))))}`).toBeDefined()
    if (flight!.op === 'delete') expect(actual).toBeUndefined()
    else {
      expect(actual, key).toBeDefined()
      expect((actual!.spec as { seq: number }).seq).toBe(flight!.seq)
      if (want) expect(Number(actual!.metadata.resourceVersion)).toBeGreaterThan(want.rev)
    }
  }
  return seen
}

describe('durability across SIGKILL', () => {
  it('every acknowledged write survives a kill mid-stream, three times, and restarts restore exactly', { timeout: 120_000 }, async () => {
    const runs: Array<{ run: string; state: Map<string, KubeObject | undefined> }> = []
    // The third run has 64 loops: enough writers for several batches to be in flight at once (pipelined group commit).
    for (const [run, killAfter, loops] of [
      ['1', 1_500, 8],
      ['2', 2_500, 8],
      ['3', 4_000, 64]
    ] as const) {
      const writer = new WriterProcess([dir, 'stream', run, String(loops)])
      await writer.waitFor(() => writer.lines.length >= killAfter)
      await writer.kill()
      const acks = writer.lines as Ack[]
      expect(acks.length).toBeGreaterThanOrEqual(killAfter)

      const store = await openStore({ dir })
      expect(store.revision).toBeGreaterThanOrEqual(Math.max(...acks.map((a) => a.rev)))
      const state = verifyRun(store, run, acks, loops)
      // Earlier runs' objects are exactly as they were found after their own restart.
      for (const earlier of runs) {
        for (const [key, object] of earlier.state) expect(store.get(key), key).toEqual(object)
      }
      runs.push({ run, state })
      await store.whenLoaded() // NeDB accepts every file too
      expect(store.stats().droppedBatch === undefined || store.stats().droppedBatch!.present < store.stats().droppedBatch!.expected).toBe(true)
      await store.close()
    }
  })

  for (const flush of ['flush', 'noflush']) {
    it(`restores objects and revision exactly when the newest writes were deletes (${flush})`, async () => {
      const writer = new WriterProcess([dir, 'script', flush])
      await writer.waitFor(() => writer.lines.length > 0)
      const { done } = writer.lines[0] as { done: number }
      await writer.kill()
      expect(done).toBe(50) // 30 creates, 10 updates, 10 deletes
      const store = await openStore({ dir })
      expect(store.revision).toBe(50)
      const items = store.list('/registry/configmaps/ns/').items
      expect(items).toHaveLength(20)
      for (const o of items) {
        const i = Number((o.data as { i: string }).i)
        expect(i).toBeLessThan(20)
        expect(o.metadata.resourceVersion).toBe(String(i < 10 ? 31 + i : 1 + i))
        expect((o.data as { updated?: string }).updated).toBe(i < 10 ? 'yes' : undefined)
      }
      // The next write continues the revision sequence.
      const next = await store.create('/registry/configmaps/ns/new', { metadata: { name: 'new' } })
      expect(next.metadata.resourceVersion).toBe('51')
      await store.close()
    })
  }
})

describe('restart', () => {
  it('restores objects and revision exactly after a clean close, including after deletes', async () => {
    let store = await openStore({ dir, shards: 8 })
    for (let i = 0; i < 100; i++) await store.create(`/registry/pods/ns${i % 3}/p${i}`, { metadata: { name: `p${i}`, namespace: `ns${i % 3}` }, spec: { i } })
    for (let i = 0; i < 100; i += 7) {
      const k = `/registry/pods/ns${i % 3}/p${i}`
      await store.update(k, { ...store.get(k)!, status: { phase: 'Running' } })
    }
    for (let i = 90; i < 100; i++) await store.delete(`/registry/pods/ns${i % 3}/p${i}`)
    await store.create('/registry/odd/na@me/with@signs', { metadata: { name: 'with@signs' } }) // '@' also separates key and revision on disk
    await store.delete('/registry/odd/na@me/with@signs')
    await store.create('/registry/odd/na@me/kept@1', { metadata: { name: 'kept@1' } })
    const before = store.list('')
    await store.close()
    store = await openStore({ dir })
    expect(store.revision).toBe(before.revision)
    expect(store.list('')).toEqual(before)
    expect(store.stats().shards).toBe(8) // the dir keeps its shard count
    await store.close()
  })

  it('compacts a shard by itself once its file is well past its live documents', async () => {
    const store = await openStore({ dir, shards: 2, compactRatio: 1, compactSlack: 100 })
    for (let i = 0; i < 100; i++) await store.create(`/registry/pods/ns/p${i}`, { metadata: { name: `p${i}` }, spec: { v: 0 } })
    for (let round = 1; round <= 10; round++) {
      await Promise.all(Array.from({ length: 100 }, (_, i) => store.update(`/registry/pods/ns/p${i}`, { metadata: { name: `p${i}` }, spec: { v: round } })))
    }
    await store.flush()
    expect(store.stats().compactions).toBeGreaterThan(0)
    // Never more garbage than the threshold allows (plus what one cleanup pass adds).
    expect(store.stats().lines - store.stats().live).toBeLessThan(2 * (100 + 100) + 1_000)
    await store.close()
  })

  it('compaction then reopen keeps everything, and the files hold only live documents', async () => {
    let store = await openStore({ dir, shards: 2, compactSlack: 1e9 }) // no automatic compaction here
    for (let i = 0; i < 300; i++) await store.create(`/registry/pods/ns/p${i}`, { metadata: { name: `p${i}` }, spec: { v: 0 } })
    for (let round = 1; round <= 5; round++) {
      await Promise.all(Array.from({ length: 300 }, (_, i) => store.update(`/registry/pods/ns/p${i}`, { metadata: { name: `p${i}` }, spec: { v: round } })))
    }
    await store.flush()
    expect(store.stats().lines).toBeGreaterThan(store.stats().live)
    await store.compact()
    expect(store.stats().lines).toBe(store.stats().live)
    let lines = 0
    for (const f of await shardFiles(dir)) lines += (await readFile(f, 'utf8')).split('\n').filter(Boolean).length
    expect(lines).toBe(300)
    const before = store.list('')
    await store.close()
    store = await openStore({ dir })
    expect(store.list('')).toEqual(before)
    expect(store.get('/registry/pods/ns/p7')!.spec).toEqual({ v: 5 })
    await store.close()
  })
})

describe('damaged files', () => {
  async function seed(n: number): Promise<KubeObject[]> {
    const store = await openStore({ dir, shards: 2 })
    for (let i = 0; i < n; i++) await store.create(`/registry/pods/ns/p${i}`, { metadata: { name: `p${i}` } })
    const items = store.list('').items
    await store.close()
    return items
  }

  it('a torn trailing line does not block start-up nor lose other data', async () => {
    const before = await seed(50)
    const [file] = await shardFiles(dir)
    const size = (await stat(file)).size
    await appendFile(file, '{"_id":"/registry/pods/ns/torn@51","k":"/registry/pods/ns/torn","r":51,"v":"{\\"metad')
    const store = await openStore({ dir })
    expect(store.list('').items).toEqual(before)
    expect(store.revision).toBe(50)
    expect(store.stats().tornBytes).toBeGreaterThan(0)
    await store.whenLoaded()
    expect(store.stats().fullyLoaded).toBe(true)
    expect((await stat(file)).size).toBeLessThanOrEqual(size)
    await store.create('/registry/pods/ns/after', { metadata: { name: 'after' } })
    await store.close()
    const again = await openStore({ dir })
    expect(again.count('')).toBe(51)
    await again.close()
  })

  it('a file holding only a torn line is emptied', async () => {
    const [file] = await shardFiles(dir).then(async (f) => (f.length ? f : (await seed(1), shardFiles(dir))))
    await writeFile(file, '{"_id":"x@1","k":"x","r"')
    const store = await openStore({ dir })
    expect(store.stats().tornBytes).toBe(24)
    await store.whenLoaded()
    await store.close()
  })

  it('any other corruption stops start-up with a clear error', async () => {
    await seed(20)
    const [file] = await shardFiles(dir)
    const text = await readFile(file, 'utf8')
    const lines = text.split('\n')
    lines[1] = lines[1].slice(1) // no longer JSON
    await writeFile(file, lines.join('\n'))
    await expect(openStore({ dir })).rejects.toThrow(/shard-000-of-2\.db:2 is corrupt/)
  })

  it("uses NeDB's file~ when a compaction died between its write and its rename", async () => {
    const before = await seed(30)
    const [file] = await shardFiles(dir)
    // Crash after NeDB wrote file~ and before the rename: only file~ holds the data.
    await rename(file, file + '~')
    const store = await openStore({ dir })
    expect(store.list('').items).toEqual(before)
    await store.whenLoaded()
    await store.close()
  })

  it('ignores a partial file~ left next to an intact file', async () => {
    const before = await seed(30)
    const [file] = await shardFiles(dir)
    await writeFile(file + '~', '{"_id":"half')
    const store = await openStore({ dir })
    expect(store.list('').items).toEqual(before)
    await store.whenLoaded()
    await store.compact()
    await store.close()
  })
})

describe('incomplete last batch', () => {
  it('is dropped whole, and its ids are free again for the next writes', async () => {
    let store = await openStore({ dir, shards: 1 })
    for (let i = 0; i < 10; i++) await store.create(`/registry/pods/ns/p${i}`, { metadata: { name: `p${i}` }, spec: { v: 0 } })
    await store.close()
    // A batch of two writes (revisions 11, 12) of which only the first line reached the file.
    const [file] = await shardFiles(dir)
    const doc = { _id: '/registry/pods/ns/p0@11', v: JSON.stringify({ metadata: { name: 'p0', resourceVersion: '11' }, spec: { v: 'lost' } }), b: 11, f: 2 }
    await appendFile(file, JSON.stringify(doc) + '\n')
    store = await openStore({ dir })
    expect(store.stats().droppedBatch).toEqual({ firstRevision: 11, present: 1, expected: 2 })
    expect(store.revision).toBe(10)
    expect(store.get('/registry/pods/ns/p0')!.spec).toEqual({ v: 0 })
    const updated = await store.update('/registry/pods/ns/p0', { metadata: { name: 'p0' }, spec: { v: 'new' } })
    expect(updated.metadata.resourceVersion).toBe('11') // same id as the dropped document: no collision
    await store.close()
    store = await openStore({ dir })
    expect(store.get('/registry/pods/ns/p0')!.spec).toEqual({ v: 'new' })
    expect(store.revision).toBe(11)
    await store.whenLoaded()
    await store.close()
  })
})

describe('durable mode', () => {
  it('fsyncs once per batch (group commit), then survives a reopen (NeDB in this thread: the fsyncs are observed)', async () => {
    const store = await openStore({ dir, durable: true, shards: 4, worker: false })
    const probe = await (await import('node:fs/promises')).open(await shardFiles(dir).then((f) => f[0] ?? `${dir}/meta.db`), 'r')
    const proto = Object.getPrototypeOf(probe) as { datasync: () => Promise<void> }
    await probe.close()
    const datasync = vi.spyOn(proto, 'datasync')
    const writes = Array.from({ length: 200 }, (_, i) => store.create(`/registry/pods/ns/p${i}`, { metadata: { name: `p${i}` } }))
    await Promise.all(writes)
    expect(datasync.mock.calls.length).toBeGreaterThanOrEqual(1)
    expect(datasync.mock.calls.length).toBeLessThanOrEqual(2)
    expect(store.stats().batchSyncs).toBe(datasync.mock.calls.length) // the counter the worker test below relies on
    datasync.mockRestore()
    await store.close()
    const again = await openStore({ dir, durable: true })
    expect(again.count('/registry/pods/ns/')).toBe(200)
    expect(again.revision).toBe(200)
    await again.close()
  })

  it('fsyncs once per batch in the persistence worker too (many writes per fsync), and a write is acknowledged only after its fsync', async () => {
    const store = await openStore({ dir, durable: true, shards: 4 })
    await Promise.all(Array.from({ length: 200 }, (_, i) => store.create(`/registry/pods/ns/p${i}`, { metadata: { name: `p${i}` } })))
    const afterBurst = store.stats().batchSyncs
    // Pipelined: the 200 writes leave in batches of at least 16 (store.ts PIPELINE_WRITES), one fsync each.
    expect(afterBurst).toBeGreaterThanOrEqual(1)
    expect(afterBurst).toBeLessThanOrEqual(Math.ceil(200 / 16))
    await store.create('/registry/pods/ns/one', { metadata: { name: 'one' } })
    expect(store.stats().batchSyncs).toBe(afterBurst + 1)
    await store.close()
    const again = await openStore({ dir, durable: true })
    expect(again.count('/registry/pods/ns/')).toBe(201)
    expect(again.revision).toBe(201)
    await again.close()
  })
})

describe('watch and durability', () => {
  it('an event is delivered only when its write is in the data file', async () => {
    const store = await openStore({ dir, shards: 2 })
    await store.whenLoaded() // NeDB creates the files
    const checked: boolean[] = []
    const { readFileSync } = await import('node:fs')
    const files = await shardFiles(dir)
    expect(files).toHaveLength(2)
    store.watch('/registry/', {}, (e) => {
      const onDisk = files.some((f) => readFileSync(f, 'utf8').includes(`"_id":"${e.key}@${e.revision}"`))
      checked.push(onDisk)
    })
    await Promise.all(Array.from({ length: 30 }, (_, i) => store.create(`/registry/pods/ns/p${i}`, { metadata: { name: `p${i}` } })))
    expect(checked).toHaveLength(30)
    expect(checked.every(Boolean)).toBe(true)
    await store.close()
  })
})

describe('a failed append (persistence worker)', () => {
  it('fails that write and every later one (fail-stop: the store must be reopened); reads go on, close does not hang', async () => {
    const store = await openStore({ dir, shards: 2 })
    await store.create('/registry/pods/ns/a', { metadata: { name: 'a' } })
    await store.whenLoaded()
    for (const file of await shardFiles(dir)) {
      await rm(file)
      await mkdir(file) // appending to it now fails with EISDIR
    }
    await expect(store.create('/registry/pods/ns/b', { metadata: { name: 'b' } })).rejects.toThrow(/persistence failed, the store must be reopened: EISDIR/)
    await expect(store.create('/registry/pods/ns/c', { metadata: { name: 'c' } })).rejects.toThrow(/persistence failed/)
    expect(store.get('/registry/pods/ns/a')?.metadata.name).toBe('a')
    await store.close()
  })
})

describe('memory figures', () => {
  it("a store on a data dir reports its persistence worker's heap (NeDB's documents live there); an in-thread one does not", async () => {
    const store = await openStore({ dir, shards: 2 })
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.create(`/registry/pods/ns/p${i}`, { metadata: { name: `p${i}` } })))
    const heap = store.stats().workerHeap
    expect(heap?.used).toBeGreaterThan(0)
    expect(heap!.total).toBeGreaterThanOrEqual(heap!.used)
    await store.close()
    const inThread = await openStore({ dir, worker: false })
    expect(inThread.stats().workerHeap).toBeUndefined()
    await inThread.close()
  })
})
