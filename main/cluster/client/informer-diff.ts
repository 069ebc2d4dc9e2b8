import type { Indexer } from './indexer'
import { metaOf, objectKey, type ObjectWithMeta } from './indexer-keys'

/** What a fresh list changes in a cache. */
export interface ListDiff<T extends ObjectWithMeta> {
  /** In the list, not in the cache. */
  added: T[]
  /** In both, with a different resourceVersion: [cached, listed]. */
  updated: Array<[T, T]>
  /** In the cache, not in the list (their last cached state). */
  deleted: T[]
}

/**
 * Compares a cache with a fresh list, as a re-list after 410 Expired must: the
 * changes missed while the watch was gone become adds, updates and deletes.
 * Objects with an unchanged resourceVersion are left out: nothing happened to
 * them, and level-triggered controllers have resync for periodic re-checks.
 */
export function diffList<T extends ObjectWithMeta>(cache: Indexer<T>, items: T[]): ListDiff<T> {
  const diff: ListDiff<T> = { added: [], updated: [], deleted: [] }
  const listed = new Set<string>()
  for (const obj of items) {
    const key = objectKey(obj)
    listed.add(key)
    const old = cache.get(key)
    if (!old) diff.added.push(obj)
    else if (metaOf(old).resourceVersion !== metaOf(obj).resourceVersion || metaOf(old).uid !== metaOf(obj).uid) {
      diff.updated.push([old, obj])
    }
  }
  for (const key of cache.keys()) {
    if (!listed.has(key)) diff.deleted.push(cache.get(key)!)
  }
  return diff
}
