import type { Pod } from 'kubernetes-types/core/v1'
import { isNotFound } from '../../apimachinery/errors'
import type { Selector } from '../../apimachinery/label-selector'
import { Controller } from '../../client/controller'
import type { Informer } from '../../client/informer'
import { IndexNames } from '../../client/indexer-builtins'
import { objectKey, splitKey } from '../../client/indexer-keys'
import type { ResourceClient } from '../../client/types'
import type { Component, ComponentContext } from '../../component'
import { PodExpectations } from '../expectations'
import type { ReplicaOwner, ReplicaOwnerKind } from './kind'
import { createPod, deletePod, isNamespaceTerminating, type PodControl } from './pod-control'
import { PodEvents } from './pod-events'
import { addClaimIndexes, claimCandidates, hasAdoptable, podsMatching } from './pod-lookup'
import { podsToDelete } from './pod-ranking'
import { controllerRefOf } from './pod-state'
import { claimPods } from './ref-manager'
import { slowStartBatch } from './slow-start'
import { countGroups, countPods, nextAvailableCheck, statusFromCounts, writeStatus, type ReplicaCounts } from './status'
import { OwnedPodTally } from './owned-pod-tally'
import { goTime } from './go-time'

const podsGVR = { group: '', version: 'v1', resource: 'pods' }

/** Tuning, as kube-controller-manager's flags and constants set it. */
export interface ReplicaManagerOptions {
  /** Most pods created or deleted in one sync (BurstReplicas). */
  burstReplicas?: number
  /** Owners synced concurrently (--concurrent-replicaset-syncs, --concurrent-rc-syncs). */
  workers?: number
}

/**
 * The replica keeping both the ReplicaSet and the ReplicationController
 * controllers run (pkg/controller/replicaset): for each owner, claim the
 * matching pods, create or delete pods until their count is spec.replicas,
 * and report what was found in status. Level-triggered: every sync starts
 * from the informers' current state.
 */
export class ReplicaManager implements Component {
  readonly name: string
  private readonly controller: Controller
  private readonly owners: Informer<ReplicaOwner>
  private readonly pods: Informer<Pod>
  private readonly ownerClient: ResourceClient<ReplicaOwner>
  private readonly control: PodControl
  private readonly expectations: PodExpectations
  private readonly podEvents: PodEvents
  private readonly burstReplicas: number
  private readonly tally = new OwnedPodTally()
  private unsubscribe: (() => void) | undefined
  private unsubscribeTally: (() => void) | undefined

  constructor(
    private readonly ctx: ComponentContext,
    private readonly kind: ReplicaOwnerKind,
    options: ReplicaManagerOptions = {}
  ) {
    this.name = kind.controllerName
    this.burstReplicas = options.burstReplicas ?? 500
    this.owners = ctx.informers.informerFor<ReplicaOwner>(kind.resource)
    this.pods = ctx.informers.informerFor<Pod>(podsGVR)
    addClaimIndexes(this.pods)
    this.ownerClient = ctx.client.resource<ReplicaOwner>(kind.resource)
    this.control = { pods: ctx.client.resource<Pod>(podsGVR), events: ctx.events({ component: kind.controllerName }) }
    this.expectations = new PodExpectations(ctx.clock)
    this.podEvents = new PodEvents(kind, this.owners, this.expectations, () => this.controller.queue)
    this.controller = new Controller(
      {
        name: kind.controllerName,
        workers: options.workers ?? 5,
        watches: [{ resource: kind.resource }, { resource: podsGVR, keys: (pod) => this.podEvents.ownerKeys(pod as Pod) }],
        reconcile: (key) => this.sync(key)
      },
      { factory: ctx.informers, logger: ctx.logger }
    )
  }

  /** Subscribes the expectation bookkeeping, then starts the controller (which waits for the caches). */
  async start(): Promise<void> {
    this.unsubscribe ??= this.pods.addEventHandler(this.podEvents.expectationHandlers())
    this.unsubscribeTally ??= this.pods.addEventHandler(this.tally.handlers())
    await this.controller.start()
  }

  /** Stops the workers; the shared informers keep running for others. */
  async stop(): Promise<void> {
    this.unsubscribe?.()
    this.unsubscribeTally?.()
    await this.controller.stop()
  }

  /** syncReplicaSet: brings one owner's pods to spec.replicas and writes its status. */
  async sync(key: string): Promise<void> {
    const owner = this.owners.get(key)
    if (!owner) {
      this.expectations.delete(key)
      return
    }
    const needsSync = this.expectations.satisfied(key)
    let selector: Selector
    try {
      selector = this.kind.selector(owner)
    } catch (e) {
      // Retrying cannot fix an invalid selector; a spec update enqueues the owner again.
      this.ctx.logger.error(`${this.name}: error converting pod selector to selector for ${this.kind.kind} ${key}: ${messageOf(e)}`)
      return
    }
    const claimed = await this.claim(owner, selector)
    let manageError: unknown
    if (needsSync && !owner.metadata.deletionTimestamp) {
      try {
        await this.manageReplicas(key, owner, claimed.count, claimed.pods)
      } catch (e) {
        manageError = e
      }
    }
    const now = this.ctx.clock.now()
    const counts = claimed.counts ?? countPods(owner, claimed.pods(), now)
    const updated = await writeStatus(this.ownerClient, owner, statusFromCounts(owner, counts, manageError, this.ctx.clock.rfc3339()))
    if (manageError !== undefined) throw manageError
    const replicas = updated.spec?.replicas ?? 0
    if ((updated.spec?.minReadySeconds ?? 0) > 0 && updated.status?.readyReplicas === replicas && updated.status?.availableReplicas !== replicas) {
      const wait = nextAvailableCheck(updated, claimed.pods(), now)
      // Foreground: the wait is finite, and an instant clock should reach the moment pods become available.
      if (wait !== undefined) this.controller.queue.addAfter(key, wait, { background: false })
    }
  }

