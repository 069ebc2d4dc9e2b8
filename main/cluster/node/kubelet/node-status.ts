import type { ContainerImage, Node, NodeStatus } from 'kubernetes-types/core/v1'
import { deepEqual } from '../../apimachinery/validation'
import type { Clock, Timer } from '../../clock/types'
import type { Logger } from '../../client/controller-logger'
import { errorMessage } from '../../client/controller-logger'
import type { ResourceClient } from '../../client/types'
import { writeStatus } from './api-writes'
import { nodeConditions, type NodeStatusEvent } from './node-conditions'
import { kubeletPort, nodeAllocatable, nodeCapacity, nodeSystemInfo } from './node-info'
import { jitterUntil, type JitterOptions } from './jitter-until'

/**
 * The kubelet's node status loop: every nodeStatusUpdateFrequency (10 s, plus
 * up to 4% jitter: jitter-until.ts) it
 * computes the status, and writes it only when something besides the
 * heartbeat times changed or nodeStatusReportFrequency (5 min) has passed
 * since the last write, as kubelets with node leases do. The Lease is the
 * frequent heartbeat; this is the slow one.
 */

/** How often the status is computed. */
export const nodeStatusUpdateFrequencyMs = 10_000
/** How often it is written even when unchanged. */
export const nodeStatusReportFrequencyMs = 5 * 60_000

/** What the kubelet knows about its node right now. */
export interface NodeView {
  /** The node's address on the node network. */
  internalIP: string
  /** The current boot's ID (nodeInfo.bootID). */
  bootID: string
  /** Whether the pod network is up (a podCIDR): the Ready condition waits for it. */
  networkReady: boolean
  /** status.images. */
  images: ContainerImage[]
}

/** The status the kubelet reports, computed from the stored node and its view; events for conditions that changed. */
export function buildNodeStatus(node: Node, view: NodeView, now: string): { status: NodeStatus; events: NodeStatusEvent[] } {
  const name = node.metadata?.name ?? ''
  const { conditions, events } = nodeConditions(node.status?.conditions, view.networkReady, now)
  const status: NodeStatus = {
    ...node.status,
    addresses: [
      { type: 'InternalIP', address: view.internalIP },
      { type: 'Hostname', address: name }
    ],
    allocatable: { ...nodeAllocatable },
    capacity: { ...nodeCapacity },
    conditions,
    daemonEndpoints: { kubeletEndpoint: { Port: kubeletPort } },
    images: view.images,
    nodeInfo: nodeSystemInfo(name, view.bootID)
  }
  ;(status as Record<string, unknown>).runtimeHandlers = ['', 'runc'].map((handler) => ({ features: { recursiveReadOnlyMounts: true, userNamespaces: true }, name: handler }))
  return { status, events }
}

/** The status without heartbeat times: what decides whether a write is due. */
function withoutHeartbeats(status: NodeStatus | undefined): unknown {
  return { ...status, conditions: (status?.conditions ?? []).map((c) => ({ ...c, lastHeartbeatTime: undefined })) }
}

/** What the node status loop needs. */
export interface NodeStatusReporterOptions {
  /** The nodes API. */
  nodes: ResourceClient<Node>
  /** The cluster clock. */
  clock: Clock
  /** The node reported on. */
  nodeName: string
  /** The kubelet's view now. */
  view(): NodeView
  /** Called with the condition events of each write. */
  record(event: NodeStatusEvent): void
  /** Where failed writes are reported. */
  logger: Logger
  /** The loop's jitter (tests inject its random source). */
  jitter?: JitterOptions
}

/** Runs the status loop for one node while its kubelet runs. */
export class NodeStatusReporter {
  private timer: Timer | undefined
  private lastReport = -Infinity
  private inFlight: Promise<void> | undefined
  private again = false
  private running = false

  constructor(private readonly options: NodeStatusReporterOptions) {}

  /** Reports at once, then every 10 s plus jitter (background timers: heartbeats never drive an instant clock). */
  start(): void {
    this.running = true
    this.lastReport = -Infinity
    this.timer = jitterUntil(this.options.clock, () => this.post(), nodeStatusUpdateFrequencyMs, this.options.jitter)
  }

  /** Stops reporting; resolves once a write in flight has finished. */
  async stop(): Promise<void> {
    this.running = false
    this.timer?.cancel()
    this.timer = undefined
    await this.inFlight
  }

  /** Computes the status now (something changed: the podCIDR, the images). */
  post(): void {
    if (!this.running) return
    if (this.inFlight) {
      this.again = true
      return
    }
    this.inFlight = this.report()
      .catch((e: unknown) => this.options.logger.warn(`kubelet ${this.options.nodeName}: node status update failed: ${errorMessage(e)}`))
      .finally(() => {
        this.inFlight = undefined
        if (this.again) {
          this.again = false
          this.post()
        }
      })
  }

  private async report(): Promise<void> {
    const { clock, nodes, nodeName } = this.options
    let events: NodeStatusEvent[] = []
    const written = await writeStatus(nodes, undefined, nodeName, (node) => {
      if (!this.running) return undefined
      const built = buildNodeStatus(node, this.options.view(), clock.rfc3339())
      const due = clock.now() - this.lastReport >= nodeStatusReportFrequencyMs
      if (!due && deepEqual(withoutHeartbeats(built.status), withoutHeartbeats(node.status))) return undefined
      events = built.events
      return built.status
    })
    if (!written) return
    this.lastReport = clock.now()
    for (const event of events) this.options.record(event)
  }
}
