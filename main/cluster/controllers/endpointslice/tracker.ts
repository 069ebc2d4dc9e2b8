import type { EndpointSlice } from 'kubernetes-types/discovery/v1'
import { keyOf } from '../../client/indexer-keys'

/**
 * EndpointSliceTracker: the slices this controller last wrote, by
 * generation, and those it deleted, per Service. Until the informer shows
 * them, the cache is stale and a sync would work from old slices (and
 * create duplicates), so it waits: the watch event that catches the cache
 * up enqueues the Service again.
 */
export class EndpointSliceTracker {
  private readonly expected = new Map<string, Map<string, number>>()

  private forService(slice: EndpointSlice): Map<string, number> {
    const key = keyOf(slice.metadata?.namespace, slice.metadata?.ownerReferences?.find((r) => r.kind === 'Service')?.name ?? '')
    let map = this.expected.get(key)
    if (!map) this.expected.set(key, (map = new Map()))
    return map
  }

  /** Remembers a slice as written (created or updated). */
  update(slice: EndpointSlice): void {
    this.forService(slice).set(slice.metadata?.uid ?? '', slice.metadata?.generation ?? 0)
  }

  /** Remembers a slice as deleted: the cache is stale while it still holds it. */
  expectDeletion(slice: EndpointSlice): void {
    this.forService(slice).set(slice.metadata?.uid ?? '', Number.POSITIVE_INFINITY)
  }

  /** StaleSlices: a written slice missing or older in the cache, or a deleted one still there. */
  stale(namespace: string, name: string, cached: readonly EndpointSlice[]): boolean {
    const expected = this.expected.get(keyOf(namespace, name))
    if (!expected) return false
    const byUid = new Map(cached.map((s) => [s.metadata?.uid ?? '', s]))
    for (const [uid, generation] of expected) {
      const slice = byUid.get(uid)
      if (generation === Number.POSITIVE_INFINITY) {
        if (slice) return true
      } else if (!slice || (slice.metadata?.generation ?? 0) < generation) {
        return true
      }
    }
    return false
  }

  /**
   * HandleDeletion: a deleted slice is expected no more, whoever deleted it:
   * waiting for a slice that is gone would hold its Service forever.
   */
  handleDeletion(slice: EndpointSlice): void {
    this.forService(slice).delete(slice.metadata?.uid ?? '')
  }

  /** Forgets what was expected once the cache shows it all. */
  settle(namespace: string, name: string): void {
    this.expected.delete(keyOf(namespace, name))
  }
}
