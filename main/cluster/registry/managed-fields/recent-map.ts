/**
 * A bounded cache of the entries used lately: it holds at most `limit`
 * entries and at least the `limit / 2` most recently used. Entries live in
 * two generations: a hit in the young one costs one lookup (no reordering,
 * as a least-recently-used list would need on every hit); a hit in the old
 * one moves the entry to the young one; a full young generation becomes the
 * old one, and the old one's entries not used since are dropped.
 */
export class RecentMap<K, V> {
  private young = new Map<K, V>()
  private old = new Map<K, V>()
  private readonly generation: number

  constructor(limit: number) {
    this.generation = Math.max(1, Math.floor(limit / 2))
  }

  get(key: K): V | undefined {
    const value = this.young.get(key)
    if (value !== undefined) return value
    const kept = this.old.get(key)
    if (kept !== undefined) {
      this.old.delete(key)
      this.remember(key, kept)
    }
    return kept
  }

  set(key: K, value: V): void {
    this.old.delete(key)
    this.remember(key, value)
  }

  private remember(key: K, value: V): void {
    this.young.set(key, value)
    if (this.young.size >= this.generation) {
      this.old = this.young
      this.young = new Map()
    }
  }
}