  /**
   * The owner's pods after adopting and releasing (claimPods), and their
   * counts. When the tally shows every pod it controls matching its selector
   * and no orphan to adopt, the claim changes nothing: the counts come from
   * the tally and the pods are only gathered if someone asks (scale-down).
   * Counts are taken before any pod is created or deleted, as Kubernetes
   * reports the pods the sync started from.
   */
  private async claim(owner: ReplicaOwner, selector: Selector): Promise<{ count: number; counts?: ReplicaCounts; pods: () => Pod[] }> {
    const namespace = owner.metadata.namespace ?? ''
    const uid = owner.metadata.uid ?? ''
    if ((owner.spec?.minReadySeconds ?? 0) <= 0 && !hasAdoptable(this.pods, namespace, selector)) {
      const groups = this.tally.groups(uid, namespace)
      if (groups.every((g) => selector.matches(g.labels))) {
        const counts = countGroups(owner, groups)
        return { count: counts.replicas, counts, pods: () => claimCandidates(this.pods, namespace, selector, uid) }
      }
    }
    const pods = await claimPods(
      { pods: this.control.pods, owner, kind: this.kind, selector, canAdopt: () => this.recheckOwner(owner) },
      claimCandidates(this.pods, namespace, selector, uid)
    )
    return { count: pods.length, pods: () => pods }
  }

  /** Creates (slow start) or deletes (least valuable first) pods to reach spec.replicas. */
  private async manageReplicas(key: string, owner: ReplicaOwner, have: number, claimedPods: () => Pod[]): Promise<void> {
    const diff = have - (owner.spec?.replicas ?? 0)
    if (diff < 0) {
      const count = Math.min(-diff, this.burstReplicas)
      this.expectations.expectCreations(key, count)
      const { successes, error } = await slowStartBatch(count, 1, async () => {
        try {
          await createPod(this.control, owner, this.kind)
        } catch (e) {
          // Every create in a terminating namespace fails; that is no failure of ours.
          if (!isNamespaceTerminating(e)) throw e
        }
      })
      // Pods never created will never be observed: stop expecting them.
      for (let i = successes; i < count; i++) this.expectations.creationObserved(key)
      if (error !== undefined) throw error
    } else if (diff > 0) {
      const count = Math.min(diff, this.burstReplicas)
      const victims = podsToDelete(claimedPods(), this.relatedPods(owner), count, this.ctx.clock.now())
      this.expectations.expectDeletions(key, victims.map(objectKey))
      const results = await Promise.allSettled(victims.map((pod) => deletePod(this.control, owner, pod)))
      let failure: unknown
      results.forEach((r, i) => {
        if (r.status === 'fulfilled') return
        // A failed delete will not be observed.
        this.expectations.deletionObserved(key, objectKey(victims[i]))
        if (!isNotFound(r.reason)) failure ??= r.reason
      })
      if (failure !== undefined) throw failure
    }
  }

  /**
   * getIndirectlyRelatedPods: the pods of every owner sharing this owner's
   * controller (the ReplicaSets of one Deployment), used to spread a
   * scale-down across nodes. An owner without a controller has none.
   */
  private relatedPods(owner: ReplicaOwner): Pod[] {
    const ref = controllerRefOf(owner)
    if (!ref) return []
    const namespace = owner.metadata.namespace ?? ''
    const seen = new Map<string, Pod>()
    for (const sibling of this.owners.byIndex(IndexNames.ownerUid, ref.uid)) {
      if (sibling.metadata.namespace !== namespace || controllerRefOf(sibling)?.uid !== ref.uid) continue
      let selector: Selector
      try {
        selector = this.kind.selector(sibling)
      } catch {
        continue
      }
      for (const pod of podsMatching(this.pods, namespace, selector)) if (!seen.has(pod.metadata?.uid ?? '')) seen.set(pod.metadata?.uid ?? '', pod)
    }
    return [...seen.values()]
  }

  /** RecheckDeletionTimestamp: a fresh read, so an owner deleted a moment ago adopts nothing. */
  private async recheckOwner(owner: ReplicaOwner): Promise<void> {
    const { namespace, name } = splitKey(objectKey(owner))
    let fresh: ReplicaOwner
    try {
      fresh = await this.ownerClient.get(namespace, name)
      if (fresh.metadata.uid !== owner.metadata.uid) {
        throw new Error(`original ${this.kind.kind} ${namespace}/${name} is gone: got uid ${fresh.metadata.uid}, wanted ${owner.metadata.uid}`)
      }
    } catch (e) {
      throw new Error(`can't recheck DeletionTimestamp: ${messageOf(e)}`, { cause: e })
    }
    if (fresh.metadata.deletionTimestamp) throw new Error(`${namespace}/${name} has just been deleted at ${goTime(fresh.metadata.deletionTimestamp)}`)
  }
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}
