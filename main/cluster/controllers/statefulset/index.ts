import type { ControllerRevision, StatefulSet } from 'kubernetes-types/apps/v1'
import type { PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1'
import { errorMessage } from '../../client/controller-logger'
import { isAlreadyExists, isConflict, isNotFound } from '../../apimachinery/errors'
import type { KubeObject } from '../../apimachinery/types'
import type { ReconcileResult } from '../../client/controller'
import { ControllerComponent } from '../../client/controller-component'
import { IndexNames } from '../../client/indexer-builtins'
import { keyOf } from '../../client/indexer-keys'
import type { Component, ComponentContext, ComponentFactory } from '../../component'
import { availableAt, controllerRefOf } from '../replica-manager/pod-state'
import { adoptable, claimSetPods, setsForOrphan } from './adoption'
import { retentionRefs } from './claim-retention'
import { claimsFor, newPod, ordinalOf, podIndexLabel, podName, podNameLabel, revisionLabel, startOrdinal } from './identity'
import { computeStatus, planStatefulSet } from './plan'
import { RevisionHistory } from '../history/revision-history'

const setsGVR = { group: 'apps', version: 'v1', resource: 'statefulsets' }
const podsGVR = { group: '', version: 'v1', resource: 'pods' }
const claimsGVR = { group: '', version: 'v1', resource: 'persistentvolumeclaims' }
const revisionsGVR = { group: 'apps', version: 'v1', resource: 'controllerrevisions' }
const controllerName = 'statefulset-controller'

/**
 * The StatefulSet controller (kube-controller-manager's `statefulset`):
 * pods with stable names, hostnames and claims, created, replaced and
 * removed in ordinal order (plan.ts), their template's revisions recorded
 * as ControllerRevisions (revisions.ts), and the counts in status.
 */
class StatefulSetController extends ControllerComponent<ComponentContext> implements Component {
  private readonly sets = this.informer<StatefulSet>(setsGVR)
  private readonly pods = this.informer<Pod>(podsGVR)
  private readonly claims = this.informer<PersistentVolumeClaim>(claimsGVR)
  private readonly revisions = this.informer<ControllerRevision>(revisionsGVR)
  private readonly podClient = this.resourceClient<Pod>(podsGVR)
  private readonly claimClient = this.resourceClient<PersistentVolumeClaim>(claimsGVR)
  private readonly history = new RevisionHistory(this.resourceClient<ControllerRevision>(revisionsGVR), 'StatefulSet')
  private readonly setClient = this.resourceClient<StatefulSet>(setsGVR)

  constructor(ctx: ComponentContext) {
    super(ctx, controllerName)
    this.controller({
      workers: 2,
      watches: [
        { resource: setsGVR },
        { resource: podsGVR, keys: (pod) => this.podKeys(pod as Pod) },
        { resource: revisionsGVR, keys: (cr) => ownerKeys(cr as ControllerRevision) }
      ],
      reconcile: (key) => this.sync(key)
    })
  }

  /** syncStatefulSet: record the revision, act on the plan, write status. */
  private async sync(key: string): Promise<void | ReconcileResult> {
    const set = this.sets.get(key)
    if (!set || set.metadata?.deletionTimestamp) return
    const uid = set.metadata?.uid ?? ''
    const owned = <T extends KubeObject | Pod | ControllerRevision>(objs: T[]): T[] => objs.filter((o) => controllerRefOf(o)?.uid === uid)
    const pods = await claimSetPods(this.podClient, this.setClient, set, owned(this.pods.byIndex(IndexNames.ownerUid, uid)), adoptable(this.pods, set))
    const revisions = owned(this.revisions.byIndex(IndexNames.ownerUid, uid))
    const update = await this.history.record(set, revisions)
    const current = revisions.some((r) => r.metadata?.name === set.status?.currentRevision) ? set.status!.currentRevision! : update
    const plan = planStatefulSet(set, pods, current, update)
    try {
      // Before any pod goes, so that a condemned pod's claims already name it when it does.
      await this.applyRetention(set, pods)
      await this.repairIdentity(set, pods)
      for (const { ordinal, revision } of plan.create) await this.createPod(set, ordinal, revision)
      for (const pod of plan.delete) await this.deletePod(set, pod)
    } finally {
      await this.writeStatus(set, computeStatus(set, this.owned(set), current, update, this.ctx.clock.now()))
    }
    await this.pruneHistory(set, revisions, current, update)
    // A ready pod becomes available minReadySeconds later, with no event to say so.
    const minReady = set.spec?.minReadySeconds ?? 0
    if (minReady > 0) {
      const now = this.ctx.clock.now()
      const next = pods.map((p) => availableAt(p, minReady)).filter((t): t is number => t !== undefined && t > now)
      if (next.length > 0) return { requeueAfter: Math.min(...next) - now }
    }
  }

  /** The set controlling pod, or for an orphan every set that would adopt it. */
  private podKeys(pod: Pod): string[] {
    const keys = ownerKeys(pod)
    if (keys.length > 0 || controllerRefOf(pod)) return keys
    return setsForOrphan(this.sets, pod).map((s) => keyOf(s.metadata?.namespace, s.metadata?.name ?? ''))
  }

  private owned(set: StatefulSet): Pod[] {
    const uid = set.metadata?.uid ?? ''
    return this.pods.byIndex(IndexNames.ownerUid, uid).filter((p) => controllerRefOf(p)?.uid === uid)
  }

  /** updateIdentity: a pod that lost its identity labels (someone edited them) gets them back, with a SuccessfulUpdate event. */
  private async repairIdentity(set: StatefulSet, pods: Pod[]): Promise<void> {
    for (const pod of pods) {
      const name = pod.metadata?.name ?? ''
      const ordinal = ordinalOf(set, pod)
      const labels = pod.metadata?.labels ?? {}
      if (ordinal === undefined || pod.metadata?.deletionTimestamp || labels[podNameLabel] === name) continue
      const next = structuredClone(pod)
      next.metadata = { ...next.metadata, labels: { ...labels, [podNameLabel]: name, [podIndexLabel]: String(ordinal) } }
      try {
        await this.podClient.update(next)
        this.events.event(set as KubeObject, 'Normal', 'SuccessfulUpdate', `update Pod ${name} in StatefulSet ${set.metadata?.name} successful`)
      } catch (e) {
        if (!isConflict(e) && !isNotFound(e)) throw e
      }
    }
  }

  /** Gives each live pod's claims the owner references the retention policy asks for. */
  private async applyRetention(set: StatefulSet, pods: Pod[]): Promise<void> {
    for (const pod of pods) {
      const ordinal = ordinalOf(set, pod)
      if (ordinal === undefined || pod.metadata?.deletionTimestamp) continue
      for (const want of claimsFor(set, ordinal)) {
        const claim = this.claims.get(keyOf(set.metadata?.namespace, want.metadata?.name ?? ''))
        const refs = claim && retentionRefs(set, pod, ordinal, claim)
        if (!claim || !refs) continue
        const next = structuredClone(claim)
        if (refs.length > 0) next.metadata = { ...next.metadata, ownerReferences: refs }
        else delete next.metadata?.ownerReferences
        try {
          await this.claimClient.update(next)
        } catch (e) {
          // A newer claim is on its way through the informer and will be looked at again.
          if (!isConflict(e) && !isNotFound(e)) throw e
        }
      }
    }
  }

  /** createPersistentVolumeClaims then the pod, with the real events. */
  private async createPod(set: StatefulSet, ordinal: number, revision: string): Promise<void> {
    const setName = set.metadata?.name ?? ''
    const name = podName(set, ordinal)
    for (const claim of claimsFor(set, ordinal)) {
      const claimName = claim.metadata?.name ?? ''
      if (this.claims.get(keyOf(set.metadata?.namespace, claimName))) continue
      try {
        await this.claimClient.create(claim)
        this.events.event(set as KubeObject, 'Normal', 'SuccessfulCreate', `create Claim ${claimName} Pod ${name} in StatefulSet ${setName} success`)
      } catch (e) {
        if (isAlreadyExists(e)) continue
        this.events.event(set as KubeObject, 'Warning', 'FailedCreate', `create Claim ${claimName} for Pod ${name} in StatefulSet ${setName} failed error: ${errorMessage(e)}`)
        throw e
      }
    }
    try {
      await this.podClient.create(newPod(set, ordinal, revision))
      this.events.event(set as KubeObject, 'Normal', 'SuccessfulCreate', `create Pod ${name} in StatefulSet ${setName} successful`)
    } catch (e) {
      // The informer has not seen our pod yet; the next sync will.
      if (isAlreadyExists(e)) return
      this.events.event(set as KubeObject, 'Warning', 'FailedCreate', `create Pod ${name} in StatefulSet ${setName} failed error: ${errorMessage(e)}`)
      throw e
    }
  }

  private async deletePod(set: StatefulSet, pod: Pod): Promise<void> {
    const name = pod.metadata?.name ?? ''
    const setName = set.metadata?.name ?? ''
    // A finished pod within the replicas is deleted to be made again at its ordinal.
    const ordinal = ordinalOf(set, pod) ?? -1
    const phase = ordinal >= startOrdinal(set) && ordinal < startOrdinal(set) + (set.spec?.replicas ?? 1) ? pod.status?.phase : undefined
    if (phase === 'Failed') this.events.event(set as KubeObject, 'Warning', 'RecreatingFailedPod', `StatefulSet ${set.metadata?.namespace}/${setName} is recreating failed Pod ${name}`)
    if (phase === 'Succeeded') this.events.event(set as KubeObject, 'Normal', 'RecreatingTerminatedPod', `StatefulSet ${set.metadata?.namespace}/${setName} is recreating terminated Pod ${name}`)
    try {
      await this.podClient.delete(pod.metadata?.namespace, name)
      this.events.event(set as KubeObject, 'Normal', 'SuccessfulDelete', `delete Pod ${name} in StatefulSet ${setName} successful`)
    } catch (e) {
      if (isNotFound(e)) return
      this.events.event(set as KubeObject, 'Warning', 'FailedDelete', `delete Pod ${name} in StatefulSet ${setName} failed error: ${errorMessage(e)}`)
      throw e
    }
  }

  private async writeStatus(set: StatefulSet, status: StatefulSet['status']): Promise<void> {
    if (JSON.stringify(set.status ?? {}) === JSON.stringify(status)) return
    try {
      await this.setClient.updateStatus({ ...set, status })
    } catch (e) {
      // A newer version is on its way through the informer and will be synced again.
      if (!isConflict(e) && !isNotFound(e)) throw e
    }
  }

  /** truncateHistory: keep revisionHistoryLimit revisions besides those in use. */
  private async pruneHistory(set: StatefulSet, revisions: ControllerRevision[], current: string, update: string): Promise<void> {
    await this.history.prune(set, revisions, new Set([current, update, ...this.owned(set).map((p) => p.metadata?.labels?.[revisionLabel] ?? '')]))
  }
}

function ownerKeys(obj: Pod | ControllerRevision): string[] {
  const ref = controllerRefOf(obj)
  return ref && ref.kind === 'StatefulSet' ? [keyOf(obj.metadata?.namespace, ref.name)] : []
}

/** The StatefulSet controller. */
export const statefulSetComponent: ComponentFactory = (ctx) => new StatefulSetController(ctx)
