import type { Worker } from 'node:worker_threads'
import type { KubeObject } from '../apimachinery/types'
import type { DurableLog } from './durable-log'
import { deepFreeze } from './freeze'
import type { PersistenceStats, PersistRecord } from './persistence'
import type { Recovered } from './recovery'
import { TimeSlicer } from './slicer'
import { startPersistenceWorker } from './worker-start'
import { toColumns, type BatchColumns, type CallMethod, type FromWorker, type ToWorker, type VersionsChunk, type WorkerOptions } from './worker-protocol'

/**
 * The durable log in a worker thread: the main thread keeps only what serves
 * the cluster (compare-and-swap, cache, watch fan-out) and hands each
 * group-commit batch to the worker, whose reply is the acknowledgement (it
 * comes after the append, and after the fsync in durable mode).
 *
 * At open, the worker streams every key's newest version; this side parses
 * each chunk (one JSON.parse), freezes the objects and hands them to the
 * cache, in time slices, acknowledging chunk by chunk.
 *
 * The worker is unref'd while no call is in flight: an open store keeps the
 * process alive no more than an in-thread one does. If the worker dies, every
 * pending and later call fails (fail-stop, as a failed write).
 */

/** Receives each key's newest version at open: a deep-frozen object, or undefined when the key is deleted. */
export type ApplyObject = (key: string, object: KubeObject | undefined) => void

/** Main-thread time slice for applying recovered chunks. */
const SLICE_MS = 5

interface Pending {
  resolve(): void
  reject(error: unknown): void
}

export class WorkerPersistence implements DurableLog {
  /** The worker appends one batch while this thread prepares the next ones (group-commit.ts). */
  readonly maxBatchesInFlight = 4
  /** A batch's records are posted to the worker (copied) before writeBatch returns. */
  readonly copiesRecords = true
  private readonly pending = new Map<number, Pending>()
  private nextId = 1
  private failure: Error | undefined
  private terminated = false
  /** Replies received, settled together on the next turn (see settleAnswered). */
  private answered: Array<{ call: Pending; error: unknown }> = []

  private constructor(
    private readonly worker: Worker,
    private latest: PersistenceStats
  ) {
    worker.on('message', (message: FromWorker) => {
      if (message.type !== 'reply') return
      this.latest = message.stats
      const call = this.pending.get(message.id)
      if (!call) return
      this.pending.delete(message.id)
      this.updateRef()
      this.answered.push({ call, error: message.error })
      if (this.answered.length === 1) setImmediate(() => this.settleAnswered())
    })
    worker.on('error', (error) => this.fail(error))
    worker.on('exit', (code) => {
      if (!this.terminated) this.fail(new Error(`storage: persistence worker exited (code ${code})`))
    })
    this.updateRef()
  }

  /** Starts the worker over options.dir; resolves once every recovered version has been applied. */
  static open(options: WorkerOptions, apply: ApplyObject): Promise<{ persistence: WorkerPersistence; revision: number; droppedBatch: Recovered['droppedBatch'] }> {
    const worker = startPersistenceWorker(options)
    return new Promise((resolve, reject) => {
      const queue: VersionsChunk[] = []
      const slicer = new TimeSlicer(SLICE_MS)
      let applying: Promise<void> | undefined
      let settled = false
      const onExit = (code: number): void => fail(new Error(`storage: persistence worker exited during open (code ${code})`))
      const stopListening = (): void => {
        worker.off('error', fail)
        worker.off('exit', onExit)
        worker.off('message', onMessage)
      }
      const fail = (error: unknown): void => {
        if (settled) return
        settled = true
        stopListening()
        void worker.terminate()
        reject(error)
      }
      const applyQueued = async (): Promise<void> => {
        await Promise.resolve() // so that `applying` is set before it can be cleared
        while (queue.length > 0) {
          const { keys, text } = queue.shift()!
          const values = JSON.parse(text) as Array<KubeObject | null>
          for (let i = 0; i < keys.length; i++) apply(keys[i], values[i] === null ? undefined : deepFreeze(values[i]!))
          worker.postMessage({ type: 'applied' } satisfies ToWorker)
          if (slicer.due()) await slicer.yield()
        }
        applying = undefined
      }
      const onMessage = (message: FromWorker): void => {
        if (settled) return
        if (message.type === 'versions') {
          queue.push(message)
          applying ??= applyQueued().catch(fail)
        } else if (message.type === 'openFailed') fail(message.error)
        else if (message.type === 'opened') {
          void (async () => {
            while (applying) await applying
            if (settled) return
            settled = true
            stopListening()
            resolve({ persistence: new WorkerPersistence(worker, message.stats), revision: message.revision, droppedBatch: message.droppedBatch })
          })()
        }
      }
      worker.on('error', fail)
      worker.on('exit', onExit)
      worker.on('message', onMessage)
    })
  }

  writeBatch(records: readonly PersistRecord[]): Promise<void> {
    return this.call('writeBatch', toColumns(records))
  }

  loadAll(): Promise<void> {
    return this.call('loadAll')
  }

  settle(): void {
    // Fire and forget: a failure shows up in the next write.
    this.call('settle').catch(() => {})
  }

  whenIdle(): Promise<void> {
    return this.call('whenIdle')
  }

  compactAll(): Promise<void> {
    return this.call('compactAll')
  }

  async close(): Promise<void> {
    if (this.terminated) return
    try {
      if (!this.failure) await this.call('close')
    } finally {
      this.terminated = true
      await this.worker.terminate()
    }
  }

  stats(): PersistenceStats {
    return this.latest
  }

  private call(method: CallMethod, batch?: BatchColumns): Promise<void> {
    if (this.failure) return Promise.reject(this.failure)
    if (this.terminated) return Promise.reject(new Error('storage: persistence is closed'))
    const id = this.nextId++
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      this.updateRef()
      this.worker.postMessage({ type: 'call', id, method, batch } satisfies ToWorker)
    })
  }

  /**
   * Settles the calls answered since the last turn. Node hands a port's
   * messages to their listener in one go, as long as more keep arriving (up
   * to 1,000): settling each reply at once let the writers it woke start new
   * batches whose replies arrived within the same go, and the event loop
   * could stay in one callback for hundreds of milliseconds. Settling on the
   * next turn bounds a turn to the writes woken by the replies that had
   * arrived when it began.
   */
  private settleAnswered(): void {
    const answered = this.answered
    this.answered = []
    for (const { call, error } of answered) {
      if (error !== undefined) call.reject(error)
      else call.resolve()
    }
  }

  /** Keeps the process alive only while a call waits for the worker. */
  private updateRef(): void {
    if (this.pending.size > 0) this.worker.ref()
    else this.worker.unref()
  }

  private fail(error: unknown): void {
    if (this.failure) return
    this.failure = new Error(`storage: persistence failed, the store must be reopened: ${(error as Error)?.message ?? error}`, { cause: error })
    for (const call of this.pending.values()) call.reject(this.failure)
    this.pending.clear()
    this.updateRef()
  }
}
