import { AllocationError } from './ip-allocator'
import { OffsetAllocator, rangeOffset } from './range-allocator'

/** A node port range, as kube-apiserver's --service-node-port-range. */
export interface PortRange {
  base: number
  size: number
}

/** The default --service-node-port-range: 30000-32767. */
export const defaultNodePortRange: PortRange = { base: 30000, size: 2768 }

/** `30000-32767`, as net.PortRange.String(). */
export function portRangeString(r: PortRange): string {
  return `${r.base}-${r.base + r.size - 1}`
}

/**
 * The apiserver's NodePort allocator (pkg/registry/core/service/portallocator).
 * Dynamic allocation avoids the low, static subrange (min(max(16, size/32), 128)
 * ports: 30000-30085 by default). In memory only: rebuilt from stored Services.
 */
export class NodePortAllocator {
  private readonly bits: OffsetAllocator

  constructor(
    readonly range: PortRange = defaultNodePortRange,
    random?: () => number
  ) {
    this.bits = new OffsetAllocator(range.size, rangeOffset(range.size, 16, 32, 128), random)
  }

  get used(): number {
    return this.bits.count
  }

  /** Reserves a requested port; throws AllocationError (NotInRange, Allocated). */
  allocate(port: number): void {
    const i = this.offsetOf(port)
    if (i === undefined) {
      throw new AllocationError('NotInRange', `provided port is not in the valid range. The range of valid ports is ${portRangeString(this.range)}`)
    }
    if (!this.bits.allocate(i)) throw new AllocationError('Allocated', 'provided port is already allocated')
  }

  /** Reserves a free port; throws AllocationError('Full') when none is left. */
  allocateNext(): number {
    const i = this.bits.allocateNext()
    if (i === undefined) throw new AllocationError('Full', 'range is full')
    return this.range.base + i
  }

  /** Frees a port; one out of range or not taken is ignored. */
  release(port: number): void {
    const i = this.offsetOf(port)
    if (i !== undefined) this.bits.release(i)
  }

  has(port: number): boolean {
    const i = this.offsetOf(port)
    return i !== undefined && this.bits.has(i)
  }

  private offsetOf(port: number): number | undefined {
    const i = port - this.range.base
    return Number.isInteger(i) && i >= 0 && i < this.range.size ? i : undefined
  }
}
