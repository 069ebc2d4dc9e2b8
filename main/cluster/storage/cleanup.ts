import { docId } from './document'
import type { Shard } from './shard'
import { yieldToEventLoop } from './slicer'

/**
 * Background cleanup of the shard files, after batches are durable:
 *   1. remove the versions that later writes superseded;
 *   2. if keys were deleted: record the revision in meta.db, THEN purge the
 *      tombstones. A tombstone may only go once no older version of its key
 *      remains, and once the revision it carried is kept elsewhere (else a
 *      restart after deleting the newest keys would reuse revisions);
 *   3. let the owner compact shards that have grown well past their content.
 * Work is collected per batch and a pass runs once enough has piled up
 * (CLEANUP_BATCH ids) or when the writers pause (settle()): a pass costs an
 * appendFile per shard it touches, so passes should be few and large. Passes
 * run one at a time, so their order (removals before purges) holds across
 * passes too.
 */

/** Ids to collect before a pass runs while writes keep coming. */
const CLEANUP_BATCH = 4096
/** The meta file's one document. */
export const META_ID = 'revision'

export interface Tombstone {
  key: string
  revision: number
  shard: number
}

export interface CleanupWork {
  /** Per shard: ids of superseded versions. */
  removals: Map<number, string[]>
  tombstones: Tombstone[]
  /** A revision >= every tombstone in the work. */
  revision: number
}

export interface CleanupHost {
  readonly shards: readonly Shard[]
  readonly meta: Shard
  readonly durable: boolean
  /** A tombstone is gone from disk. */
  purged(tombstone: Tombstone): void
  /** Runs after each pass (compaction checks). */
  afterPass(): Promise<void>
  /** A pass failed: the store is broken. */
  fail(error: unknown): void
  /** Has persistence failed (then no more passes run)? */
  failed(): boolean
}

export function pushTo(map: Map<number, string[]>, shard: number, id: string): void {
  const list = map.get(shard)
  if (list) list.push(id)
  else map.set(shard, [id])
}

/**
 * Removes ids shard by shard, yielding between shards. Not in parallel: the
 * synchronous part of a NeDB remove (matching, index updates, serializing the
 * markers) runs before its first I/O, so removes started together on 128
 * shards would run back to back in one long turn of the event loop. With
 * `sync` each touched file is fsynced before returning.
 */
export async function removeShardByShard(shards: readonly Shard[], ids: Map<number, string[]>, sync: boolean): Promise<void> {
  for (const [s, list] of ids) {
    await shards[s].remove(list)
    if (sync) await shards[s].sync()
    await yieldToEventLoop()
  }
}

export class Cleaner {
  private work: CleanupWork = { removals: new Map(), tombstones: [], revision: 0 }
  /** Ids in `work`. */
  private pending = 0
  /** settle() asked for a pass however little is pending. */
  private settling = false
  private loop: Promise<void> | undefined

  constructor(private readonly host: CleanupHost) {}

  add(work: CleanupWork): void {
    for (const [s, ids] of work.removals) {
      for (const id of ids) pushTo(this.work.removals, s, id)
      this.pending += ids.length
    }
    for (const t of work.tombstones) this.work.tombstones.push(t)
    this.pending += work.tombstones.length
    this.work.revision = Math.max(this.work.revision, work.revision)
    if (this.pending >= CLEANUP_BATCH) this.loop ??= this.run()
  }

  /** The writers paused: clean up whatever has been collected. */
  settle(): void {
    if (this.pending === 0) return
    this.settling = true
    this.loop ??= this.run()
  }

  /** Runs all collected work; resolves when none is pending or running. */
  async whenIdle(): Promise<void> {
    this.settle()
    while (this.loop) await this.loop
  }

  private async run(): Promise<void> {
    try {
      await yieldToEventLoop()
      while (!this.host.failed() && (this.pending >= CLEANUP_BATCH || (this.settling && this.pending > 0))) {
        const work = this.work
        this.work = { removals: new Map(), tombstones: [], revision: 0 }
        this.pending = 0
        this.settling = false
        await this.pass(work)
        await this.host.afterPass()
      }
    } catch (error) {
      this.host.fail(error)
    }
    // Cleared synchronously after the last check, so add() never strands work.
    this.loop = undefined
  }

  private async pass(work: CleanupWork): Promise<void> {
    const { shards, meta, durable } = this.host
    await removeShardByShard(shards, work.removals, durable)
    if (work.tombstones.length === 0) return
    await meta.put({ _id: META_ID, r: work.revision } as { _id: string })
    if (durable) await meta.sync()
    const purge = new Map<number, string[]>()
    for (const { key, revision, shard } of work.tombstones) pushTo(purge, shard, docId(key, revision))
    await removeShardByShard(shards, purge, false)
    for (const t of work.tombstones) this.host.purged(t)
  }
}
