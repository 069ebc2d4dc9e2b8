/**
 * A bitmap-style allocator over offsets 0..size-1, as Kubernetes'
 * allocator.AllocationBitmap with an offset (ServiceIPStaticSubrange,
 * ServiceNodePortStaticSubrange): dynamic allocation draws at random from the
 * upper part [offset, size) first and falls back to the lower, static part
 * [0, offset), so values users pick by hand (10.96.0.10 for kube-dns) stay free.
 */
export class OffsetAllocator {
  private readonly used = new Set<number>()

  constructor(
    readonly size: number,
    /** Start of the dynamic subrange; 0 when the range is too small to split. */
    readonly offset: number,
    private readonly random: () => number = Math.random
  ) {}

  /** Reserves one offset; false when already taken. The caller checks the bounds. */
  allocate(i: number): boolean {
    if (this.used.has(i)) return false
    this.used.add(i)
    return true
  }

  /** A free offset (reserved), or undefined when every one is taken. */
  allocateNext(): number | undefined {
    const i = this.scan(this.offset, this.size) ?? this.scan(0, this.offset)
    if (i !== undefined) this.used.add(i)
    return i
  }

  release(i: number): void {
    this.used.delete(i)
  }

  has(i: number): boolean {
    return this.used.has(i)
  }

  get count(): number {
    return this.used.size
  }

  /** The first free offset in [lo, hi), starting at a random point and wrapping around. */
  private scan(lo: number, hi: number): number | undefined {
    const n = hi - lo
    if (n <= 0) return undefined
    const start = Math.floor(this.random() * n) % n
    for (let k = 0; k < n; k++) {
      const i = lo + ((start + k) % n)
      if (!this.used.has(i)) return i
    }
    return undefined
  }
}

/** Kubernetes' calculateRangeOffset: min(max(lo, size/step), hi), or 0 when size <= lo. */
export function rangeOffset(size: number, lo: number, step: number, hi: number): number {
  if (size <= lo) return 0
  return Math.min(Math.max(lo, Math.floor(size / step)), hi)
}
