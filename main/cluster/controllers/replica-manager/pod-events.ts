import type { Pod } from 'kubernetes-types/core/v1'
import type { Informer } from '../../client/informer'
import type { EventHandlers } from '../../client/informer-handlers'
import { IndexNames } from '../../client/indexer-builtins'
import { keyOf, objectKey } from '../../client/indexer-keys'
import type { WorkQueue } from '../../client/workqueue'
import { parseApiVersion } from '../../apimachinery/types'
import { observePods, type PodExpectations } from '../expectations'
import type { ReplicaOwner, ReplicaOwnerKind } from './kind'
import { controllerRefOf, isPodReady } from './pod-state'

/**
 * How pod changes reach a replica manager (addPod/updatePod/deletePod of the
 * ReplicaSet controller): which owners a pod concerns, and what each change
 * tells the owner's expectations.
 */
export class PodEvents {
  constructor(
    private readonly kind: ReplicaOwnerKind,
    private readonly owners: Informer<ReplicaOwner>,
    private readonly expectations: PodExpectations,
    private readonly queue: () => WorkQueue
  ) {}

  /** The owner keys to sync when pod changes: its controller, or, for an orphan, every owner that may adopt it. */
  ownerKeys(pod: Pod): string[] {
    const ref = controllerRefOf(pod)
    const namespace = pod.metadata?.namespace
    if (ref) return this.isOurKind(ref.apiVersion, ref.kind) ? [keyOf(namespace, ref.name)] : []
    return this.ownersMatching(pod).map(objectKey)
  }

  /** Handlers that count the manager's own creations and deletions as they arrive, and time availability checks. */
  expectationHandlers(): EventHandlers<Pod> {
    const observe = observePods(this.expectations, (pod) => this.controllingOwner(pod))
    return {
      ...observe,
      onUpdate: (old, pod) => {
        observe.onUpdate(old, pod)
        if (old.metadata?.resourceVersion === pod.metadata?.resourceVersion || pod.metadata?.deletionTimestamp) return
        const owner = this.controllingOwner(pod)
        const minReady = owner ? (this.owners.get(owner)?.spec?.minReadySeconds ?? 0) : 0
        // Availability is counted minReadySeconds after readiness, with a second to spare (as Kubernetes adds one).
        if (owner && minReady > 0 && !isPodReady(old) && isPodReady(pod)) this.queue().addAfter(owner, (minReady + 1) * 1000, { background: false })
      }
    }
  }

  /** The key of the cached owner controlling pod (same uid, so a recreated namesake does not count), if any. */
  private controllingOwner(pod: Pod): string | undefined {
    const ref = controllerRefOf(pod)
    if (!ref || !this.isOurKind(ref.apiVersion, ref.kind)) return undefined
    const key = keyOf(pod.metadata?.namespace, ref.name)
    return this.owners.get(key)?.metadata.uid === ref.uid ? key : undefined
  }

  /** getPodReplicaSets: owners in the pod's namespace whose selector matches its labels. */
  private ownersMatching(pod: Pod): ReplicaOwner[] {
    const namespace = pod.metadata?.namespace ?? ''
    const labels = pod.metadata?.labels
    if (!labels || Object.keys(labels).length === 0) return []
    return this.owners.byIndex(IndexNames.namespace, namespace).filter((owner) => {
      try {
        return this.kind.selector(owner).matches(labels)
      } catch {
        // An invalid selector matches nothing.
        return false
      }
    })
  }

  private isOurKind(apiVersion: string, kind: string): boolean {
    return kind === this.kind.kind && parseApiVersion(apiVersion).group === this.kind.resource.group
  }
}
