import type { Endpoints } from 'kubernetes-types/core/v1'
import { keyOf } from '../../client/indexer-keys'

/**
 * What the Endpoints controller last wrote, per Service key: the real one's
 * staleEndpointsTracker (the version its update replaced: while the cache
 * still shows that one, the cache is behind and a sync would work from old
 * data) and, so its own writes coming back through the watch do not make it
 * sync the Service again (the real controller does not watch Endpoint
 * updates at all), the version it wrote. A sync that waits for the cache
 * marks the key, and then the write's watch event enqueues it after all.
 */
export class EndpointsWriteTracker {
  /** The version an update replaced. */
  private readonly stale = new Map<string, string>()
  /** The version the controller's last write produced. */
  private readonly written = new Map<string, string>()
  /** Keys whose next watch event must enqueue them, own write or not. */
  private readonly resync = new Set<string>()

  /** Records a write: `replaced` is the version it updated (none for a create). */
  wrote(key: string, replaced: Endpoints | undefined, result: Endpoints): void {
    const replacedVersion = replaced?.metadata?.resourceVersion
    if (replacedVersion) this.stale.set(key, replacedVersion)
    else this.stale.delete(key)
    const version = result.metadata?.resourceVersion
    if (version) this.written.set(key, version)
    else this.written.delete(key)
  }

  /** IsStale: the cached Endpoints is one this controller already replaced. */
  isStale(key: string, cached: Endpoints | undefined): boolean {
    const version = cached?.metadata?.resourceVersion
    return version !== undefined && this.stale.get(key) === version
  }

  /** The sync of key waits for the cache: the next watch event of its Endpoints enqueues it. */
  awaitEvent(key: string): void {
    this.resync.add(key)
  }

  /** Whether a watched Endpoints is the controller's own last write, which needs no sync (clears a pending resync otherwise). */
  isOwnWrite(ep: Endpoints): boolean {
    const key = keyOf(ep.metadata?.namespace, ep.metadata?.name ?? '')
    if (this.resync.delete(key)) return false
    const version = ep.metadata?.resourceVersion
    return version !== undefined && this.written.get(key) === version
  }

  /** Forgets a deleted Service. */
  delete(key: string): void {
    this.stale.delete(key)
    this.written.delete(key)
    this.resync.delete(key)
  }
}
