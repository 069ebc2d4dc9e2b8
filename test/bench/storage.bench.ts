/**
 * Storage benchmark: Kubelab's store against raw nedb-promises doing the same
 * work in the same process, at opts.objects pod-sized (~1.9 KB) objects.
 *
 * Phases, in order:
 *   1. ours: creates + preconditioned updates by 64 concurrent writers (event-loop delay sampled)
 *   2. ours: gets, a namespace list, 1,000-watcher fan-out, a full compaction (event-loop delay sampled), close;
 *      then small runs: durable creates, and creates with NeDB in the worker vs in the main thread
 *   3. ours: cold start in a fresh child process (time to serving reads, full load, RSS)
 *   4. raw NeDB, after our store is dropped and the heap collected: the same
 *      pods as plain documents (_id = key); one-at-a-time updates (after a
 *      warm-up, and before the namespace index exists, so they do not pay for
 *      it: the strongest baseline), findOne by _id, find by metadata.namespace
 *      with an index, compaction
 *   5. raw NeDB: cold start (loadDatabase) in a fresh child process
 * `ratio` always reads "times better than raw NeDB".
 */
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createHistogram, monitorEventLoopDelay, type IntervalHistogram, type RecordableHistogram } from 'node:perf_hooks'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import Datastore from 'nedb-promises'
import type { KubeObject } from '../../main/cluster/apimachinery/types'
import { openStore } from '../../main/cluster/storage/index'
import type { BenchLine } from './bench-line'
import { NAMESPACES, makePod, podKey, podNamespace } from './storage-pods'

const WRITERS = 64
const WATCHERS = 1_000
const RAW_SAMPLE = 3_000
const MiB = 1024 * 1024

function seconds(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e9
}

/** A small deterministic PRNG (mulberry32), so runs are comparable. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function p99(values: number[]): number {
  const sorted = Float64Array.from(values).sort()
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))]
}

function eldMs(h: IntervalHistogram | RecordableHistogram): { p99: number; max: number } {
  return { p99: h.percentile(99) / 1e6, max: h.max / 1e6 }
}

/**
 * Event-loop delay over several windows (the create rounds and the updates),
 * pooled. A monitor that is disabled and enabled again records the pause as
 * one sample (its first delta spans the time it was off: here, building the
 * next round's pods), so each window gets a fresh monitor; when a window
 * ends, its samples, read back rank by rank at the histogram's precision,
 * join the pooled histogram.
 */
class LoopDelayWindows {
  readonly pooled = createHistogram()
  private monitor: IntervalHistogram | undefined

  start(): void {
    this.monitor = monitorEventLoopDelay({ resolution: 1 })
    this.monitor.enable()
  }

  stop(): void {
    const monitor = this.monitor!
    monitor.disable()
    this.monitor = undefined
    const n = monitor.count
    for (let rank = 1; rank <= n; rank++) this.pooled.record(Math.max(1, Math.round(monitor.percentile((100 * rank) / n))))
  }
}

/** A controller-style change: same object, one label and the status touched. */
function touched(object: KubeObject, generation: number): KubeObject {
  return {
    ...object,
    metadata: { ...object.metadata, labels: { ...object.metadata.labels, version: `v${generation}` } },
    status: { ...(object.status as object), observedGeneration: generation }
  }
}

interface ChildResult {
  loadMs: number
  fullLoadMs: number
  rssBytes: number
  heapUsedBytes: number
  maxGapMs: number
  maxCpuGapMs: number
  objects: number
}

function runLoadChild(mode: 'store' | 'raw', path: string, probe: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--max-old-space-size=4096', '--import', 'tsx', join(import.meta.dirname, 'storage-load-child.ts'), mode, path, probe], {
      stdio: ['ignore', 'pipe', 'inherit']
    })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.on('error', reject)
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`load child (${mode}) exited with ${code}`))
      else resolve(JSON.parse(out.trim().split('\n').pop()!) as ChildResult)
    })
  })
}

async function withWriters(count: number, work: () => Promise<boolean>): Promise<void> {
  await Promise.all(
    Array.from({ length: count }, async () => {
      while (await work()) {
        /* next */
      }
    })
  )
}

interface OursResult {
  writesPerSec: number
  createsPerSec: number
  updatesPerSec: number
  writeEld: { p99: number; max: number }
  getsPerSec: number
  listsPerSec: number
  listSize: number
  deliveriesPerSec: number
  deliveryP99Ms: number
  compactEld: { p99: number; max: number }
  compactMs: number
  closeMs: number
  durableWritesPerSec: number
  /** Creates/s of the same small run with NeDB in a worker thread (the default) and in the main thread. */
  threadCompare: { worker: number; main: number }
}

