import type { Lease } from 'kubernetes-types/coordination/v1'
import type { ClusterEnvSources } from '../env-sources'
import { configErrorOf, type EnvSources } from '../programs'
import { mountFailure } from '../volumes/volume-setup'
import type { Node, Pod, PodStatus } from 'kubernetes-types/core/v1'
import type { KubeObject } from '../../apimachinery/types'
import type { Clock } from '../../clock/types'
import { errorMessage, type Logger } from '../../client/controller-logger'
import { nodeByName, type EventRecorder, type EventType } from '../../client/event-recorder'
import { IndexNames } from '../../client/indexer-builtins'
import type { Informer } from '../../client/informer'
import type { Client } from '../../client/types'
import type { ManifestStore } from '../manifests'
import type { ClusterWorld } from '../../world'
import { ContainerWorld } from './container-world'
import { NodeImages, kindPreloadedImages } from './images'
import { bootIDFor } from './node-info'
import { NodeLease } from './node-lease'
import { NodeStatusReporter } from './node-status'
import type { PodHost } from './pod-host'
import type { StageTimers } from './stage-timers'
import { PodEnvSources, type PodEnvHost } from './pod-env-sources'
import { PodNetwork } from './pod-network'
import { PodWorker } from './pod-worker'
import { reconcileRegistration } from './registration'
import { ensureCSINode } from './csi-node-info'
import { isPoweredOff } from '../../sim-annotations'
import { isMirrorPod } from './static-pod'
import { StaticPods } from './static-pods'
import { PodStatusManager, statusDiverged, type StatusTarget } from './status-manager'
import type { Timings } from './timings'
import { deepCopy } from '../../apimachinery/deep-copy'

/**
 * One simulated kubelet: the agent of one Node. It heartbeats (Lease and
 * NodeStatus), runs the pods bound to its node and its static pods through
 * the lifecycle stages, hands out pod IPs from the node's podCIDR, and writes
 * everything back through the API. Powering the node off stops all of it
 * (nothing is written while off); powering it on is a reboot.
 */

const podsGVR = { group: '', version: 'v1', resource: 'pods' }
const nodesGVR = { group: '', version: 'v1', resource: 'nodes' }
const leasesGVR = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases' }

/** What a Kubelet is made with (the nodes component provides it). */
export interface KubeletOptions {
  /** The API. */
  client: Client
  /** The cluster clock: every delay and heartbeat runs on it. */
  clock: Clock
  /** Where failures to write are reported. */
  logger: Logger
  /** Records as `{ component: 'kubelet', host: <node> }`. */
  recorder: EventRecorder
  /** How long the simulated runtime takes. */
  timings: Timings
  /** Where the node's static pod manifests are. */
  manifests: ManifestStore
  /** The shared pod informer (indexed by spec.nodeName). */
  pods: Informer<Pod>
  /** The Node as first seen. */
  node: Node
  /** The node's InternalIP on the node network. */
  internalIP: string
  /** The simulated data plane: the processes the node's containers run. */
  world?: ClusterWorld
  /** Stage timers shared with the process's other kubelets (StageTimers); default: the clock's own timers. */
  stageTimers?: StageTimers
  /** Services, ConfigMaps and Secrets for containers' environments (shared by the process's kubelets); none: containers get only their literal values. */
  envSources?: ClusterEnvSources
}

/** The kubelet of one node; the nodes component runs one per Node object. */
export class Kubelet implements PodHost, PodEnvHost {
  readonly nodeName: string
  readonly clock: Clock
  readonly stageTimers?: StageTimers
  readonly timings: Timings
  readonly images: NodeImages
  readonly world?: ClusterWorld
  private node: Node
  private readonly workers = new Map<string, PodWorker>()
  private readonly network: PodNetwork
  private powered = false
  /** Until start() has run, Node changes are only noted: start() boots from the latest Node. */
  private starting = true
  private stopped = false
  private bootID = ''
  /** Stops the file source (the manifest directory's watch and periodic rescan) while the node is on. */
  private stopFileSource: (() => void) | undefined
  private readonly lease: NodeLease
  private readonly nodeStatus: NodeStatusReporter
  private readonly statusManager: PodStatusManager
  private readonly staticPods: StaticPods
  /** What the node's containers print and listen on, in the simulated world. */
  private readonly containers?: ContainerWorld

