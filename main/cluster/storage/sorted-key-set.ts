/**
 * An ordered set of strings: a list of sorted chunks (at most MAX_CHUNK keys
 * each). Insert and delete cost a binary search plus a splice inside one chunk,
 * so they stay cheap at 100,000 keys (a single sorted array would memmove the
 * whole set on every create), and ordered scans from any key just walk the
 * chunks. Order is JavaScript string order (UTF-16 code units), which equals
 * etcd's byte order for the ASCII keys the registry uses.
 */

const MAX_CHUNK = 512

/** Index of the first element of sorted >= key (sorted.length if none). */
function lowerBound(sorted: string[], key: string): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid] < key) lo = mid + 1
    else hi = mid
  }
  return lo
}

export class SortedKeySet {
  private chunks: string[][] = []
  private count = 0

  get size(): number {
    return this.count
  }

  /** The chunk that holds key or would hold it: the first whose last key >= key, else the last chunk. */
  private chunkFor(key: string): number {
    let lo = 0
    let hi = this.chunks.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      const chunk = this.chunks[mid]
      if (chunk[chunk.length - 1] < key) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  /** Adds key; false if it was already present. */
  add(key: string): boolean {
    if (this.chunks.length === 0) {
      this.chunks.push([key])
      this.count = 1
      return true
    }
    const c = this.chunkFor(key)
    const chunk = this.chunks[c]
    const i = lowerBound(chunk, key)
    if (chunk[i] === key) return false
    chunk.splice(i, 0, key)
    this.count++
    if (chunk.length > MAX_CHUNK) this.chunks.splice(c + 1, 0, chunk.splice(chunk.length >> 1))
    return true
  }

  /** Removes key; false if it was absent. */
  delete(key: string): boolean {
    if (this.chunks.length === 0) return false
    const c = this.chunkFor(key)
    const chunk = this.chunks[c]
    const i = lowerBound(chunk, key)
    if (chunk[i] !== key) return false
    chunk.splice(i, 1)
    this.count--
    if (chunk.length === 0) this.chunks.splice(c, 1)
    return true
  }

  has(key: string): boolean {
    if (this.chunks.length === 0) return false
    const chunk = this.chunks[this.chunkFor(key)]
    return chunk[lowerBound(chunk, key)] === key
  }

  /** Calls visit for every key >= start, in order, until visit returns false. */
  scan(start: string, visit: (key: string) => boolean | void): void {
    if (this.chunks.length === 0) return
    let c = this.chunkFor(start)
    let i = lowerBound(this.chunks[c], start)
    for (; c < this.chunks.length; c++, i = 0) {
      const chunk = this.chunks[c]
      for (; i < chunk.length; i++) if (visit(chunk[i]) === false) return
    }
  }

  /** Every key in order. */
  keys(): string[] {
    return this.chunks.flat()
  }
}
