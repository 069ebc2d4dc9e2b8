import type { KubeObject } from '../apimachinery/types'
import { SortedKeySet } from './sorted-key-set'

/**
 * The read cache: every live object by key, plus ordered key sets so that a
 * list by prefix touches only the keys it returns. Registry keys look like
 * `/registry/<resource>/<namespace>/<name>` or `/registry/<resource>/<name>`;
 * each key is indexed in
 *   - `all` (every key),
 *   - the bucket of its directory at the 3rd slash (`/registry/pods/`), and
 *   - the bucket of its directory at the 4th slash (`/registry/pods/ns1/`).
 * A prefix with at least four slashes can only match keys of its 4th-slash
 * bucket, one with three only keys of its 3rd-slash bucket; anything shorter
 * seeks in `all`. Inside the chosen set, a list seeks to the prefix and walks
 * while keys still start with it: listing one namespace of 10,000 objects out
 * of 100,000 visits 10,000 keys, never the rest.
 */

/** Position of the n-th '/' (1-based) in s, or -1. */
function nthSlash(s: string, n: number): number {
  let at = -1
  for (let i = 0; i < n; i++) {
    at = s.indexOf('/', at + 1)
    if (at < 0) return -1
  }
  return at
}

export class KeyIndex {
  private readonly objects = new Map<string, KubeObject>()
  private readonly all = new SortedKeySet()
  private readonly buckets = new Map<string, SortedKeySet>()

  /** Number of live objects. */
  get size(): number {
    return this.objects.size
  }

  get(key: string): KubeObject | undefined {
    return this.objects.get(key)
  }

  has(key: string): boolean {
    return this.objects.has(key)
  }

  /** Stores object at key; a new key is added to the ordered indexes. */
  set(key: string, object: KubeObject): void {
    const isNew = !this.objects.has(key)
    this.objects.set(key, object)
    if (!isNew) return
    this.all.add(key)
    for (const dir of this.bucketDirs(key)) {
      let bucket = this.buckets.get(dir)
      if (!bucket) this.buckets.set(dir, (bucket = new SortedKeySet()))
      bucket.add(key)
    }
  }

  /** Removes key; false if absent. Empty buckets are dropped so deleted namespaces cost nothing. */
  delete(key: string): boolean {
    if (!this.objects.delete(key)) return false
    this.all.delete(key)
    for (const dir of this.bucketDirs(key)) {
      const bucket = this.buckets.get(dir)
      if (bucket && bucket.delete(key) && bucket.size === 0) this.buckets.delete(dir)
    }
    return true
  }

  /** Objects whose key starts with prefix, in key order. */
  list(prefix: string): KubeObject[] {
    const out: KubeObject[] = []
    const { set, exact } = this.setFor(prefix)
    if (!set) return out
    const objects = this.objects
    if (exact) {
      set.scan('', (key) => {
        out.push(objects.get(key)!)
      })
    } else {
      set.scan(prefix, (key) => {
        if (!key.startsWith(prefix)) return false
        out.push(objects.get(key)!)
      })
    }
    return out
  }

  /** How many keys start with prefix. */
  count(prefix: string): number {
    const { set, exact } = this.setFor(prefix)
    if (!set) return 0
    if (exact) return set.size
    let n = 0
    set.scan(prefix, (key) => {
      if (!key.startsWith(prefix)) return false
      n++
    })
    return n
  }

  /** The directories (3rd- and 4th-slash prefixes) a key is indexed under. */
  private bucketDirs(key: string): string[] {
    const dirs: string[] = []
    const s3 = nthSlash(key, 3)
    if (s3 < 0) return dirs
    dirs.push(key.slice(0, s3 + 1))
    const s4 = key.indexOf('/', s3 + 1)
    if (s4 >= 0) dirs.push(key.slice(0, s4 + 1))
    return dirs
  }

  /** The smallest ordered set that holds every key starting with prefix; exact when the set is exactly those keys. */
  private setFor(prefix: string): { set: SortedKeySet | undefined; exact: boolean } {
    if (prefix === '') return { set: this.all, exact: true }
    const s3 = nthSlash(prefix, 3)
    if (s3 < 0) return { set: this.all, exact: false }
    const s4 = prefix.indexOf('/', s3 + 1)
    const dir = s4 < 0 ? prefix.slice(0, s3 + 1) : prefix.slice(0, s4 + 1)
    return { set: this.buckets.get(dir), exact: dir === prefix }
  }
}
