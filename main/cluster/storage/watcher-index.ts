/**
 * Watchers indexed by prefix. An event for key K must reach every watcher
 * whose prefix is a prefix of K. Watchers are grouped by their exact prefix
 * string, and the distinct prefix LENGTHS are kept sorted: per event we look
 * up K.slice(0, L) for each distinct length L <= K.length. 1,000 watchers on
 * 1,000 namespaces share a handful of lengths, so an event costs a few map
 * lookups, not 1,000 startsWith calls.
 */

export interface PrefixWatcher {
  readonly prefix: string
}

export class WatcherIndex<W extends PrefixWatcher> {
  private readonly byPrefix = new Map<string, Set<W>>()
  /** Distinct prefix lengths, ascending. Replaced (never mutated) so an ongoing forEachMatch is unaffected. */
  private lengths: readonly number[] = []
  private readonly prefixesPerLength = new Map<number, number>()
  private count = 0

  get size(): number {
    return this.count
  }

  add(watcher: W): void {
    let set = this.byPrefix.get(watcher.prefix)
    if (!set) {
      this.byPrefix.set(watcher.prefix, (set = new Set()))
      const len = watcher.prefix.length
      const n = this.prefixesPerLength.get(len) ?? 0
      this.prefixesPerLength.set(len, n + 1)
      if (n === 0) this.lengths = [...this.lengths, len].sort((a, b) => a - b)
    }
    if (!set.has(watcher)) {
      set.add(watcher)
      this.count++
    }
  }

  delete(watcher: W): void {
    const set = this.byPrefix.get(watcher.prefix)
    if (!set || !set.delete(watcher)) return
    this.count--
    if (set.size > 0) return
    this.byPrefix.delete(watcher.prefix)
    const len = watcher.prefix.length
    const n = this.prefixesPerLength.get(len)! - 1
    if (n > 0) this.prefixesPerLength.set(len, n)
    else {
      this.prefixesPerLength.delete(len)
      this.lengths = this.lengths.filter((l) => l !== len)
    }
  }

  /** Calls visit for every watcher whose prefix is a prefix of key. */
  forEachMatch(key: string, visit: (watcher: W) => void): void {
    const lengths = this.lengths
    for (let i = 0; i < lengths.length; i++) {
      const len = lengths[i]
      if (len > key.length) break
      const set = this.byPrefix.get(len === key.length ? key : key.slice(0, len))
      if (set) for (const watcher of set) visit(watcher)
    }
  }

  /** Every watcher (for shutdown). */
  all(): W[] {
    const out: W[] = []
    for (const set of this.byPrefix.values()) out.push(...set)
    return out
  }
}
