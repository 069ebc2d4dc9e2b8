import type { Lease } from 'kubernetes-types/coordination/v1'
import type { Node } from 'kubernetes-types/core/v1'
import { isConflict, isNotFound } from '../../apimachinery/errors'
import type { Clock, Timer } from '../../clock/types'
import { errorMessage, type Logger } from '../../client/controller-logger'
import type { ResourceClient } from '../../client/types'
import { deepCopy } from '../../apimachinery/deep-copy'
import { jitterUntil, type JitterOptions } from './jitter-until'

/**
 * The node's heartbeat: a Lease in kube-node-lease named after the node,
 * renewed every 10 s (a quarter of its 40 s duration) plus up to 4% jitter,
 * as the kubelet's lease controller does (jitter-until.ts). The node lifecycle controller reads renewTime to tell a
 * live node from a dead one. The Lease is owned by the Node, so it goes with it.
 */

/** Where node leases live. */
export const leaseNamespace = 'kube-node-lease'
/** spec.leaseDurationSeconds: the node lifecycle controller's grace period. */
export const leaseDurationSeconds = 40
/** How often the lease is renewed (a quarter of its duration). */
export const leaseRenewIntervalMs = 10_000

/** What the lease heartbeat needs. */
export interface NodeLeaseOptions {
  /** The leases API. */
  leases: ResourceClient<Lease>
  /** The cluster clock (renewTime). */
  clock: Clock
  /** The Node now (the lease's name and owner). */
  node: () => Node
  /** Where failed renewals are reported. */
  logger: Logger
  /** The renewal loop's jitter (tests inject its random source). */
  jitter?: JitterOptions
}

/** The lease heartbeat of one node. */
export class NodeLease {
  private timer: Timer | undefined
  private latest: Lease | undefined
  private inFlight: Promise<void> | undefined
  private running = false

  constructor(private readonly options: NodeLeaseOptions) {}

  /** Renews now and every 10 s plus jitter, on background timers. */
  start(): void {
    this.running = true
    this.timer = jitterUntil(this.options.clock, () => this.renewSoon(), leaseRenewIntervalMs, this.options.jitter)
  }

  async stop(): Promise<void> {
    this.running = false
    this.timer?.cancel()
    this.timer = undefined
    await this.inFlight
  }

  private renewSoon(): void {
    if (!this.running || this.inFlight) return
    this.inFlight = this.renew()
      .catch((e: unknown) => this.options.logger.warn(`kubelet ${this.name()}: lease renewal failed: ${errorMessage(e)}`))
      .finally(() => (this.inFlight = undefined))
  }

  private name(): string {
    return this.options.node().metadata?.name ?? ''
  }

  private async renew(): Promise<void> {
    const { leases, clock } = this.options
    for (let attempt = 0; attempt < 3; attempt++) {
      if (!this.running) return
      const base = this.latest ?? (await this.fetch())
      try {
        if (!base) {
          this.latest = await leases.create(this.newLease())
          return
        }
        const next = deepCopy(base)
        next.spec = { ...next.spec, holderIdentity: this.name(), leaseDurationSeconds, renewTime: clock.rfc3339Micro() }
        this.latest = await leases.update(next)
        return
      } catch (e) {
        // Someone else wrote it (or removed it): start again from what is stored.
        if (!isConflict(e) && !isNotFound(e)) throw e
        this.latest = undefined
      }
    }
  }

  private async fetch(): Promise<Lease | undefined> {
    try {
      return await this.options.leases.get(leaseNamespace, this.name())
    } catch (e) {
      if (isNotFound(e)) return undefined
      throw e
    }
  }

  private newLease(): Lease {
    const node = this.options.node()
    return {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name: this.name(),
        namespace: leaseNamespace,
        ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: this.name(), uid: node.metadata?.uid ?? '' }]
      },
      spec: { holderIdentity: this.name(), leaseDurationSeconds, renewTime: this.options.clock.rfc3339Micro() }
    }
  }
}
