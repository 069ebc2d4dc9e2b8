import type { DaemonSet } from 'kubernetes-types/apps/v1'
import type { Node, Pod } from 'kubernetes-types/core/v1'
import { isConflict, isNotFound } from '../../apimachinery/errors'
import type { KubeObject } from '../../apimachinery/types'
import { Controller } from '../../client/controller'
import type { EventRecorder } from '../../client/event-recorder'
import type { Informer } from '../../client/informer'
import { IndexNames } from '../../client/indexer-builtins'
import { keyOf, objectKey } from '../../client/indexer-keys'
import { shouldIgnoreNodeUpdate } from './node-update'
import type { ResourceClient } from '../../client/types'
import type { Component, ComponentContext, ComponentFactory } from '../../component'
import { daemonPodTolerations, pinToNode } from './node-eligibility'
import { planDaemonSet, revisionHashLabel, templateGenerationLabel } from './plan'
import { templateHash } from './template-hash'

const daemonSetsGVR = { group: 'apps', version: 'v1', resource: 'daemonsets' }
const podsGVR = { group: '', version: 'v1', resource: 'pods' }
const nodesGVR = { group: '', version: 'v1', resource: 'nodes' }
const controllerName = 'daemonset-controller'
/** Expectations older than this are given up on (ExpectationsTimeout). */
const expectationsTimeoutMs = 5 * 60_000

/** Pods created or deleted but not yet seen so in the informer: no new decisions until they are. */
interface Pending {
  created: Set<string>
  deleted: Map<string, string>
  at: number
}

/**
 * The DaemonSet controller (kube-controller-manager's `daemonset`): one pod
 * per eligible node, pinned to it by node affinity for the scheduler to bind,
 * replaced on template changes within maxUnavailable, and the counts in
 * status.
 */
class DaemonSetController implements Component {
  readonly name = controllerName
  private readonly controller: Controller
  private readonly daemonSets: Informer<DaemonSet>
  private readonly pods: Informer<Pod>
  private readonly nodes: Informer<Node>
  private readonly podClient: ResourceClient<Pod>
  private readonly dsClient: ResourceClient<DaemonSet>
  private readonly events: EventRecorder
  private readonly pending = new Map<string, Pending>()

  constructor(private readonly ctx: ComponentContext) {
    this.daemonSets = ctx.informers.informerFor<DaemonSet>(daemonSetsGVR)
    this.pods = ctx.informers.informerFor<Pod>(podsGVR)
    this.nodes = ctx.informers.informerFor<Node>(nodesGVR)
    this.podClient = ctx.client.resource<Pod>(podsGVR)
    this.dsClient = ctx.client.resource<DaemonSet>(daemonSetsGVR)
    this.events = ctx.events({ component: controllerName })
    this.controller = new Controller(
      {
        name: controllerName,
        workers: 2,
        watches: [
          { resource: daemonSetsGVR },
          { resource: podsGVR, keys: (pod) => ownerKeys(pod as Pod) },
          // Any node change may change where every DaemonSet belongs; a heartbeat does not.
          { resource: nodesGVR, keys: () => this.daemonSets.list().map(objectKey), ignoreUpdate: (old, cur) => shouldIgnoreNodeUpdate(old as Node, cur as Node) }
        ],
        reconcile: (key) => this.sync(key)
      },
      { factory: ctx.informers, logger: ctx.logger }
    )
  }

  async start(): Promise<void> {
    await this.controller.start()
  }

  async stop(): Promise<void> {
    await this.controller.stop()
  }

  private satisfied(key: string): boolean {
    const p = this.pending.get(key)
    if (!p) return true
    const created = [...p.created].every((k) => this.pods.get(k))
    const deleted = [...p.deleted].every(([k, uid]) => this.pods.get(k)?.metadata?.uid !== uid || !!this.pods.get(k)?.metadata?.deletionTimestamp)
    if ((created && deleted) || this.ctx.clock.now() - p.at > expectationsTimeoutMs) {
      this.pending.delete(key)
      return true
    }
    return false
  }

  /** syncDaemonSet: create and delete pods per the plan, then write status. */
  private async sync(key: string): Promise<void> {
    const ds = this.daemonSets.get(key)
    if (!ds) {
      this.pending.delete(key)
      return
    }
    const uid = ds.metadata?.uid ?? ''
    const pods = this.pods
      .byIndex(IndexNames.ownerUid, uid)
      .filter((p) => p.metadata?.ownerReferences?.some((r) => r.uid === uid && r.controller) && p.status?.phase !== 'Succeeded')
    const hash = templateHash(ds)
    const plan = planDaemonSet(ds, this.nodes.list(), pods, hash, this.ctx.clock.now())
    if (this.satisfied(key) && !ds.metadata?.deletionTimestamp) {
      const pending: Pending = { created: new Set(), deleted: new Map(), at: this.ctx.clock.now() }
      this.pending.set(key, pending)
      const results = await Promise.allSettled([
        ...plan.create.map(async (node) => {
          const created = await this.podClient.create(this.newPod(ds, node, hash))
          pending.created.add(objectKey(created))
          this.events.event(ds as unknown as KubeObject, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata?.name}`)
        }),
        ...plan.delete.map(async (pod) => {
          try {
            await this.podClient.delete(pod.metadata?.namespace, pod.metadata?.name ?? '')
          } catch (e) {
            if (isNotFound(e)) return
            throw e
          }
          pending.deleted.set(objectKey(pod), pod.metadata?.uid ?? '')
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

function ownerKeys(pod: Pod): string[] {
  const ref = pod.metadata?.ownerReferences?.find((r) => r.controller && r.kind === 'DaemonSet')
  return ref ? [keyOf(pod.metadata?.namespace, ref.name)] : []
}

/** The DaemonSet controller. */
export const daemonSetComponent: ComponentFactory = (ctx) => new DaemonSetController(ctx)
