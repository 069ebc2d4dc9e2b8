import { getHeapStatistics } from 'node:v8'
import { parentPort, workerData } from 'node:worker_threads'
import { useBlockingIo } from './blocking-io'
import { Persistence, type PersistenceStats } from './persistence'
import { lowerThreadPriority, WORKER_NICE } from './thread-priority'
import { fromColumns, type CallMethod, type FromWorker, type ToWorker, type WorkerOptions } from './worker-protocol'

/**
 * The persistence worker: a worker thread that owns the NeDB side of the
 * store (see durable-log.ts). It opens the data dir with Persistence (our
 * reader, recovery, torn-tail repair), streams the recovered versions to the
 * main thread, loads NeDB in the background, then answers the store's calls
 * (batch writes, cleanup, compaction, close) in the order they arrive, at a
 * lower priority than the main thread once open (thread-priority.ts).
 *
 * Started by worker-start.ts; electron-vite builds it as its own entry
 * (out/main/storage-worker.js).
 */

/** Recovered versions per chunk, by JSON size: one chunk parses on the main thread in about a millisecond. */
const CHUNK_BYTES = 64 * 1024
/** Chunks the main thread may hold unapplied before recovery waits for it. */
const WINDOW = 8

const port = parentPort
if (!port) throw new Error('storage: persistence-worker.ts must run in a worker thread')
const post = (message: FromWorker): void => port.postMessage(message)

/** Persistence's stats and this thread's heap (what NeDB's documents cost). */
function statsOf(p: Persistence): PersistenceStats {
  const heap = getHeapStatistics()
  return { ...p.stats(), workerHeap: { used: heap.used_heap_size, total: heap.total_heap_size } }
}

/** Collects recovered versions into chunks and sends them, keeping at most WINDOW unapplied. */
class VersionSender {
  private keys: string[] = []
  private parts: string[] = []
  private bytes = 0
  private unapplied = 0
  /** Readers waiting in drain() (Persistence reads shards concurrently). */
  private waiting: Array<() => void> = []

  add(key: string, json: string | undefined): void {
    this.keys.push(key)
    this.parts.push(json ?? 'null')
    this.bytes += (json?.length ?? 4) + 1
    if (this.bytes >= CHUNK_BYTES) this.send()
  }

  send(): void {
    if (this.keys.length === 0) return
    post({ type: 'versions', keys: this.keys, text: `[${this.parts.join(',')}]` })
    this.unapplied++
    this.keys = []
    this.parts = []
    this.bytes = 0
  }

  applied(): void {
    this.unapplied--
    if (this.unapplied < WINDOW) for (const resume of this.waiting.splice(0)) resume()
  }

  /** Resolves once the main thread holds fewer than WINDOW unapplied chunks. */
  drain(): Promise<void> {
    if (this.unapplied < WINDOW) return Promise.resolve()
    return new Promise((resolve) => this.waiting.push(resolve))
  }
}

useBlockingIo()
const sender = new VersionSender()
let persistence: Persistence | undefined
const early: ToWorker[] = []

function call(p: Persistence, method: CallMethod, message: Extract<ToWorker, { type: 'call' }>): Promise<void> | void {
  switch (method) {
    case 'writeBatch':
      return p.writeBatch(message.batch ? fromColumns(message.batch) : [])
    case 'loadAll':
      return p.loadAll()
    case 'settle':
      return p.settle()
    case 'whenIdle':
      return p.whenIdle()
    case 'compactAll':
      return p.compactAll()
    case 'close':
      return p.close()
  }
}

function handle(message: ToWorker): void {
  if (message.type === 'applied') return sender.applied()
  if (!persistence) {
    early.push(message)
    return
  }
  const p = persistence
  const { id } = message
  Promise.resolve()
    .then(() => call(p, message.method, message))
    .then(
      () => post({ type: 'reply', id, stats: statsOf(p) }),
      (error: unknown) => post({ type: 'reply', id, error, stats: statsOf(p) })
    )
}

port.on('message', handle)

try {
  const opened = await Persistence.open(
    workerData as WorkerOptions,
    (key, json) => sender.add(key, json),
    () => sender.drain()
  )
  sender.send()
  persistence = opened.persistence
  const { revision, droppedBatch } = opened.recovered
  opened.recovered.winners.length = 0
  post({ type: 'opened', revision, droppedBatch, stats: statsOf(persistence) })
  // Start-up is on the way to serving reads: full priority until here; from
  // now on the event loop comes first (thread-priority.ts).
  lowerThreadPriority(WORKER_NICE)
  for (const message of early.splice(0)) handle(message)
  void persistence.loadAll()
} catch (error) {
  post({ type: 'openFailed', error })
}
