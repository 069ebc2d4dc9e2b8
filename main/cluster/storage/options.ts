import type { StoreEvent } from './types'
import { monotonicMs } from './slicer'

/** Options of openStore. Everything but `dir` has a default. */
export interface StoreOptions {
  /** Data directory; undefined = in memory (unit tests). */
  dir?: string
  /** Run NeDB in a worker thread (a data dir only; in-memory stores always run in this thread). Default true. */
  worker?: boolean
  /** fsync the touched shard files before acknowledging a batch (one fsync per shard per batch). */
  durable?: boolean
  /** Time source for the watch-history window, in ms (inject the cluster clock or a test clock). Default: a monotonic process clock. */
  now?: () => number
  /** The watch history keeps at least this many newest events. Default 10,000. */
  historyMinEvents?: number
  /** ... and the events of this many ms (by now()). Default 75 s (the apiserver watch cache's eventFreshDuration). */
  historyWindowMs?: number
  /** ... but never more than this many events. Default 102,400 (the watch cache's upper bound capacity). */
  historyMaxEvents?: number
  /** Shard files for a new data dir (an existing dir keeps its count). Default 128 on disk, 4 in memory. */
  shards?: number
  /** Most writes persisted in one batch. Default 500 (a batch's synchronous work in NeDB stays near 10 ms). */
  maxBatchWrites?: number
  /** Most JSON bytes persisted in one batch. Default 1 MiB. */
  maxBatchBytes?: number
  /** Compact a shard when garbage lines > live * ratio + slack. Defaults 1 and 1,000: a file stays under about twice its content. */
  compactRatio?: number
  compactSlack?: number
  /** Called when a watch callback throws (default: process.emitWarning). Delivery to everyone else goes on. */
  onWatchError?: (error: unknown, event: StoreEvent) => void
}

export type ResolvedStoreOptions = Required<Omit<StoreOptions, 'dir'>> & { dir: string | undefined }

export function resolveOptions(options: StoreOptions): ResolvedStoreOptions {
  return {
    dir: options.dir,
    worker: options.worker ?? true,
    durable: options.durable ?? false,
    now: options.now ?? monotonicMs,
    historyMinEvents: options.historyMinEvents ?? 10_000,
    historyWindowMs: options.historyWindowMs ?? 75_000,
    historyMaxEvents: options.historyMaxEvents ?? 100 * 1024,
    shards: options.shards ?? (options.dir === undefined ? 4 : 128),
    maxBatchWrites: options.maxBatchWrites ?? 500,
    maxBatchBytes: options.maxBatchBytes ?? 1024 * 1024,
    compactRatio: options.compactRatio ?? 1,
    compactSlack: options.compactSlack ?? 1_000,
    onWatchError:
      options.onWatchError ??
      ((error, event) => process.emitWarning(`storage: a watch callback threw on ${event.type} ${event.key}@${event.revision}: ${(error as Error)?.stack ?? error}`))
  }
}