async function benchOurs(dir: string, n: number): Promise<OursResult> {
  const rand = random(42)
  const store = await openStore({ dir })
  const keys = Array.from({ length: n }, (_, i) => podKey(i))

  // 1. Writes: every object created, then updates with a resourceVersion precondition.
  // Creates run in rounds of 10,000 whose pods are built before the clock
  // starts: building a pod is the client's work, as the raw baseline's
  // update loop does not build its documents either.
  const eld = new LoopDelayWindows()
  let createSecs = 0
  for (let round = 0; round < n; round += 10_000) {
    const pods = Array.from({ length: Math.min(10_000, n - round) }, (_, j) => makePod(round + j))
    let next = 0
    eld.start()
    const t0 = process.hrtime.bigint()
    await withWriters(WRITERS, async () => {
      if (next >= pods.length) return false
      const j = next++
      await store.create(keys[round + j], pods[j])
      return true
    })
    createSecs += seconds(t0)
    eld.stop()
  }
  eld.start()
  const updates = Math.max(10_000, Math.floor(n / 5))
  let started = 0
  const t1 = process.hrtime.bigint()
  await withWriters(WRITERS, async () => {
    if (started >= updates) return false
    const g = ++started
    const key = keys[Math.floor(rand() * n)]
    const current = store.get(key)!
    await store.update(key, touched(current, g), { resourceVersion: current.metadata.resourceVersion })
    return true
  })
  const updateSecs = seconds(t1)
  eld.stop()
  const writeEld = eldMs(eld.pooled)

  // 2a. Gets from the cache.
  const gets = 1_000_000
  let found = 0
  const t2 = process.hrtime.bigint()
  for (let i = 0; i < gets; i++) if (store.get(keys[Math.floor(rand() * n)])) found++
  const getsPerSec = gets / seconds(t2)
  if (found !== gets) throw new Error('gets missed objects')

  // 2b. One namespace's list (a tenth of the objects).
  const lists = 50
  let listSize = 0
  const t3 = process.hrtime.bigint()
  for (let i = 0; i < lists; i++) listSize = store.list(`/registry/pods/${podNamespace(i)}/`).items.length
  const listsPerSec = lists / seconds(t3)

  // 2c. Watch fan-out: 1,000 watchers on distinct prefixes (namespace x 2-digit name prefix).
  const startedAt = new Map<number, bigint>()
  const latencies: number[] = []
  const watches = Array.from({ length: WATCHERS }, (_, w) =>
    store.watch(`/registry/pods/ns-${w % NAMESPACES}/pod-${String(Math.floor(w / NAMESPACES) % 100).padStart(2, '0')}`, {}, (event) => {
      latencies.push(Number(process.hrtime.bigint() - startedAt.get(event.revision)!) / 1e6)
    })
  )
  const fanoutUpdates = 20_000
  let fanned = 0
  const t4 = process.hrtime.bigint()
  await withWriters(WRITERS, async () => {
    if (fanned >= fanoutUpdates) return false
    const g = ++fanned
    const key = keys[Math.floor(rand() * n)]
    const current = store.get(key)!
    const at = process.hrtime.bigint()
    const done = store.update(key, touched(current, g), { resourceVersion: current.metadata.resourceVersion })
    startedAt.set(store.revision, at)
    await done
    return true
  })
  const fanoutSecs = seconds(t4)
  for (const w of watches) w.stop()
  const expectedDeliveries = n >= 10 * 10_000 ? fanoutUpdates : latencies.length
  if (latencies.length !== expectedDeliveries) throw new Error(`watch delivered ${latencies.length} of ${expectedDeliveries} events`)

  // 2d. A full compaction of every shard (garbage from all those updates).
  const eld2 = monitorEventLoopDelay({ resolution: 1 })
  eld2.enable()
  const t5 = process.hrtime.bigint()
  await store.compact()
  const compactMs = seconds(t5) * 1000
  eld2.disable()

  const t6 = process.hrtime.bigint()
  await store.close()
  const closeMs = seconds(t6) * 1000

  // Durable mode (fsync per touched shard per batch): a smaller run, informational.
  const durable = await openStore({ dir: join(dir, '..', 'durable'), durable: true })
  const durableN = Math.min(20_000, n)
  let d = 0
  const t7 = process.hrtime.bigint()
  await withWriters(WRITERS, async () => {
    if (d >= durableN) return false
    const i = d++
    await durable.create(keys[i], makePod(i))
    return true
  })
  const durableWritesPerSec = durableN / seconds(t7)
  await durable.close()

  // The same creates with NeDB in the persistence worker (default) and in this thread, back to back: informational.
  const threadCompare = { worker: 0, main: 0 }
  for (const mode of ['worker', 'main'] as const) {
    const compared = await openStore({ dir: join(dir, '..', `thread-${mode}`), worker: mode === 'worker' })
    let c = 0
    const t8 = process.hrtime.bigint()
    await withWriters(WRITERS, async () => {
      if (c >= durableN) return false
      const i = c++
      await compared.create(keys[i], makePod(i))
      return true
    })
    threadCompare[mode] = durableN / seconds(t8)
    await compared.close()
  }

  return {
    writesPerSec: (n + updates) / (createSecs + updateSecs),
    createsPerSec: n / createSecs,
    updatesPerSec: updates / updateSecs,
    writeEld,
    getsPerSec,
    listsPerSec,
    listSize,
    deliveriesPerSec: latencies.length / fanoutSecs,
    deliveryP99Ms: p99(latencies),
    compactEld: eldMs(eld2),
    compactMs,
    closeMs,
    durableWritesPerSec,
    threadCompare
  }
}

