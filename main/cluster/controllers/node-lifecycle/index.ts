import type { Lease } from 'kubernetes-types/coordination/v1'
import type { Node, Pod, Taint } from 'kubernetes-types/core/v1'
import { isConflict, isNotFound } from '../../apimachinery/errors'
import type { KubeObject } from '../../apimachinery/types'
import type { Timer } from '../../clock/types'
import { Controller } from '../../client/controller'
import type { EventRecorder } from '../../client/event-recorder'
import type { Informer } from '../../client/informer'
import { IndexNames } from '../../client/indexer-builtins'
import { keyOf, objectKey, splitKey } from '../../client/indexer-keys'
import type { ResourceClient } from '../../client/types'
import type { Component, ComponentContext, ComponentFactory } from '../../component'
import { evictionDecision, noExecuteTaints, withTaintManagerDisruption } from './eviction'
import { desiredTaints, nodeMonitorGracePeriodMs, nodeMonitorPeriodMs, readyCondition, sameTaints, unknownConditions } from './health'

const nodesGVR = { group: '', version: 'v1', resource: 'nodes' }
const podsGVR = { group: '', version: 'v1', resource: 'pods' }
const leasesGVR = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases' }
const leaseNamespace = 'kube-node-lease'

/** When the controller last saw a node's heartbeat move (its own clock, as nodeHealthData.probeTimestamp). */
interface Probe {
  renewTime: string
  heartbeat: string
  at: number
}

/**
 * The node lifecycle controller with its NoExecute taint manager
 * (kube-controller-manager's `node-lifecycle` and `taint-eviction-controller`).
 * Every 5 s (a background timer: an idle instant clock does not spin on it)
 * it checks each node's Lease and Ready heartbeat; a node silent for 40 s has
 * its conditions set Unknown and its pods marked not ready; not-ready and
 * unreachable nodes are tainted, recovered ones untainted. The taint manager
 * deletes pods that do not tolerate a NoExecute taint, at once or when their
 * tolerationSeconds run out (a foreground deadline the instant clock reaches).
 */
class NodeLifecycleController implements Component {
  readonly name = 'node-lifecycle-controller'
  private readonly nodeController: Controller
  private readonly taintManager: Controller
  private readonly nodes: Informer<Node>
  private readonly leases: Informer<Lease>
  private readonly pods: Informer<Pod>
  private readonly nodeClient: ResourceClient<Node>
  private readonly podClient: ResourceClient<Pod>
  private readonly nodeEvents: EventRecorder
  private readonly evictionEvents: EventRecorder
  private readonly probes = new Map<string, Probe>()
  /** Nodes this controller has registered (knownNodeSet): RegisteredNode once each, RemovingNode when they go. */
  private readonly known = new Map<string, Node>()
  /** When each pod (by uid) was first seen needing eviction: its deadline counts from there. */
  private readonly evictionStart = new Map<string, number>()
  private monitor: Timer | undefined

  constructor(private readonly ctx: ComponentContext) {
    this.nodes = ctx.informers.informerFor<Node>(nodesGVR)
    this.leases = ctx.informers.informerFor<Lease>(leasesGVR, { namespace: leaseNamespace })
    this.pods = ctx.informers.informerFor<Pod>(podsGVR)
    this.nodeClient = ctx.client.resource<Node>(nodesGVR)
    this.podClient = ctx.client.resource<Pod>(podsGVR)
    this.nodeEvents = ctx.events({ component: 'node-controller' })
    this.evictionEvents = ctx.events({ component: 'taint-eviction-controller' })
    this.nodeController = new Controller(
      {
        name: 'node-lifecycle-controller',
        watches: [{ resource: nodesGVR }, { resource: leasesGVR, namespace: leaseNamespace, keys: (lease) => [lease.metadata?.name ?? ''] }],
        reconcile: (key) => this.syncNode(key)
      },
      { factory: ctx.informers, logger: ctx.logger }
    )
    this.taintManager = new Controller(
      {
        name: 'taint-eviction-controller',
        workers: 2,
        watches: [
          { resource: podsGVR },
          {
            resource: nodesGVR,
            keys: (node) => this.pods.byIndex(IndexNames.nodeName, node.metadata?.name ?? '').map(objectKey),
            // NodeUpdated: only a change of the NoExecute taints concerns the node's pods (not its heartbeats).
            ignoreUpdate: (old, node) => sameTaints(noExecuteTaints((old as Node).spec?.taints), noExecuteTaints((node as Node).spec?.taints))
          }
        ],
        reconcile: (key) => this.syncPod(key)
      },
      { factory: ctx.informers, logger: ctx.logger }
    )
  }

  async start(): Promise<void> {
    await Promise.all([this.nodeController.start(), this.taintManager.start()])
    this.monitor = this.ctx.clock.setInterval(
      () => {
        for (const node of this.nodes.list()) this.nodeController.enqueue(objectKey(node))
      },
      nodeMonitorPeriodMs,
      { background: true }
    )
  }

  async stop(): Promise<void> {
    this.monitor?.cancel()
    await Promise.all([this.nodeController.stop(), this.taintManager.stop()])
  }

