/**
 * A binary heap addressable by key (client-go's heap used by the scheduling
 * queue): push, pop the least, and update or delete any item by key, each in
 * O(log n).
 */
export class KeyedHeap<T> {
  private readonly items: T[] = []
  private readonly index = new Map<string, number>()

  constructor(
    private readonly keyOf: (item: T) => string,
    /** Whether a goes before b. */
    private readonly less: (a: T, b: T) => boolean
  ) {}

/** How many items. */
  get size(): number {
    return this.items.length
  }

/** Whether an item has that key. */
  has(key: string): boolean {
    return this.index.has(key)
  }

/** The item with that key. */
  get(key: string): T | undefined {
    const i = this.index.get(key)
    return i === undefined ? undefined : this.items[i]
  }

/** The least item, left in place. */
  peek(): T | undefined {
    return this.items[0]
  }

  /** Adds the item, or replaces the item with the same key and restores the order. */
  push(item: T): void {
    const key = this.keyOf(item)
    const at = this.index.get(key)
    if (at !== undefined) {
      this.items[at] = item
      this.fix(at)
      return
    }
    this.items.push(item)
    this.index.set(key, this.items.length - 1)
    this.up(this.items.length - 1)
  }

/** Removes and returns the least item. */
  pop(): T | undefined {
    if (this.items.length === 0) return undefined
    return this.removeAt(0)
  }

/** Removes the item with that key. */
  delete(key: string): T | undefined {
    const i = this.index.get(key)
    return i === undefined ? undefined : this.removeAt(i)
  }

/** Every item, in no particular order. */
  values(): T[] {
    return [...this.items]
  }

  private removeAt(i: number): T {
    const item = this.items[i]
    const last = this.items.pop()!
    this.index.delete(this.keyOf(item))
    if (i < this.items.length) {
      this.items[i] = last
      this.index.set(this.keyOf(last), i)
      this.fix(i)
    }
    return item
  }

  private fix(i: number): void {
    if (!this.up(i)) this.down(i)
  }

  private up(i: number): boolean {
    let moved = false
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!this.less(this.items[i], this.items[parent])) break
      this.swap(i, parent)
      i = parent
      moved = true
    }
    return moved
  }

  private down(i: number): void {
    const n = this.items.length
    for (;;) {
      const l = 2 * i + 1
      if (l >= n) return
      const r = l + 1
      const c = r < n && this.less(this.items[r], this.items[l]) ? r : l
      if (!this.less(this.items[c], this.items[i])) return
      this.swap(i, c)
      i = c
    }
  }

  private swap(a: number, b: number): void {
    const t = this.items[a]
    this.items[a] = this.items[b]
    this.items[b] = t
    this.index.set(this.keyOf(this.items[a]), a)
    this.index.set(this.keyOf(this.items[b]), b)
  }
}
