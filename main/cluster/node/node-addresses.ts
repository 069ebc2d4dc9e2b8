import ipaddr from 'ipaddr.js'
import type { Node } from 'kubernetes-types/core/v1'

/**
 * Node IPs on the node network (kind's docker network, 172.18.0.0/16): .1 is
 * the gateway, the control plane created with the cluster gets .2 and the
 * workers .3, .4, ... as kind's containers do. A node added later keeps the
 * InternalIP it reports, or gets the lowest free address.
 */
export class NodeAddressBook {
  private readonly base: number
  private readonly size: number
  /** Addresses handed out but perhaps not yet reported, by node name. */
  private readonly reserved = new Map<string, string>()

  constructor(nodeCIDR: string) {
    const [addr, bits] = ipaddr.IPv4.parseCIDR(nodeCIDR)
    this.size = 2 ** (32 - bits)
    this.base = Math.floor(toInt(addr) / this.size) * this.size
  }

  /** The address of the i-th node created with the cluster (0: the control plane, .2). */
  nth(i: number): string {
    return fromInt(this.base + 2 + i)
  }

  /** The InternalIP a node reports, if any. */
  static internalIPOf(node: Node): string | undefined {
    return node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address
  }

  /** The node's address: the one it reports or was given, else the lowest one no other node uses. */
  assign(node: Node, all: readonly Node[]): string {
    const name = node.metadata?.name ?? ''
    const known = NodeAddressBook.internalIPOf(node) ?? this.reserved.get(name)
    if (known) {
      this.reserved.set(name, known)
      return known
    }
    const taken = new Set<string>(this.reserved.values())
    for (const other of all) {
      const ip = NodeAddressBook.internalIPOf(other)
      if (ip) taken.add(ip)
    }
    for (let i = 0; i < this.size - 3; i++) {
      const candidate = this.nth(i)
      if (taken.has(candidate)) continue
      this.reserved.set(name, candidate)
      return candidate
    }
    throw new Error(`no free address in the node network for node ${name}`)
  }

  /** Frees a deleted node's address. */
  release(name: string): void {
    this.reserved.delete(name)
  }
}

function toInt(addr: ipaddr.IPv4): number {
  const [a, b, c, d] = addr.octets
  return ((a * 256 + b) * 256 + c) * 256 + d
}

function fromInt(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.')
}
