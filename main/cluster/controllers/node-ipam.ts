import ipaddr from 'ipaddr.js'
import type { Node } from 'kubernetes-types/core/v1'
import { isConflict, isNotFound } from '../apimachinery/errors'
import type { KubeObject } from '../apimachinery/types'
import { Controller } from '../client/controller'
import type { Informer } from '../client/informer'
import type { ResourceClient } from '../client/types'
import type { Component, ComponentFactory } from '../component'

/**
 * The node IPAM controller (pkg/controller/nodeipam, range allocator): gives
 * every Node one podCIDR carved out of the cluster's pod range, the /24 its
 * pods take their IPs from. kube-controller-manager runs it with
 * --allocate-node-cidrs; kind's kindnet then routes each node's range.
 */

const nodesGVR = { group: '', version: 'v1', resource: 'nodes' }

/** How long a node waits before asking again for a CIDR from a full range (a node deletion asks at once). */
const retryFullRangeMs = 30_000

/**
 * Subnets of one size inside the cluster's pod range (cidrset.CidrSet): a
 * bitmap of used subnets and a rotating next candidate, so a released subnet
 * is handed out again only after the others, as Kubernetes does.
 */
export class CIDRSet {
  /** How many subnets the range holds. */
  readonly max: number
  private readonly base: number
  private readonly subnetSize: number
  private readonly used: Uint8Array
  private nextCandidate = 0
  private count = 0

  /** `clusterCIDR` such as 10.244.0.0/16, split into subnets of prefix `maskSize` (24). */
  constructor(
    readonly clusterCIDR: string,
    readonly maskSize: number
  ) {
    const [addr, bits] = ipaddr.IPv4.parseCIDR(clusterCIDR)
    if (maskSize < bits || maskSize > 32) throw new Error(`subnet mask /${maskSize} does not fit in ${clusterCIDR}`)
    this.subnetSize = 2 ** (32 - maskSize)
    this.base = Math.floor(toInt(addr) / 2 ** (32 - bits)) * 2 ** (32 - bits)
    this.max = 2 ** (maskSize - bits)
    this.used = new Uint8Array(this.max)
  }

  /** The next free subnet (e.g. `10.244.3.0/24`), or undefined when the range is full. */
  allocateNext(): string | undefined {
    if (this.count >= this.max) return undefined
    for (let i = 0; i < this.max; i++) {
      const candidate = (this.nextCandidate + i) % this.max
      if (this.used[candidate]) continue
      this.used[candidate] = 1
      this.count++
      this.nextCandidate = (candidate + 1) % this.max
      return this.subnet(candidate)
    }
    return undefined
  }

  /** Marks every subnet a CIDR covers as used (a node that already has one); false when it lies outside the range. */
  occupy(cidr: string): boolean {
    const span = this.span(cidr)
    if (!span) return false
    for (let i = span.first; i <= span.last; i++) {
      if (!this.used[i]) this.count++
      this.used[i] = 1
    }
    return true
  }

  /** Frees the subnets a CIDR covers (its node is gone). */
  release(cidr: string): void {
    const span = this.span(cidr)
    if (!span) return
    for (let i = span.first; i <= span.last; i++) {
      if (this.used[i]) this.count--
      this.used[i] = 0
    }
  }

  /** How many subnets are taken. */
  allocated(): number {
    return this.count
  }

  private subnet(index: number): string {
    return `${fromInt(this.base + index * this.subnetSize)}/${this.maskSize}`
  }

  /** The subnet indexes a CIDR overlaps, clipped to the range. */
  private span(cidr: string): { first: number; last: number } | undefined {
    let addr: ipaddr.IPv4
    let bits: number
    try {
      ;[addr, bits] = ipaddr.IPv4.parseCIDR(cidr)
    } catch {
      return undefined
    }
    const size = 2 ** (32 - bits)
    const start = Math.floor(toInt(addr) / size) * size
    const end = start + size - 1
    const rangeEnd = this.base + this.max * this.subnetSize - 1
    if (end < this.base || start > rangeEnd) return undefined
    const first = Math.floor((Math.max(start, this.base) - this.base) / this.subnetSize)
    const last = Math.floor((Math.min(end, rangeEnd) - this.base) / this.subnetSize)
    return { first, last }
  }
}

