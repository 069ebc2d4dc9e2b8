import type { Clock } from '../../clock/types'

/**
 * What a controller expects to see in its informer after its own writes
 * (Kubernetes' UIDTrackingControllerExpectations). A reconcile that created
 * three pods must not run again and create three more just because the
 * informer has not delivered them yet: until the creations and deletions it
 * issued are observed (or the expectation expires), the owner is not synced.
 */

/** Expectations older than this are considered stale and no longer block (ExpectationsTimeout). */
export const expectationsTimeoutMs = 5 * 60 * 1000

interface Expectation {
  adds: number
  dels: number
  /** Keys of the pods whose deletion is expected, so a deletion is counted once. */
  deleting: Set<string>
  /** When the expectation was set (cluster ms). */
  at: number
}

/** Per-owner expectations, keyed by the owner's `namespace/name`. */
export class PodExpectations {
  private readonly items = new Map<string, Expectation>()

  constructor(private readonly clock: Clock) {}

  /** Expects count pod creations (replacing what was expected before). */
  expectCreations(owner: string, count: number): void {
    this.items.set(owner, { adds: count, dels: 0, deleting: new Set(), at: this.clock.now() })
  }

  /** Expects the deletion of these pods (replacing what was expected before). */
  expectDeletions(owner: string, podKeys: readonly string[]): void {
    this.items.set(owner, { adds: 0, dels: podKeys.length, deleting: new Set(podKeys), at: this.clock.now() })
  }

  /** A pod of this owner appeared (or a creation was skipped and will not appear). */
  creationObserved(owner: string): void {
    const e = this.items.get(owner)
    if (e) e.adds--
  }

  /** A pod of this owner went away or was marked for deletion; counted once, and only if expected. */
  deletionObserved(owner: string, podKey: string): void {
    const e = this.items.get(owner)
    if (e?.deleting.delete(podKey)) e.dels--
  }

  /** Whether the owner may be synced: nothing outstanding, never recorded, or expired. */
  satisfied(owner: string): boolean {
    const e = this.items.get(owner)
    if (!e) return true
    return (e.adds <= 0 && e.dels <= 0) || this.clock.now() - e.at > expectationsTimeoutMs
  }

  /** Forgets the owner (it was deleted). */
  delete(owner: string): void {
    this.items.delete(owner)
  }
}
