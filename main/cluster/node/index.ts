import type { Node, Pod } from 'kubernetes-types/core/v1'
import { worldUID } from './node-proxy-logs'
import { noEnvSources } from './programs'
import { podContainerFiles } from './volumes/pod-files'
import { ClusterEnvSources } from './env-sources'
import { isAlreadyExists } from '../apimachinery/errors'
import type { Informer } from '../client/informer'
import type { Component, ComponentContext, ComponentFactory } from '../component'
import { controlPlaneManifests } from './control-plane-manifests'
import { kindNodeObject, kindNodes } from './kind-nodes'
import { bootIDFor } from './kubelet/node-info'
import { Kubelet } from './kubelet/kubelet'
import { StageTimers } from './kubelet/stage-timers'
import { defaultTimings, type Timings } from './kubelet/timings'
import { fileManifestStore, MemoryManifestStore, type ManifestStore } from './manifests'
import { NodeAddressBook } from './node-addresses'
import { registerBasicPrograms } from './programs'

/**
 * The simulated nodes: a new cluster gets kind's nodes, and every Node object
 * gets a kubelet. The component watches Nodes and runs one Kubelet per node,
 * so `kubectl create -f node.yaml` (or the app's "add node") starts a kubelet
 * and deleting the Node stops it. Pods reach their node's kubelet through one
 * shared pod informer, routed by spec.nodeName.
 */

export type { ManifestStore } from './manifests'
export { MemoryManifestStore, fileManifestStore } from './manifests'
export type { Timings } from './kubelet/timings'

const nodesGVR = { group: '', version: 'v1', resource: 'nodes' }
const podsGVR = { group: '', version: 'v1', resource: 'pods' }

/** Options of createNodesComponent. */
export interface NodesComponentOptions {
  /**
   * Where nodes keep static pod manifests. Default: `<dataDir>/nodes/<node>/manifests/`,
   * or an in-memory store for clusters without a data dir.
   */
  manifests?: ManifestStore
  /** Overrides of the simulated runtime's timings. */
  timings?: Partial<Timings>
}

interface Agent {
  uid: string
  kubelet?: Kubelet
  started: Promise<void>
}

/** A nodes component with its own options (a shared manifest store, other timings). */
export function createNodesComponent(options: NodesComponentOptions = {}): ComponentFactory {
  return (ctx) => new NodesComponent(ctx, options)
}

/** Kind's nodes for a new cluster and a kubelet for every Node. */
export const nodesComponent: ComponentFactory = createNodesComponent()

class NodesComponent implements Component {
  readonly name = 'nodes'
  private readonly manifests: ManifestStore
  private readonly timings: Timings
  /** One set of stage timers for every kubelet: pods reaching a stage at the same instant advance together. */
  private readonly stageTimers: StageTimers
  private readonly addresses: NodeAddressBook
  private readonly agents = new Map<string, Agent>()
  private readonly stopping = new Set<Promise<void>>()
  private readonly unsubscribers: Array<() => void> = []
  private nodes?: Informer<Node>
  private pods?: Informer<Pod>
  private envSources?: ClusterEnvSources
  private stopped = false

  constructor(
    private readonly ctx: ComponentContext,
    options: NodesComponentOptions
  ) {
    this.manifests = options.manifests ?? (ctx.dataDir ? fileManifestStore(ctx.dataDir) : new MemoryManifestStore())
    this.timings = { ...defaultTimings, ...options.timings }
    this.stageTimers = new StageTimers(ctx.clock)
    this.addresses = new NodeAddressBook(ctx.config.network.nodeCIDR)
    // The programs every container has (sh, echo, hostname, env, sleep, ls...), for exec and containers' commands.
    registerBasicPrograms(ctx.world.commands, ctx.clock)
  }