function toInt(addr: ipaddr.IPv4): number {
  const [a, b, c, d] = addr.octets
  return ((a * 256 + b) * 256 + c) * 256 + d
}

function fromInt(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.')
}

/** Read, change, write compare-and-swap, retrying conflicts; false when the node is gone or needed no change. */
async function updateObject(nodes: ResourceClient<Node>, name: string, change: (node: Node) => boolean): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    let node: Node
    try {
      node = structuredClone(await nodes.get(undefined, name))
    } catch (e) {
      if (isNotFound(e)) return false
      throw e
    }
    if (!change(node)) return false
    try {
      await nodes.update(node)
      return true
    } catch (e) {
      if (isNotFound(e)) return false
      if (!isConflict(e) || attempt >= 5) throw e
    }
  }
}

function podCIDRsOf(node: Node): string[] {
  const cidrs = node.spec?.podCIDRs ?? []
  if (cidrs.length) return cidrs
  return node.spec?.podCIDR ? [node.spec.podCIDR] : []
}

/**
 * The controller: occupancy is rebuilt from the Nodes the informer lists
 * before any allocation (workers start after the cache synced), so a restart
 * never hands out a CIDR twice; a deleted Node frees its CIDR.
 */
export const nodeIpamComponent: ComponentFactory = (ctx): Component => {
  const { network } = ctx.config
  const cidrs = new CIDRSet(network.podCIDR, network.nodePodCIDRMaskSize)
  /** node name → the CIDRs it holds, so a delete releases exactly what the node had. */
  const held = new Map<string, string[]>()
  const events = ctx.events({ component: 'cidrAllocator' })
  const nodes = ctx.client.resource<Node>(nodesGVR)
  let informer: Informer<Node> | undefined
  let unsubscribe: (() => void) | undefined

  const hold = (node: Node): void => {
    const name = node.metadata?.name ?? ''
    const have = podCIDRsOf(node)
    if (!have.length || held.has(name)) return
    for (const cidr of have) cidrs.occupy(cidr)
    held.set(name, have)
  }
  const release = (name: string): void => {
    for (const cidr of held.get(name) ?? []) cidrs.release(cidr)
    held.delete(name)
  }

  const controller = new Controller(
    {
      name: 'node-ipam-controller',
      watches: [{ resource: nodesGVR }],
      async reconcile(name) {
        const node = informer?.get(name)
        if (!node || node.metadata?.deletionTimestamp) return
        if (podCIDRsOf(node).length) return hold(node)
        if (held.has(name)) return // allocated; the informer has not caught up with our write yet
        const cidr = cidrs.allocateNext()
        if (!cidr) {
          events.event(node as KubeObject, 'Normal', 'CIDRNotAvailable', `Node ${name} status is now: CIDRNotAvailable`)
          return { requeueAfter: retryFullRangeMs }
        }
        held.set(name, [cidr])
        try {
          // The cache may lag behind the kubelet's own writes to its Node: write against a fresh read.
          const written = await updateObject(nodes, name, (fresh) => {
            if (podCIDRsOf(fresh).length) return false
            fresh.spec = { ...fresh.spec, podCIDR: cidr, podCIDRs: [cidr] }
            return true
          })
          if (!written) release(name)
        } catch (e) {
          release(name)
          throw e
        }
      }
    },
    { factory: ctx.informers, logger: ctx.logger }
  )

  return {
    name: 'node-ipam-controller',
    async start() {
      informer = ctx.informers.informerFor<Node>(nodesGVR)
      unsubscribe = informer.addEventHandler({
        onAdd: hold,
        onUpdate: (_old, node) => hold(node),
        onDelete: (node) => {
          release(node.metadata?.name ?? '')
          // A freed CIDR may be what a waiting node needs.
          for (const other of informer?.list() ?? []) if (!podCIDRsOf(other).length) controller.enqueue(other.metadata?.name ?? '')
        }
      })
      // Not awaited: the harness waits for the cache, which the cluster starts after every component.
      void controller.start()
    },
    async stop() {
      unsubscribe?.()
      await controller.stop()
    }
  }
}
