import type { KubeObject } from '../apimachinery/types'
import { objectKey, type ObjectWithMeta } from './indexer-keys'

/**
 * Maps an object to the index values it is found under (none, one, or
 * many). The indexer may keep the list it returns: a new one, or one that
 * is never changed afterwards (the built-in indexes share theirs).
 */
export type IndexFunc<T extends ObjectWithMeta = KubeObject> = (obj: T) => string[]

/**
 * An informer's local cache: objects by key, plus secondary indexes kept up
 * to date on every change (client-go's cache.Indexer). Index values of an
 * object are remembered, so an update removes exactly the entries the old
 * version created, without recomputing them from a possibly mutated object.
 */
export class Indexer<T extends ObjectWithMeta = KubeObject> {
  private readonly items = new Map<string, T>()
  private readonly indexers = new Map<string, IndexFunc<T>>()
  /** index name -> index value -> keys. */
  private readonly indices = new Map<string, Map<string, Set<string>>>()
  /**
   * key -> the values the stored object was indexed under, by index in the
   * order the indexes were added (indexes are never removed). A list per
   * object rather than a Map: an informer of 100,000 pods kept 100,000 Maps
   * of three to five entries, some 200 bytes each.
   */
  private readonly indexed = new Map<string, Array<readonly string[]>>()

  constructor(indexers: Record<string, IndexFunc<T>> = {}) {
    this.addIndexers(indexers)
  }

  /** Adds indexes; objects already cached are indexed at once. A name already in use is an error. */
  addIndexers(indexers: Record<string, IndexFunc<T>>): void {
    for (const [name, fn] of Object.entries(indexers)) {
      if (this.indexers.has(name)) throw new Error(`indexer "${name}" already exists`)
      this.indexers.set(name, fn)
      this.indices.set(name, new Map())
      const position = this.indexers.size - 1
      for (const [key, obj] of this.items) this.indexOne(key, name, position, fn(obj))
    }
  }

  /** Whether an index of that name exists. */
  hasIndex(name: string): boolean {
    return this.indexers.has(name)
  }

  /** Adds or replaces the object under its key; returns the previous version. */
  upsert(obj: T): T | undefined {
    const key = objectKey(obj)
    const old = this.items.get(key)
    this.items.set(key, obj)
    const byPosition = old ? this.indexed.get(key) : undefined
    let position = 0
    for (const [name, fn] of this.indexers) {
      const values = fn(obj)
      const before = byPosition?.[position]
      // Most updates (a pod's status) leave every index value as it was: nothing to move.
      if (!(before && sameValues(before, values))) {
        if (before) this.unindexOne(key, name, before)
        this.indexOne(key, name, position, values)
      }
      position++
    }
    return old
  }

  /** Removes the object with that key; returns it. */
  delete(key: string): T | undefined {
    const old = this.items.get(key)
    if (!old) return undefined
    this.unindex(key)
    this.items.delete(key)
    return old
  }

  /** The object with that key. */
  get(key: string): T | undefined {
    return this.items.get(key)
  }

  /** Every cached object. */
  list(): T[] {
    return [...this.items.values()]
  }

  /** Every cached key. */
  keys(): string[] {
    return [...this.items.keys()]
  }

  /** How many objects are cached. */
  get size(): number {
    return this.items.size
  }

  /** The objects indexed under value in the named index. Throws for an unknown index, as a typo should fail loudly. */
  byIndex(indexName: string, value: string): T[] {
    const index = this.indices.get(indexName)
    if (!index) throw new Error(`index "${indexName}" does not exist`)
    const out: T[] = []
    for (const key of index.get(value) ?? []) out.push(this.items.get(key)!)
    return out
  }

  /** The keys indexed under value in the named index. */
  indexKeys(indexName: string, value: string): string[] {
    const index = this.indices.get(indexName)
    if (!index) throw new Error(`index "${indexName}" does not exist`)
    return [...(index.get(value) ?? [])]
  }

  /** The values present in the named index. */
  indexValues(indexName: string): string[] {
    const index = this.indices.get(indexName)
    if (!index) throw new Error(`index "${indexName}" does not exist`)
    return [...index.keys()]
  }

  private indexOne(key: string, name: string, position: number, values: string[]): void {
    const index = this.indices.get(name)!
    const unique = values.length === 0 ? noValues : distinct(values) ? values : [...new Set(values)]
    for (const value of unique) {
      let keys = index.get(value)
      if (!keys) index.set(value, (keys = new Set()))
      keys.add(key)
    }
    let byPosition = this.indexed.get(key)
    if (!byPosition) this.indexed.set(key, (byPosition = []))
    byPosition[position] = unique
  }

  private unindex(key: string): void {
    const byPosition = this.indexed.get(key)
    if (!byPosition) return
    let position = 0
    for (const name of this.indexers.keys()) {
      const values = byPosition[position++]
      if (values) this.unindexOne(key, name, values)
    }
    this.indexed.delete(key)
  }

  private unindexOne(key: string, name: string, values: readonly string[]): void {
    const index = this.indices.get(name)!
    for (const value of values) {
      const keys = index.get(value)
      keys?.delete(key)
      // Drop empty sets so indexValues() lists only values still in use.
      if (keys?.size === 0) index.delete(value)
    }
  }
}

/** The values of an object found under no value of an index (one list for all). */
const noValues: readonly string[] = Object.freeze([])

/** Whether no value is listed twice (lists of index values are short: a label set is the longest). */
function distinct(values: readonly string[]): boolean {
  if (values.length > 16) return new Set(values).size === values.length
  for (let i = 1; i < values.length; i++) for (let j = 0; j < i; j++) if (values[i] === values[j]) return false
  return true
}

/** Whether an object's new index values are the unique values it was indexed under (same order, as index functions are deterministic). */
function sameValues(indexed: readonly string[], values: readonly string[]): boolean {
  if (indexed.length !== values.length) return false
  for (let i = 0; i < values.length; i++) if (indexed[i] !== values[i]) return false
  return true
}