  constructor(private readonly options: KubeletOptions) {
    this.node = options.node
    this.nodeName = options.node.metadata?.name ?? ''
    this.clock = options.clock
    this.stageTimers = options.stageTimers
    this.timings = options.timings
    this.world = options.world
    if (options.world) this.containers = new ContainerWorld(options.world, options.clock, (key) => this.envSources(key), (key, container, code) => this.workers.get(key)?.mainProcessExited(container, code))
    this.images = new NodeImages([...kindPreloadedImages, ...NodeImages.namesIn(options.node.status?.images)])
    this.network = new PodNetwork(this.nodeName, options.logger)
    const pods = options.client.resource<Pod>(podsGVR)
    this.lease = new NodeLease({ leases: options.client.resource<Lease>(leasesGVR), clock: options.clock, node: () => this.node, logger: options.logger })
    this.nodeStatus = new NodeStatusReporter({
      nodes: options.client.resource<Node>(nodesGVR),
      clock: options.clock,
      nodeName: this.nodeName,
      logger: options.logger,
      view: () => ({ internalIP: options.internalIP, bootID: this.bootID, networkReady: this.network.ready, images: this.images.list() }),
      record: (event) => this.nodeEvent(event.type, event.reason, `Node ${this.nodeName} status is now: ${event.reason}`)
    })
    this.statusManager = new PodStatusManager(pods, (key) => this.statusTarget(key), options.logger)
    this.staticPods = new StaticPods({
      nodeName: this.nodeName,
      clock: options.clock,
      pods,
      logger: options.logger,
      manifests: () => options.manifests.read(this.nodeName),
      watchManifests: (changed) => options.manifests.watch(this.nodeName, changed),
      node: () => this.node,
      cachedPod: (namespace, name) => options.pods.getByName(namespace, name),
      startWorker: (pod, adopt) => this.startStaticWorker(pod, adopt),
      terminateWorker: (key) => this.terminateStaticWorker(key),
      statusOf: (key) => this.workers.get(key)?.status(),
      statusChanged: (key) => this.statusManager.changed(key)
    })
  }

  /** Registers (default labels), then boots unless the node's power is off. */
  async start(): Promise<void> {
    try {
      await this.options.pods.waitForSync()
      if (this.stopped) return
      this.options.manifests.ensure(this.nodeName)
      // A machine that is off does not register.
      if (isPoweredOff(this.node.metadata)) return
      await this.register()
      if (!this.stopped && !isPoweredOff(this.node.metadata)) this.powerOn(false)
    } finally {
      this.starting = false
    }
  }

  /** Stops everything without writing more; resolves when writes in flight are done. */
  async stop(): Promise<void> {
    this.stopped = true
    this.powered = false
    this.stopFileSource?.()
    for (const worker of this.workers.values()) {
      worker.stop()
      this.containers?.halt(worker.key)
    }
    await Promise.all([this.lease.stop(), this.nodeStatus.stop()])
    this.statusManager.powered = false
    this.staticPods.powered = false
    await Promise.all([this.statusManager.flush(), this.staticPods.flush(), this.options.recorder.flush()])
  }

  /** The Node object changed: power, podCIDR. */
  nodeChanged(node: Node): void {
    if (this.stopped) return
    this.node = node
    if (this.starting) return
    const off = isPoweredOff(node.metadata)
    if (off && this.powered) return this.powerOff()
    if (!off && !this.powered) {
      void this.register().catch((e: unknown) => this.options.logger.warn(`kubelet ${this.nodeName}: registration: ${errorMessage(e)}`))
      return this.powerOn(true)
    }
    if (this.powered && this.network.ensure(this.podCIDR(), this.workers)) {
      for (const worker of this.workers.values()) worker.resync()
      this.nodeStatus.post()
    }
  }

