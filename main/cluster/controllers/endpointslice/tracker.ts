import type { EndpointSlice } from 'kubernetes-types/discovery/v1'
import { keyOf } from '../../client/indexer-keys'

/**
 * EndpointSliceTracker: the slices this controller last wrote, by
 * generation, and those it deleted, per Service. Until the informer shows
 * them, the cache is stale and a sync would work from old slices (and
 * create duplicates), so it waits: the watch event that catches the cache
 * up enqueues the Service again. Watch events of the controller's own
 * writes otherwise enqueue nothing (ShouldSync): they are what it wanted.
 */
export class EndpointSliceTracker {
  private readonly expected = new Map<string, Map<string, number>>()
  /** Services whose next slice event must enqueue them, own write or not: a sync waited for the cache. */
  private readonly resync = new Set<string>()

  private serviceKey(slice: EndpointSlice): string {
    return keyOf(slice.metadata?.namespace, slice.metadata?.ownerReferences?.find((r) => r.kind === 'Service')?.name ?? '')
  }

  private forService(slice: EndpointSlice): Map<string, number> {
    const key = this.serviceKey(slice)
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

  /**
   * The negation of ShouldSync: the slice is this controller's own write (a
   * generation it wrote, or an older one) coming back, which needs no sync,
   * unless a sync of its Service waits for the cache.
   */
  isOwnWrite(slice: EndpointSlice): boolean {
    const key = this.serviceKey(slice)
    if (this.resync.delete(key)) return false
    const generation = this.expected.get(key)?.get(slice.metadata?.uid ?? '')
    return generation !== undefined && generation !== Number.POSITIVE_INFINITY && (slice.metadata?.generation ?? 0) <= generation
  }

  /** A sync of the Service waits for the cache: its next slice event enqueues it. */
  awaitEvent(namespace: string, name: string): void {
    this.resync.add(keyOf(namespace, name))
  }

  /** Forgets what was expected once the cache shows it all. */
  settle(namespace: string, name: string): void {
    this.expected.delete(keyOf(namespace, name))
  }
}
