import ipaddr from 'ipaddr.js'

/**
 * The CNI host-local IPAM plugin for one node's podCIDR, as kind's bridge
 * network uses it: the first address (.1) is the gateway on the cni0 bridge,
 * pods get the others (.2 up to the last before broadcast). Allocation goes
 * round-robin from the last address handed out, as host-local's
 * last_reserved_ip does, so a freed address is reused last. Like KWOK's IP
 * pool it offers get, put and use: use() marks an address taken when the
 * kubelet rebuilds its state from existing pods after a restart.
 */
export class HostLocalIPAM {
  /** The bridge's address (cni0): the pods' default gateway. */
  readonly gateway: string
  private readonly first: number
  private readonly last: number
  private readonly byIP = new Map<number, string>()
  private readonly byOwner = new Map<string, number>()
  private lastReserved: number

  constructor(readonly podCIDR: string) {
    const [addr, bits] = ipaddr.IPv4.parseCIDR(podCIDR)
    const size = 2 ** (32 - bits)
    const network = Math.floor(toInt(addr) / size) * size
    if (size < 4) throw new Error(`podCIDR ${podCIDR} is too small for a gateway and a pod`)
    this.gateway = fromInt(network + 1)
    this.first = network + 2
    this.last = network + size - 2
    this.lastReserved = this.first - 1
  }

  /** How many pod addresses the range has. */
  get capacity(): number {
    return this.last - this.first + 1
  }

  /** How many are taken. */
  get allocated(): number {
    return this.byIP.size
  }

  /** The range as host-local names it in errors: gateway first, `10.244.1.1-10.244.1.254`. */
  get rangeSet(): string {
    return `${this.gateway}-${fromInt(this.last)}`
  }

  /** The address of owner (a pod), allocating the next free one; undefined when the range is full. */
  get(owner: string): string | undefined {
    const held = this.byOwner.get(owner)
    if (held !== undefined) return fromInt(held)
    const count = this.capacity
    for (let i = 1; i <= count; i++) {
      const candidate = this.first + ((this.lastReserved - this.first + i) % count + count) % count
      if (this.byIP.has(candidate)) continue
      this.take(owner, candidate)
      this.lastReserved = candidate
      return fromInt(candidate)
    }
    return undefined
  }

  /** Releases owner's address (the pod's sandbox is gone). */
  put(owner: string): void {
    const held = this.byOwner.get(owner)
    if (held === undefined) return
    this.byOwner.delete(owner)
    this.byIP.delete(held)
  }

  /**
   * Marks ip as owner's (rebuilding from pods' status.podIP). False when the
   * address is outside the range or another owner has it; the last address
   * used becomes the round-robin point, so new pods continue after it.
   */
  use(owner: string, ip: string): boolean {
    let n: number
    try {
      n = toInt(ipaddr.IPv4.parse(ip))
    } catch {
      return false
    }
    if (n < this.first || n > this.last) return false
    const holder = this.byIP.get(n)
    if (holder !== undefined) return holder === owner
    this.put(owner)
    this.take(owner, n)
    if (n > this.lastReserved) this.lastReserved = n
    return true
  }

  /** Who holds ip, if anyone. */
  ownerOf(ip: string): string | undefined {
    try {
      return this.byIP.get(toInt(ipaddr.IPv4.parse(ip)))
    } catch {
      return undefined
    }
  }

  private take(owner: string, n: number): void {
    this.byIP.set(n, owner)
    this.byOwner.set(owner, n)
  }
}

function toInt(addr: ipaddr.IPv4): number {
  const [a, b, c, d] = addr.octets
  return ((a * 256 + b) * 256 + c) * 256 + d
}

function fromInt(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.')
}
