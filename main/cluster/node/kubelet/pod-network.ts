import type { Logger } from '../../client/controller-logger'
import { HostLocalIPAM } from './host-local-ipam'
import type { PodWorker } from './pod-worker'

/**
 * The node's pod network as the kubelet sees it: not ready until the Node has
 * a podCIDR (as a kind node waits for its CNI config), then host-local IPAM
 * over that range, rebuilt from the IPs the node's pods already hold.
 */
export class PodNetwork {
  private ipam: HostLocalIPAM | undefined

  constructor(
    private readonly nodeName: string,
    private readonly logger: Logger
  ) {}

  /** Whether pods can get IPs (the node has a podCIDR). */
  get ready(): boolean {
    return !!this.ipam
  }

  /**
   * Sets the network up once the node has a podCIDR, marking the IPs the
   * workers' pods hold; true when it was set up by this call.
   */
  ensure(podCIDR: string | undefined, workers: ReadonlyMap<string, PodWorker>): boolean {
    if (this.ipam || !podCIDR) return false
    this.ipam = new HostLocalIPAM(podCIDR)
    for (const [key, worker] of workers) this.adopt(key, worker)
    return true
  }

  /** Marks the IP a (restarted) pod holds, if it has one from this network. */
  adopt(key: string, worker: PodWorker): void {
    const { state, podIP } = worker.rt
    if (!this.ipam || !podIP || worker.current.spec?.hostNetwork || state === 'stopped' || state === 'removed') return
    if (!this.ipam.use(key, podIP)) this.logger.warn(`kubelet ${this.nodeName}: pod IP ${podIP} of ${worker.current.metadata?.name} is outside ${this.ipam.podCIDR} or taken`)
  }

  /** Whether owner can have an IP now. */
  canAllocate(owner: string): boolean {
    if (!this.ipam) return false
    return this.ipam.allocated < this.ipam.capacity || this.ipam.get(owner) !== undefined
  }

  /** owner's IP, allocated if need be; undefined when the range is full or the network not ready. */
  allocate(owner: string): string | undefined {
    return this.ipam?.get(owner)
  }

  /** Frees owner's IP. */
  release(owner: string): void {
    this.ipam?.put(owner)
  }

  /** The range as CNI errors name it. */
  rangeSet(): string {
    return this.ipam?.rangeSet ?? ''
  }
}