interface RawResult {
  updatesPerSec: number
  getsPerSec: number
  listsPerSec: number
}

async function benchRaw(file: string, n: number): Promise<RawResult> {
  const rand = random(7)
  const ds = Datastore.create({ filename: file })
  await ds.load()
  for (let i = 0; i < n; i += 1_000) {
    const docs = []
    for (let j = i; j < Math.min(n, i + 1_000); j++) docs.push({ _id: podKey(j), ...makePod(j) })
    await ds.insert(docs)
  }
  const sample = Math.min(RAW_SAMPLE, n)

  // Warm-up (JIT) not counted. Then one-at-a-time updates of documents built
  // beforehand (read and changed outside the clock), so only update() is timed.
  const prepare = async (count: number, from: number): Promise<Array<{ _id: string; doc: KubeObject }>> => {
    const out = []
    for (let g = from; g < from + count; g++) {
      const _id = podKey(Math.floor(rand() * n))
      const current = (await ds.findOne({ _id })) as unknown as KubeObject
      out.push({ _id, doc: touched(current, g) })
    }
    return out
  }
  for (const { _id, doc } of await prepare(300, 1)) await ds.update({ _id }, doc)
  const updates = await prepare(sample, 1_000)
  const t0 = process.hrtime.bigint()
  for (const { _id, doc } of updates) await ds.update({ _id }, doc)
  const updatesPerSec = sample / seconds(t0)
  const t1 = process.hrtime.bigint()
  for (let g = 1; g <= sample; g++) await ds.findOne({ _id: podKey(Math.floor(rand() * n)) })
  const findSecs = seconds(t1)

  await ds.ensureIndex({ fieldName: 'metadata.namespace' })
  await ds.find({ 'metadata.namespace': podNamespace(0) }) // warm-up
  const lists = 3
  const t2 = process.hrtime.bigint()
  for (let i = 0; i < lists; i++) await ds.find({ 'metadata.namespace': podNamespace(i) })
  const listsPerSec = lists / seconds(t2)

  // Leave the file in one-line-per-document form, as our store leaves its shards.
  await (ds as unknown as { compactDatafile(): Promise<void> }).compactDatafile()
  return { updatesPerSec, getsPerSec: sample / findSecs, listsPerSec }
}

