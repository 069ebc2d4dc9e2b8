import ipaddr from 'ipaddr.js'
import { OffsetAllocator, rangeOffset } from './range-allocator'

/** Why an allocation failed; `message` is Kubernetes' error text. */
export class AllocationError extends Error {
  constructor(
    readonly code: 'NotInRange' | 'Allocated' | 'Full',
    message: string
  ) {
    super(message)
    this.name = 'AllocationError'
  }
}

/**
 * The apiserver's Service ClusterIP allocator (pkg/registry/core/service/ipallocator,
 * the bitmap Range): every address of the service CIDR but the network and
 * broadcast addresses. Dynamic allocation avoids the low, static subrange
 * (min(max(16, size/16), 256) addresses: 10.96.0.1 - 10.96.1.0 on a /12).
 * In memory only: the state is rebuilt from the stored Services.
 */
export class ServiceIPAllocator {
  readonly cidr: string
  private readonly network: number
  private readonly base: number
  private readonly bits: OffsetAllocator

  constructor(cidr: string, random?: () => number) {
    const [addr, prefix] = ipaddr.IPv4.parseCIDR(cidr)
    const total = 2 ** (32 - prefix)
    this.network = Math.floor(toInt(addr) / total) * total
    this.cidr = `${fromInt(this.network)}/${prefix}`
    // Offset 0 of the bitmap is network + 1; the broadcast address is left out.
    this.base = this.network + 1
    const size = Math.max(0, total - 2)
    this.bits = new OffsetAllocator(size, rangeOffset(total, 16, 16, 256), random)
  }

  /** How many addresses can be handed out. */
  get size(): number {
    return this.bits.size
  }

  /** How many are taken. */
  get used(): number {
    return this.bits.count
  }

  /** Reserves a requested address; throws AllocationError (NotInRange, Allocated). */
  allocate(ip: string): void {
    const i = this.offsetOf(ip)
    if (i === undefined) {
      throw new AllocationError('NotInRange', `the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${this.cidr}`)
    }
    if (!this.bits.allocate(i)) throw new AllocationError('Allocated', 'provided IP is already allocated')
  }

  /** Reserves a free address; throws AllocationError('Full') when none is left. */
  allocateNext(): string {
    const i = this.bits.allocateNext()
    if (i === undefined) throw new AllocationError('Full', 'range is full')
    return fromInt(this.base + i)
  }

  /** Frees an address; one out of range or not taken is ignored. */
  release(ip: string): void {
    const i = this.offsetOf(ip)
    if (i !== undefined) this.bits.release(i)
  }

  has(ip: string): boolean {
    const i = this.offsetOf(ip)
    return i !== undefined && this.bits.has(i)
  }

  /** Whether an address is one this range can hand out. */
  contains(ip: string): boolean {
    return this.offsetOf(ip) !== undefined
  }

  private offsetOf(ip: string): number | undefined {
    if (!ipaddr.IPv4.isValidFourPartDecimal(ip)) return undefined
    const i = toInt(ipaddr.IPv4.parse(ip)) - this.base
    return i >= 0 && i < this.bits.size ? i : undefined
  }
}

function toInt(addr: ipaddr.IPv4): number {
  return addr.toByteArray().reduce((n, b) => n * 256 + b, 0)
}

function fromInt(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.')
}