  /** A pod bound to this node was added or changed (mirror pods included). */
  podChanged(pod: Pod): void {
    if (!this.powered) return
    if (isMirrorPod(pod)) return this.staticPods.mirrorChanged(pod)
    const key = pod.metadata?.uid ?? ''
    const worker = this.workers.get(key)
    if (worker) {
      worker.update(pod)
      // Someone else rewrote what the kubelet reports (e.g. marked the pod not ready): the status manager puts it back.
      if (statusDiverged(pod.status, worker.status())) this.statusManager.changed(key)
      return
    }
    if (!this.runs(pod)) return
    this.addWorker(pod).start()
  }

  /** A pod bound to this node is gone from the API. */
  podDeleted(pod: Pod): void {
    if (isMirrorPod(pod)) {
      if (this.powered) this.staticPods.mirrorDeleted(pod)
      return
    }
    const key = pod.metadata?.uid ?? ''
    const worker = this.workers.get(key)
    if (!worker) return
    if (this.powered) worker.forget()
    else {
      worker.stop()
      this.network.release(key)
    }
    this.workers.delete(key)
    this.containers?.forget(key)
  }

  // ---- PodHost

  containerConfigError(key: string, pod: Pod, container: string): string | undefined {
    return configErrorOf(pod, container, () => this.envSources(key))
  }

  mountFailure(key: string, pod: Pod): string | undefined {
    return this.options.envSources ? mountFailure(pod, this.envSources(key)) : undefined
  }

  /** What a container of the pod (worker key) reads its environment and volumes from: the cluster's objects, this node, the pod's sandbox. */
  envSources(key: string): EnvSources {
    return new PodEnvSources(this.options.envSources, this, key)
  }

  /** The Node object as last seen (PodEnvHost). */
  get currentNode(): Node {
    return this.node
  }

  /** The pod's IP as the runtime knows it (PodEnvHost). */
  podIPOf(key: string): string | undefined {
    return this.workers.get(key)?.rt.podIP
  }

  hostIP(): string {
    return this.options.internalIP
  }

  networkReady(): boolean {
    return this.network.ready
  }

  canAllocateIP(owner: string): boolean {
    return this.network.canAllocate(owner)
  }

  allocateIP(owner: string): string | undefined {
    return this.network.allocate(owner)
  }

  releaseIP(owner: string): void {
    this.network.release(owner)
  }

  ipRange(): string {
    return this.network.rangeSet()
  }

  event(pod: Pod, type: EventType, reason: string, message: string, fieldPath?: string): void {
    if (this.powered) this.options.recorder.event(pod as KubeObject, type, reason, message, fieldPath ? { fieldPath } : undefined)
  }

  statusChanged(key: string): void {
    this.runtimeChanged(key)
    this.statusManager.changed(key)
  }

  runtimeChanged(key: string): void {
    const worker = this.workers.get(key)
    if (worker) this.containers?.sync(key, worker.current, worker.rt)
  }

  removed(key: string): void {
    this.containers?.forget(key)
    if (this.staticPods.has(key)) {
      this.staticPods.removed(key)
      this.workers.delete(key)
      return
    }
    const pod = this.workers.get(key)?.current
    this.statusManager.remove(key, pod?.metadata?.namespace ?? '', pod?.metadata?.name ?? '', key)
  }

  // ---- internals

  /** Puts back the labels and annotation a kubelet owns on its Node. */
  private async register(): Promise<void> {
    const updated = await reconcileRegistration(this.options.client.resource<Node>(nodesGVR), this.nodeName)
    // The informer may already have brought something newer.
    if (updated && Number(updated.metadata?.resourceVersion) > Number(this.node.metadata?.resourceVersion)) this.node = updated
    await ensureCSINode(this.options.client, this.node)
  }

