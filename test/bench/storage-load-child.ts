/**
 * Cold start in a fresh process, for the storage benchmark (a fresh process so
 * that RSS and load time are not polluted by the benchmark's own heap):
 *   node --expose-gc --import tsx test/bench/storage-load-child.ts store <dir> <probe-key>
 *   node --expose-gc --import tsx test/bench/storage-load-child.ts raw <file> <probe-key>
 * Prints one JSON line: { loadMs, fullLoadMs, rssBytes, heapUsedBytes, maxGapMs, maxCpuGapMs, objects }.
 * loadMs runs from before opening until the probe key can be read; fullLoadMs
 * until NeDB has loaded every shard too (our store serves reads before that;
 * for raw NeDB the two are the same). RSS is taken after the full load and a
 * GC. maxGapMs is the longest the event loop went without turning, over the
 * whole load; maxCpuGapMs the same capped by the CPU time the process got
 * meanwhile (all its threads, the persistence worker's included).
 */
import Datastore from 'nedb-promises'
import { openStore } from '../../main/cluster/storage/index'

const [mode, path, probe] = process.argv.slice(2)

let maxGapNs = 0n
let maxCpuGapMs = 0
let pinging = true
let last = process.hrtime.bigint()
let lastCpu = process.cpuUsage()
const ping = (): void => {
  const now = process.hrtime.bigint()
  const cpu = process.cpuUsage(lastCpu)
  if (now - last > maxGapNs) maxGapNs = now - last
  // The same gap, counting only time the process was running (its threads' CPU time over the gap): on a
  // machine shared with other work, a gap during which the process had no CPU is the scheduler's, not ours.
  maxCpuGapMs = Math.max(maxCpuGapMs, Math.min(Number(now - last) / 1e6, (cpu.user + cpu.system) / 1e3))
  last = now
  lastCpu = process.cpuUsage()
  if (pinging) setImmediate(ping)
}
setImmediate(ping)

const t0 = process.hrtime.bigint()
let objects: number
let loadMs: number
if (mode === 'store') {
  const store = await openStore({ dir: path })
  if (!store.get(probe)) throw new Error(`probe ${probe} missing`)
  loadMs = Number(process.hrtime.bigint() - t0) / 1e6
  objects = store.count('')
  await store.whenLoaded()
} else if (mode === 'raw') {
  const ds = Datastore.create({ filename: path })
  await ds.load()
  if (!(await ds.findOne({ _id: probe }))) throw new Error(`probe ${probe} missing`)
  loadMs = Number(process.hrtime.bigint() - t0) / 1e6
  objects = await ds.count({})
} else throw new Error(`unknown mode ${mode}`)
const fullLoadMs = Number(process.hrtime.bigint() - t0) / 1e6
pinging = false
;(globalThis as { gc?: () => void }).gc?.()
const { rss, heapUsed } = process.memoryUsage()
process.stdout.write(JSON.stringify({ loadMs, fullLoadMs, rssBytes: rss, heapUsedBytes: heapUsed, maxGapMs: Number(maxGapNs) / 1e6, maxCpuGapMs, objects }) + '\n')
// Exit without closing: close() would compact, which is not part of loading.
process.exit(0)
