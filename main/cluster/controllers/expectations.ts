import type { Pod } from 'kubernetes-types/core/v1'
import type { Clock } from '../clock/types'
import type { EventHandlers } from '../client/informer-handlers'
import type { Informer } from '../client/informer'
import { keyOf, objectKey, type ObjectWithMeta } from '../client/indexer-keys'

/**
 * What a controller expects to see in its informer after its own writes
 * (Kubernetes' ControllerExpectations, pkg/controller/controller_utils.go,
 * tracking deletions by pod as UIDTrackingControllerExpectations does). A
 * sync that created three pods must not run again and create three more
 * just because the informer has not delivered them yet: until the creations
 * and deletions it issued are observed (or the expectation expires), the
 * owner is not synced. The ReplicaSet, ReplicationController, Job and
 * DaemonSet controllers use it, as in kube-controller-manager.
 */

/** Expectations older than this are considered stale and no longer block (ExpectationsTimeout). */
export const expectationsTimeoutMs = 5 * 60 * 1000

interface Expectation {
  adds: number
  /** Keys of the pods whose deletion is expected, so a deletion is counted once. */
  deleting: Set<string>
  /** When the expectation was last raised (cluster ms). */
  at: number
}

/** Per-owner expectations, keyed by the owner's `namespace/name`. */
export class PodExpectations {
  private readonly items = new Map<string, Expectation>()

  constructor(private readonly clock: Clock) {}

  /**
   * Expects count more pod creations. An owner with nothing outstanding
   * (fulfilled or expired) starts afresh, as SetExpectations does; one sync
   * that both deletes and creates adds up both.
   */
  expectCreations(owner: string, count: number): void {
    this.outstanding(owner).adds += count
  }

  /** Expects the deletion of these pods (by key), on top of what is outstanding. */
  expectDeletions(owner: string, podKeys: readonly string[]): void {
    const e = this.outstanding(owner)
    for (const key of podKeys) e.deleting.add(key)
  }

  /** A pod of this owner appeared (or a creation was skipped and will not appear). */
  creationObserved(owner: string): void {
    const e = this.items.get(owner)
    if (e) e.adds--
  }

  /** A pod of this owner went away or was marked for deletion; counted once, and only if expected. */
  deletionObserved(owner: string, podKey: string): void {
    this.items.get(owner)?.deleting.delete(podKey)
  }

  /** Whether the owner may be synced: nothing outstanding, never recorded, or expired. */
  satisfied(owner: string): boolean {
    const e = this.items.get(owner)
    if (!e) return true
    return (e.adds <= 0 && e.deleting.size === 0) || this.clock.now() - e.at > expectationsTimeoutMs
  }

  /** Forgets the owner (it was deleted). */
  delete(owner: string): void {
    this.items.delete(owner)
  }

  /** The owner's live expectation, or a fresh one, stamped now. */
  private outstanding(owner: string): Expectation {
    let e = this.items.get(owner)
    if (!e || this.satisfied(owner)) {
      e = { adds: 0, deleting: new Set(), at: 0 }
      this.items.set(owner, e)
    }
    e.at = this.clock.now()
    return e
  }
}

/**
 * Pod handlers that tell expectations what arrived (addPod, updatePod and
 * deletePod of the controllers above): a new pod is a creation observed, a
 * pod marked for deletion or gone is a deletion observed. ownerOf names the
 * key of the cached owner controlling the pod, if it is one of ours.
 */
export function observePods(expectations: PodExpectations, ownerOf: (pod: Pod) => string | undefined): Required<EventHandlers<Pod>> {
  return {
    onAdd: (pod) => {
      const owner = ownerOf(pod)
      if (!owner) return
      // A pod that arrives already being deleted (e.g. after a re-list) counts as gone.
      if (pod.metadata?.deletionTimestamp) expectations.deletionObserved(owner, objectKey(pod))
      else expectations.creationObserved(owner)
    },
    onUpdate: (old, pod) => {
      if (old.metadata?.resourceVersion === pod.metadata?.resourceVersion || !pod.metadata?.deletionTimestamp) return
      // Graceful deletion: the pod no longer counts once it is marked, long before it goes.
      const owner = ownerOf(pod)
      if (owner) expectations.deletionObserved(owner, objectKey(pod))
      const oldOwner = ownerOf(old)
      if (oldOwner && oldOwner !== owner) expectations.deletionObserved(oldOwner, objectKey(old))
    },
    onDelete: (pod) => {
      const owner = ownerOf(pod)
      if (owner) expectations.deletionObserved(owner, objectKey(pod))
    }
  }
}

/**
 * The key of the cached owner of this kind controlling pod (resolveControllerRef):
 * the same uid, so a namesake recreated since does not count.
 */
export function cachedOwnerKey(owners: Informer<ObjectWithMeta>, pod: Pod, kind: string): string | undefined {
  const ref = pod.metadata?.ownerReferences?.find((r) => r.controller === true)
  if (!ref || ref.kind !== kind) return undefined
  const key = keyOf(pod.metadata?.namespace, ref.name)
  return owners.get(key)?.metadata?.uid === ref.uid ? key : undefined
}