  async start(): Promise<void> {
    await this.bootstrap()
    this.nodes = this.ctx.informers.informerFor<Node>(nodesGVR)
    this.pods = this.ctx.informers.informerFor<Pod>(podsGVR)
    this.envSources = new ClusterEnvSources(this.ctx.informers)
    await this.envSources.ready()
    // Containers' files: the image's root and the pod's volumes, as the pod's kubelet sets them up.
    const files = this.ctx.world.files
    this.unsubscribers.push(files.provide((pod, container) => podContainerFiles(pod, container, this.kubeletOf(pod)?.envSources(worldUID(pod)) ?? noEnvSources, files.storage)))
    this.unsubscribers.push(
      this.nodes.addEventHandler({
        onAdd: (node) => this.nodeAdded(node),
        onUpdate: (_old, node) => this.nodeUpdated(node),
        onDelete: (node) => this.nodeDeleted(node)
      }),
      this.pods.addEventHandler({
        onAdd: (pod) => this.kubeletOf(pod)?.podChanged(pod),
        onUpdate: (_old, pod) => this.kubeletOf(pod)?.podChanged(pod),
        onDelete: (pod) => this.kubeletOf(pod)?.podDeleted(pod)
      })
    )
  }

  async stop(): Promise<void> {
    this.stopped = true
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe()
    this.envSources?.stop()
    for (const name of [...this.agents.keys()]) this.stopAgent(name)
    await Promise.all([...this.stopping])
  }

  /** A new cluster (no Node at all) gets kind's nodes; the control plane gets kubeadm's static pods. */
  private async bootstrap(): Promise<void> {
    const nodes = this.ctx.client.resource<Node>(nodesGVR)
    if ((await nodes.list(undefined, { limit: 1 })).items.length) return
    const { config, clock } = this.ctx
    for (const [i, node] of kindNodes(config.name, config.workers).entries()) {
      const ip = this.addresses.nth(i)
      try {
        await nodes.create(kindNodeObject(node, config.name, ip, bootIDFor(node.name, clock.now()), clock.rfc3339()))
      } catch (e) {
        if (!isAlreadyExists(e)) throw e
      }
      if (node.role === 'control-plane' && !this.manifests.exists(node.name)) {
        for (const [file, content] of controlPlaneManifests(config, node.name, ip)) this.manifests.write(node.name, file, content)
      }
    }
  }

  private kubeletOf(pod: Pod): Kubelet | undefined {
    const node = pod.spec?.nodeName
    return node ? this.agents.get(node)?.kubelet : undefined
  }

  private nodeAdded(node: Node): void {
    const name = node.metadata?.name ?? ''
    const agent = this.agents.get(name)
    if (agent && agent.uid === node.metadata?.uid) return
    if (agent) this.stopAgent(name)
    this.startAgent(node)
  }

  private nodeUpdated(node: Node): void {
    const agent = this.agents.get(node.metadata?.name ?? '')
    // A Node deleted and created again under the same name is a new machine.
    if (!agent || agent.uid !== node.metadata?.uid) return this.nodeAdded(node)
    agent.kubelet?.nodeChanged(node)
  }

  private nodeDeleted(node: Node): void {
    const name = node.metadata?.name ?? ''
    if (this.agents.get(name)?.uid !== node.metadata?.uid) return
    this.stopAgent(name)
    this.addresses.release(name)
  }

  private startAgent(node: Node): void {
    if (this.stopped) return
    const name = node.metadata?.name ?? ''
    const agent: Agent = { uid: node.metadata?.uid ?? '', started: Promise.resolve() }
    agent.started = (async () => {
      // Every node must be known before a free address is picked for one that has none.
      await this.nodes!.waitForSync()
      if (this.agents.get(name) !== agent) return
      const current = this.nodes!.get(name) ?? node
      const kubelet = new Kubelet({
        client: this.ctx.client,
        clock: this.ctx.clock,
        logger: this.ctx.logger,
        recorder: this.ctx.events({ component: 'kubelet', host: name }),
        timings: this.timings,
        stageTimers: this.stageTimers,
        manifests: this.manifests,
        pods: this.pods!,
        node: current,
        internalIP: this.addresses.assign(current, this.nodes!.list()),
        world: this.ctx.world,
        envSources: this.envSources
      })
      agent.kubelet = kubelet
      await kubelet.start()
    })().catch((e: unknown) => this.ctx.logger.error(`kubelet ${name} failed to start: ${(e as Error).message ?? e}`))
    this.agents.set(name, agent)
  }

  private stopAgent(name: string): void {
    const agent = this.agents.get(name)
    if (!agent) return
    this.agents.delete(name)
    const done = agent.started.then(() => agent.kubelet?.stop())
    this.stopping.add(done)
    void done.finally(() => this.stopping.delete(done))
  }
}
