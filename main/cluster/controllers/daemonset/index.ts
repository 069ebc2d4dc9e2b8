import type { ControllerRevision, DaemonSet } from 'kubernetes-types/apps/v1'
import type { Node, Pod } from 'kubernetes-types/core/v1'
import { isConflict, isNotFound } from '../../apimachinery/errors'
import type { KubeObject } from '../../apimachinery/types'
import { ControllerComponent } from '../../client/controller-component'
import { controllerOwnerKeys } from '../../client/controller-keys'
import { IndexNames } from '../../client/indexer-builtins'
import { objectKey } from '../../client/indexer-keys'
import { shouldIgnoreNodeUpdate } from './node-update'
import type { Component, ComponentContext, ComponentFactory } from '../../component'
import { daemonPodTolerations, pinToNode } from './node-eligibility'
import { planDaemonSet, revisionHashLabel, templateGenerationLabel } from './plan'
import { templateHash } from './template-hash'
import { cachedOwnerKey, observePods, PodExpectations } from '../expectations'
import { RevisionHistory } from '../history/revision-history'

const daemonSetsGVR = { group: 'apps', version: 'v1', resource: 'daemonsets' }
const podsGVR = { group: '', version: 'v1', resource: 'pods' }
const nodesGVR = { group: '', version: 'v1', resource: 'nodes' }
const revisionsGVR = { group: 'apps', version: 'v1', resource: 'controllerrevisions' }
const controllerName = 'daemonset-controller'

/**
 * The DaemonSet controller (kube-controller-manager's `daemonset`): one pod
 * per eligible node, pinned to it by node affinity for the scheduler to bind,
 * replaced on template changes within maxUnavailable, each template
 * recorded as a ControllerRevision (constructHistory: what `kubectl rollout
 * history` lists and `undo` restores), and the counts in status. Its own creations and deletions are expected (expectations.ts):
 * no new decisions until the informer has seen them.
 */
class DaemonSetController extends ControllerComponent<ComponentContext> implements Component {
  private readonly daemonSets = this.informer<DaemonSet>(daemonSetsGVR)
  private readonly pods = this.informer<Pod>(podsGVR)
  private readonly nodes = this.informer<Node>(nodesGVR)
  private readonly podClient = this.resourceClient<Pod>(podsGVR)
  private readonly dsClient = this.resourceClient<DaemonSet>(daemonSetsGVR)
  private readonly revisions = this.informer<ControllerRevision>(revisionsGVR)
  private readonly history = new RevisionHistory(this.resourceClient<ControllerRevision>(revisionsGVR), 'DaemonSet')
  private readonly expectations = new PodExpectations(this.ctx.clock)

  constructor(ctx: ComponentContext) {
    super(ctx, controllerName)
    this.handle(this.pods, observePods(this.expectations, (pod) => cachedOwnerKey(this.daemonSets, pod, 'DaemonSet')))
    this.controller({
      workers: 2,
      watches: [
        { resource: daemonSetsGVR },
        { resource: podsGVR, keys: controllerOwnerKeys('DaemonSet') },
        { resource: revisionsGVR, keys: controllerOwnerKeys('DaemonSet') },
        // Any node change may change where every DaemonSet belongs; a heartbeat does not.
        { resource: nodesGVR, keys: () => this.daemonSets.list().map(objectKey), ignoreUpdate: (old, cur) => shouldIgnoreNodeUpdate(old as Node, cur as Node) }
      ],
      reconcile: (key) => this.sync(key)
    })
  }

  /** syncDaemonSet: create and delete pods per the plan, then write status. */
  private async sync(key: string): Promise<void> {
    const ds = this.daemonSets.get(key)
    if (!ds) {
      this.expectations.delete(key)
      return
    }
    const uid = ds.metadata?.uid ?? ''
    const pods = this.pods
      .byIndex(IndexNames.ownerUid, uid)
      .filter((p) => p.metadata?.ownerReferences?.some((r) => r.uid === uid && r.controller) && p.status?.phase !== 'Succeeded')
    const hash = templateHash(ds)
    const revisions = this.revisions.byIndex(IndexNames.ownerUid, uid).filter((r) => r.metadata?.ownerReferences?.some((o) => o.uid === uid && o.controller))
    if (!ds.metadata?.deletionTimestamp) await this.history.record(ds, revisions)
    const plan = planDaemonSet(ds, this.nodes.list(), pods, hash, this.ctx.clock.now())
    if (this.expectations.satisfied(key) && !ds.metadata?.deletionTimestamp) {
      this.expectations.expectCreations(key, plan.create.length)
      this.expectations.expectDeletions(key, plan.delete.map(objectKey))
      const results = await Promise.allSettled([
        ...plan.create.map(async (node) => {
          let created: Pod
          try {
            created = await this.podClient.create(this.newPod(ds, node, hash))
          } catch (e) {
            // A pod never created will never be observed.
            this.expectations.creationObserved(key)
            throw e
          }
          this.events.event(ds as unknown as KubeObject, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata?.name}`)
        }),
        ...plan.delete.map(async (pod) => {
          try {
            await this.podClient.delete(pod.metadata?.namespace, pod.metadata?.name ?? '')
          } catch (e) {
            // Nor is a deletion that failed, or of a pod already gone (its removal was, or will be, counted once).
            this.expectations.deletionObserved(key, objectKey(pod))
            if (isNotFound(e)) return
            throw e
          }
          this.events.event(ds as unknown as KubeObject, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata?.name}`)
        })
      ])
      const failure = results.find((r) => r.status === 'rejected')
      if (failure) {
        this.events.event(ds as unknown as KubeObject, 'Warning', 'FailedCreate', `Error syncing pods: ${String((failure as PromiseRejectedResult).reason)}`)
        throw (failure as PromiseRejectedResult).reason
      }
    }
    await this.writeStatus(ds, plan.status)
    // cleanupHistory: what the pods still run is kept, whatever the limit.
    const name = ds.metadata?.name ?? ''
    const live = new Set([`${name}-${hash}`, ...pods.map((p) => `${name}-${p.metadata?.labels?.[revisionHashLabel] ?? ''}`)])
    await this.history.prune(ds, revisions, live)
  }

  private async writeStatus(ds: DaemonSet, status: DaemonSet['status']): Promise<void> {
    if (JSON.stringify(ds.status ?? {}) === JSON.stringify(status)) return
    try {
      await this.dsClient.updateStatus({ ...ds, status })
    } catch (e) {
      // A newer version is on its way through the informer and will be synced again.
      if (!isConflict(e) && !isNotFound(e)) throw e
    }
  }

  /** The daemon pod for one node: template labels plus revision labels, pinned, tolerating node trouble. */
  private newPod(ds: DaemonSet, node: string, hash: string): Pod {
    const template = ds.spec?.template ?? {}
    const spec = pinToNode(structuredClone(template.spec ?? { containers: [] }), node)
    spec.tolerations = daemonPodTolerations(spec)
    const generation = ds.metadata?.annotations?.['deprecated.daemonset.template.generation']
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        namespace: ds.metadata?.namespace,
        generateName: `${ds.metadata?.name}-`,
        labels: { ...(template.metadata?.labels ?? {}), [revisionHashLabel]: hash, ...(generation ? { [templateGenerationLabel]: generation } : {}) },
        ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'DaemonSet', name: ds.metadata?.name ?? '', uid: ds.metadata?.uid ?? '', controller: true, blockOwnerDeletion: true }
        ]
      },
      spec
    }
  }
}

/** The DaemonSet controller. */
export const daemonSetComponent: ComponentFactory = (ctx) => new DaemonSetController(ctx)