  /** Boots the node: the kubelet starts, reports, and (re)starts its pods. `reboot`: containers did not survive. */
  private powerOn(reboot: boolean): void {
    this.powered = true
    this.statusManager.powered = true
    this.staticPods.powered = true
    this.bootID = this.sameBoot(reboot) ?? bootIDFor(this.node.metadata?.uid ?? this.nodeName, this.clock.now())
    if (reboot) this.nodeEvent('Warning', 'Rebooted', `Node ${this.nodeName} has been rebooted, boot id: ${this.bootID}`)
    this.nodeEvent('Normal', 'Starting', 'Starting kubelet.')
    this.nodeEvent('Normal', 'NodeAllocatableEnforced', 'Updated Node Allocatable limit across pods')

    // Workers first (adopting what the API says runs), then the IPAM rebuilt from their IPs, then the lifecycle.
    const bound = this.options.pods.byIndex(IndexNames.nodeName, this.nodeName).filter((pod) => !isMirrorPod(pod))
    const live = new Set(bound.map((pod) => pod.metadata?.uid ?? ''))
    for (const [key, worker] of [...this.workers]) {
      if (live.has(key) || this.staticPods.has(key)) continue
      worker.stop()
      this.network.release(key)
      this.workers.delete(key)
    }
    const fresh = new Set<PodWorker>()
    for (const pod of bound) {
      const worker = this.workers.get(pod.metadata?.uid ?? '')
      if (worker) worker.replace(pod)
      else if (this.runs(pod)) fresh.add(this.addWorker(pod))
    }
    this.network.ensure(this.podCIDR(), this.workers)
    this.nodeStatus.start()
    this.lease.start()
    for (const worker of this.workers.values()) {
      if (fresh.has(worker) && !reboot) worker.start()
      else worker.reboot()
    }
    this.staticPods.scan()
    this.staticPods.ensureAll()
    this.stopFileSource = this.staticPods.watch()
  }

  /**
   * The boot id to keep when the kubelet starts on a machine that kept
   * running (the cluster opened again on its data dir: its containers are
   * adopted, not restarted): the one a kubelet reported before. A reboot, or
   * a node no kubelet has reported for yet, boots anew.
   */
  private sameBoot(reboot: boolean): string | undefined {
    if (reboot || !this.node.status?.conditions?.some((c) => c.type === 'Ready')) return undefined
    return this.node.status.nodeInfo?.bootID || undefined
  }

  /** Cuts the power: heartbeats stop, pods stop being served, nothing is written. */
  private powerOff(): void {
    this.powered = false
    this.statusManager.powered = false
    this.staticPods.powered = false
    this.stopFileSource?.()
    for (const worker of this.workers.values()) {
      worker.halt()
      this.containers?.halt(worker.key)
    }
    void this.lease.stop()
    void this.nodeStatus.stop()
  }

  private podCIDR(): string | undefined {
    return this.node.spec?.podCIDRs?.[0] ?? this.node.spec?.podCIDR
  }

  /** Whether the kubelet has anything to do for a pod: finished pods are left alone. */
  private runs(pod: Pod): boolean {
    const phase = pod.status?.phase
    return phase !== 'Succeeded' && phase !== 'Failed'
  }

  private addWorker(pod: Pod, adoptStatus?: PodStatus): PodWorker {
    const key = pod.metadata?.uid ?? ''
    const adopt = adoptStatus !== undefined || !!pod.status?.startTime
    const worker = new PodWorker(key, adoptStatus ? { ...pod, status: adoptStatus } : pod, this, adopt)
    this.workers.set(key, worker)
    return worker
  }

  private startStaticWorker(pod: Pod, adopt?: PodStatus): void {
    const worker = this.addWorker(pod, adopt)
    this.network.adopt(worker.key, worker)
    worker.start()
  }

  /** A static pod whose manifest is gone stops as if deleted with its grace period. */
  private terminateStaticWorker(key: string): void {
    const worker = this.workers.get(key)
    if (!worker) return
    const pod = deepCopy(worker.current)
    pod.metadata = { ...pod.metadata, deletionTimestamp: this.clock.rfc3339(), deletionGracePeriodSeconds: pod.spec?.terminationGracePeriodSeconds ?? 30 }
    worker.update(pod)
  }

  private statusTarget(key: string): StatusTarget | undefined {
    if (this.staticPods.has(key)) return this.staticPods.target(key)
    const worker = this.workers.get(key)
    const status = worker?.status()
    if (!worker || !status) return undefined
    return { namespace: worker.current.metadata?.namespace ?? '', name: worker.current.metadata?.name ?? '', uid: key, status }
  }

  /** An event about this node, named as a kubelet names it (kubelet.go's nodeRef). */
  private nodeEvent(type: EventType, reason: string, message: string): void {
    this.options.recorder.event(nodeByName(this.nodeName), type, reason, message)
  }
}