/** Runs the storage benchmark at opts.objects objects and emits one line per figure. */
export async function runStorageBench(emit: (line: BenchLine) => void, opts: { objects: number }): Promise<void> {
  const n = opts.objects
  const root = await mkdtemp(join(tmpdir(), 'kubelab-storage-bench-'))
  const probe = podKey(n - 1)
  const loadAtStart = loadavg()[0]
  try {
    const ours = await benchOurs(join(root, 'ours'), n)
    const oursCold = await runLoadChild('store', join(root, 'ours'), probe)
    if (oursCold.objects !== n) throw new Error(`cold start found ${oursCold.objects} objects, expected ${n}`)
    collectGarbage()
    const raw = await benchRaw(join(root, 'raw.db'), n)
    const rawCold = await runLoadChild('raw', join(root, 'raw.db'), probe)

    const line = (figure: string, value: number, unit: string, baseline: number | null, ratio: number | null, target: string, met: boolean): void =>
      emit({ figure, value: round(value), unit, baseline: baseline === null ? null : round(baseline), ratio: ratio === null ? null : round(ratio), target, met })

    const wRatio = ours.writesPerSec / raw.updatesPerSec
    line('acknowledged writes/s (creates + preconditioned updates, 64 writers)', ours.writesPerSec, 'writes/s', raw.updatesPerSec, wRatio,
      '>= 3x raw NeDB one-at-a-time updates and >= 10,000/s (ratio = ours/raw)', wRatio >= 3 && ours.writesPerSec >= 10_000)
    line('  creates/s (64 writers)', ours.createsPerSec, 'writes/s', null, null, 'info', true)
    line('  preconditioned updates/s (64 writers)', ours.updatesPerSec, 'writes/s', null, null, 'info', true)
    line('  durable creates/s (fsync per shard per batch, 64 writers)', ours.durableWritesPerSec, 'writes/s', null, null, 'info', true)
    line('  creates/s, NeDB in the persistence worker (default), 64 writers', ours.threadCompare.worker, 'writes/s', ours.threadCompare.main, ours.threadCompare.worker / ours.threadCompare.main,
      'info (baseline and ratio: the same run with NeDB in the main thread)', true)
    const gRatio = ours.getsPerSec / raw.getsPerSec
    line('gets/s (cache vs raw NeDB findOne by _id)', ours.getsPerSec, 'gets/s', raw.getsPerSec, gRatio, '>= 10x (ratio = ours/raw)', gRatio >= 10)
    const lRatio = ours.listsPerSec / raw.listsPerSec
    line(`namespace list of ${ours.listSize} of ${n} objects`, ours.listsPerSec, 'lists/s', raw.listsPerSec, lRatio, '>= 10x raw find({metadata.namespace}) with index (ratio = ours/raw)', lRatio >= 10)
    line(`watch fan-out: ${WATCHERS} watchers, events delivered/s`, ours.deliveriesPerSec, 'events/s', null, null, 'info (no raw NeDB equivalent)', true)
    line('watch delivery latency p99 (write call to callback)', ours.deliveryP99Ms, 'ms', null, null, '<= 100 ms', ours.deliveryP99Ms <= 100)
    const cRatio = rawCold.loadMs / oursCold.loadMs
    line('cold start to serving reads (fresh process)', oursCold.loadMs / 1000, 's', rawCold.loadMs / 1000, cRatio,
      '<= 0.7x raw NeDB loadDatabase (ratio = raw/ours >= 1.43) and <= 5 s', cRatio >= 1 / 0.7 && oursCold.loadMs <= 5000)
    line('  cold start until NeDB has loaded every shard too', oursCold.fullLoadMs / 1000, 's', rawCold.fullLoadMs / 1000, rawCold.fullLoadMs / oursCold.fullLoadMs, 'info (ratio = raw/ours)', true)
    line('  longest event-loop block while loading', oursCold.maxGapMs, 'ms', rawCold.maxGapMs, rawCold.maxGapMs / oursCold.maxGapMs, '<= 50 ms (info; raw NeDB for comparison)', oursCold.maxGapMs <= 50)
    line('  longest event-loop block while loading, capped by the CPU time the process got', oursCold.maxCpuGapMs, 'ms', rawCold.maxCpuGapMs, rawCold.maxCpuGapMs / oursCold.maxCpuGapMs,
      'info (tells blocking from waiting for a CPU on a busy machine)', true)
    line('RSS after load (fresh process, after GC)', oursCold.rssBytes / MiB, 'MiB', rawCold.rssBytes / MiB, rawCold.rssBytes / oursCold.rssBytes,
      '<= 1.2 GiB (ratio = raw/ours)', oursCold.rssBytes <= 1.2 * 1024 * MiB)
    line('event-loop delay p99 during writes', ours.writeEld.p99, 'ms', null, null, '<= 20 ms', ours.writeEld.p99 <= 20)
    line('  event-loop delay max during writes', ours.writeEld.max, 'ms', null, null, 'info (includes GC pauses)', true)
    line('event-loop delay p99 during full compaction', ours.compactEld.p99, 'ms', null, null, '<= 20 ms', ours.compactEld.p99 <= 20)
    line('  event-loop delay max during full compaction', ours.compactEld.max, 'ms', null, null, 'info', true)
    line('  full compaction time', ours.compactMs, 'ms', null, null, 'info', true)
    // Context: other processes competing for the CPUs skew every figure above (and GC pauses most).
    line(`system load average (1 min) at start, ${cpus().length} CPUs`, loadAtStart, 'runnable', null, null, 'info', true)
    line(`system load average (1 min) at end, ${cpus().length} CPUs`, loadavg()[0], 'runnable', null, null, 'info', true)
  } finally {
    await rm(root, { recursive: true, force: true })
  }
}

/** A full GC between phases (the bench process is not started with --expose-gc). */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc')
  ;(runInNewContext('gc') as () => void)()
}

function round(x: number): number {
  return Math.round(x * 100) / 100
}