  /** monitorNodeHealth for one node, then its taints. */
  private async syncNode(name: string): Promise<void> {
    let node = this.nodes.getByName(undefined, name)
    if (!node) {
      const known = this.known.get(name)
      if (known) this.nodeEvents.event(known as KubeObject, 'Normal', 'RemovingNode', `Node ${name} event: Removing Node ${name} from Controller`)
      this.known.delete(name)
      this.probes.delete(name)
      return
    }
    if (!this.known.has(name)) this.nodeEvents.event(node as KubeObject, 'Normal', 'RegisteredNode', `Node ${name} event: Registered Node ${name} in Controller`)
    this.known.set(name, node)
    const now = this.ctx.clock.now()
    const renewTime = this.leases.getByName(leaseNamespace, name)?.spec?.renewTime ?? ''
    const heartbeat = readyCondition(node)?.lastHeartbeatTime ?? ''
    const probe = this.probes.get(name)
    if (!probe || probe.renewTime !== renewTime || probe.heartbeat !== heartbeat) {
      this.probes.set(name, { renewTime, heartbeat, at: now })
    } else if (now - probe.at > nodeMonitorGracePeriodMs && readyCondition(node)?.status !== 'Unknown') {
      node = await this.markUnknown(node)
      if (!node) return
    }
    const taints = desiredTaints(node, this.ctx.clock.rfc3339())
    if (!sameTaints(taints, node.spec?.taints)) await this.writeTaints(node, taints)
  }

  private async markUnknown(node: Node): Promise<Node | undefined> {
    const wasReady = readyCondition(node)?.status === 'True'
    let updated: Node
    try {
      updated = await this.nodeClient.updateStatus({ ...node, status: { ...node.status, conditions: unknownConditions(node, this.ctx.clock.rfc3339()) } })
    } catch (e) {
      // The kubelet posted meanwhile (or the node is gone): the next pass decides again.
      if (isConflict(e) || isNotFound(e)) return undefined
      throw e
    }
    const name = node.metadata?.name ?? ''
    if (wasReady) {
      this.nodeEvents.event(updated as KubeObject, 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`)
      await this.markPodsNotReady(name)
    }
    return updated
  }

  /** MarkPodsNotReady: the pods of a silent node stop being Ready (and drop out of Service endpoints). */
  private async markPodsNotReady(nodeName: string): Promise<void> {
    const stamp = this.ctx.clock.rfc3339()
    for (const pod of this.pods.byIndex(IndexNames.nodeName, nodeName)) {
      const conditions = pod.status?.conditions ?? []
      if (!conditions.some((c) => c.type === 'Ready' && c.status !== 'False')) continue
      const next = conditions.map((c) => (c.type === 'Ready' ? { ...c, status: 'False', lastTransitionTime: stamp } : c))
      try {
        await this.podClient.updateStatus({ ...pod, status: { ...pod.status, conditions: next } })
        this.nodeEvents.event(pod as KubeObject, 'Warning', 'NodeNotReady', 'Node is not ready')
      } catch (e) {
        if (!isConflict(e) && !isNotFound(e)) throw e
      }
    }
  }

  private async writeTaints(node: Node, taints: Taint[]): Promise<void> {
    const spec = { ...node.spec }
    if (taints.length) spec.taints = taints
    else delete spec.taints
    try {
      await this.nodeClient.update({ ...node, spec })
    } catch (e) {
      // A conflict comes back through the informer as a fresh node.
      if (!isConflict(e) && !isNotFound(e)) throw e
    }
  }

  /** The taint manager for one pod. */
  private async syncPod(key: string): Promise<void> {
    const pod = this.pods.get(key)
    const uid = pod?.metadata?.uid ?? ''
    const nodeName = pod?.spec?.nodeName
    const node = nodeName ? this.nodes.getByName(undefined, nodeName) : undefined
    if (!pod || !node || pod.metadata?.deletionTimestamp) {
      this.evictionStart.delete(uid)
      return
    }
    const decision = evictionDecision(pod, node.spec?.taints)
    if (decision.kind === 'none') {
      this.evictionStart.delete(uid)
      return
    }
    const now = this.ctx.clock.now()
    if (decision.kind === 'after') {
      const start = this.evictionStart.get(uid) ?? now
      this.evictionStart.set(uid, start)
      if (now < start + decision.ms) {
        // Foreground: the deadline is finite, and an instant clock should reach it.
        this.taintManager.queue.addAfter(key, start + decision.ms - now, { background: false })
        return
      }
    }
    this.evictionStart.delete(uid)
    const { namespace, name } = splitKey(key)
    this.evictionEvents.event(pod as KubeObject, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${keyOf(namespace, name)}`)
    try {
      await this.markDisruptionTarget(pod)
      await this.podClient.delete(namespace, name, { preconditions: { uid } })
    } catch (e) {
      if (!isNotFound(e) && !isConflict(e)) throw e
    }
  }

  /** addConditionAndDeletePod's status write: DisruptionTarget=True, re-read once when the kubelet wrote meanwhile. */
  private async markDisruptionTarget(pod: Pod): Promise<void> {
    let current = pod
    for (let attempt = 0; attempt < 2; attempt++) {
      const status = withTaintManagerDisruption(current, this.ctx.clock.rfc3339())
      if (!status) return
      try {
        await this.podClient.updateStatus({ ...current, status })
        return
      } catch (e) {
        if (!isConflict(e)) throw e
        current = await this.podClient.get(pod.metadata?.namespace, pod.metadata?.name ?? '')
        if (current.metadata?.uid !== pod.metadata?.uid) return
      }
    }
  }
}

/** The node lifecycle controller (with the NoExecute taint manager). */
export const nodeLifecycleComponent: ComponentFactory = (ctx) => new NodeLifecycleController(ctx)
