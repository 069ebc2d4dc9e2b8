import { describe, expect, it } from 'vitest'
import { KeyIndex } from '../../../main/cluster/storage/key-index'
import { SortedKeySet } from '../../../main/cluster/storage/sorted-key-set'
import { random } from './helpers'

describe('SortedKeySet', () => {
  it('matches a sorted array under random adds and deletes (chunks split and empty)', () => {
    const rand = random(7)
    const set = new SortedKeySet()
    const model = new Set<string>()
    for (let i = 0; i < 20_000; i++) {
      const key = `k${Math.floor(rand() * 3_000)
        .toString()
        .padStart(4, '0')}`
      if (rand() < 0.6) {
        expect(set.add(key)).toBe(!model.has(key))
        model.add(key)
      } else {
        expect(set.delete(key)).toBe(model.delete(key))
      }
    }
    const sorted = [...model].sort()
    expect(set.size).toBe(model.size)
    expect(set.keys()).toEqual(sorted)
    for (const k of ['k0000', 'k1500', 'k2999', 'k9999']) expect(set.has(k)).toBe(model.has(k))
    const from: string[] = []
    set.scan('k15', (k) => {
      if (from.length === 10) return false
      from.push(k)
    })
    expect(from).toEqual(sorted.filter((k) => k >= 'k15').slice(0, 10))
  })

  it('scans from a key past the end, and on an empty set', () => {
    const set = new SortedKeySet()
    set.scan('a', () => {
      throw new Error('no keys')
    })
    set.add('b')
    const seen: string[] = []
    set.scan('c', (k) => void seen.push(k))
    expect(seen).toEqual([])
  })
})

describe('KeyIndex', () => {
  it('lists any prefix in key order, like a filter over all keys', () => {
    const rand = random(3)
    const index = new KeyIndex()
    const model = new Map<string, { metadata: { name: string } }>()
    const resources = ['pods', 'services', 'nodes', 'deployments.apps']
    for (let i = 0; i < 5_000; i++) {
      const r = resources[Math.floor(rand() * resources.length)]
      const key = r === 'nodes' ? `/registry/nodes/n${Math.floor(rand() * 50)}` : `/registry/${r}/ns${Math.floor(rand() * 12)}/o${Math.floor(rand() * 40)}`
      if (rand() < 0.7) {
        const object = { metadata: { name: key } }
        index.set(key, object)
        model.set(key, object)
      } else {
        expect(index.delete(key)).toBe(model.delete(key))
      }
    }
    const all = [...model.keys()].sort()
    const prefixes = ['', '/', '/registry/', '/registry/p', '/registry/pods/', '/registry/pods/ns1/', '/registry/pods/ns1', '/registry/pods/ns11/o', '/registry/nodes/', '/registry/nodes/n1', '/registry/pods/ns1/o3', '/zzz', '/registry/pods/ns1/o3/deeper']
    for (const prefix of prefixes) {
      const expected = all.filter((k) => k.startsWith(prefix))
      expect(index.list(prefix).map((o) => o.metadata.name)).toEqual(expected)
      expect(index.count(prefix)).toBe(expected.length)
    }
    expect(index.size).toBe(model.size)
  })

  it('indexes keys with fewer segments and keys ending in a slash', () => {
    const index = new KeyIndex()
    for (const key of ['/a', '/registry/x', '/registry/pods/ns/', '/registry/pods/ns/p', 'plain']) index.set(key, { metadata: { name: key } })
    expect(index.list('/registry/pods/ns/').map((o) => o.metadata.name)).toEqual(['/registry/pods/ns/', '/registry/pods/ns/p'])
    expect(index.list('/registry/').map((o) => o.metadata.name)).toEqual(['/registry/pods/ns/', '/registry/pods/ns/p', '/registry/x'])
    expect(index.list('').map((o) => o.metadata.name)).toEqual(['/a', '/registry/pods/ns/', '/registry/pods/ns/p', '/registry/x', 'plain'])
    expect(index.delete('/registry/pods/ns/')).toBe(true)
    expect(index.count('/registry/pods/ns/')).toBe(1)
  })
})
