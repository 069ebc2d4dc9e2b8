import { describe, expect, it } from 'vitest'
import type { KubeObject } from '../../../main/cluster/apimachinery/types'
import { Indexer } from '../../../main/cluster/client/indexer'
import { IndexNames, defaultIndexers, labelIndex, labelIndexValue } from '../../../main/cluster/client/indexer-builtins'
import { keyOf, objectKey, splitKey } from '../../../main/cluster/client/indexer-keys'
import { pod } from './fake-resource-client'

const names = (objs: { metadata?: { name?: string } }[]) => objs.map((o) => o.metadata?.name).sort()

describe('cache keys', () => {
  it('are namespace/name, or name for cluster-scoped objects', () => {
    expect(objectKey(pod('default', 'web-0'))).toBe('default/web-0')
    expect(objectKey({ metadata: { name: 'node-1' } })).toBe('node-1')
    expect(keyOf(undefined, 'node-1')).toBe('node-1')
    expect(splitKey('default/web-0')).toEqual({ namespace: 'default', name: 'web-0' })
    expect(splitKey('node-1')).toEqual({ namespace: '', name: 'node-1' })
  })
})

describe('Indexer', () => {
  function filled() {
    const indexer = new Indexer<KubeObject>(defaultIndexers())
    indexer.upsert(pod('a', 'p1', { labels: { app: 'web', tier: 'fe' }, nodeName: 'n1', owner: { kind: 'ReplicaSet', name: 'rs', uid: 'u-rs' } }))
    indexer.upsert(pod('a', 'p2', { labels: { app: 'web' }, nodeName: 'n2', owner: { kind: 'ReplicaSet', name: 'rs', uid: 'u-rs' } }))
    indexer.upsert(pod('b', 'p3', { labels: { app: 'db' }, nodeName: 'n1' }))
    indexer.upsert(pod('b', 'p4'))
    return indexer
  }

  it('answers the built-in indexes', () => {
    const indexer = filled()
    expect(names(indexer.byIndex(IndexNames.namespace, 'a'))).toEqual(['p1', 'p2'])
    expect(names(indexer.byIndex(IndexNames.label, labelIndexValue('app', 'web')))).toEqual(['p1', 'p2'])
    expect(names(indexer.byIndex(IndexNames.label, 'tier=fe'))).toEqual(['p1'])
    expect(names(indexer.byIndex(IndexNames.nodeName, 'n1'))).toEqual(['p1', 'p3'])
    expect(names(indexer.byIndex(IndexNames.ownerUid, 'u-rs'))).toEqual(['p1', 'p2'])
    expect(indexer.byIndex(IndexNames.nodeName, 'n9')).toEqual([])
    expect(indexer.indexKeys(IndexNames.namespace, 'b').sort()).toEqual(['b/p3', 'b/p4'])
  })

  it('moves index entries when an object changes, and drops them when it goes', () => {
    const indexer = filled()
    const old = indexer.upsert(pod('a', 'p1', { labels: { app: 'api' }, nodeName: 'n2' }))
    expect(old?.metadata.labels).toEqual({ app: 'web', tier: 'fe' })
    expect(names(indexer.byIndex(IndexNames.nodeName, 'n1'))).toEqual(['p3'])
    expect(names(indexer.byIndex(IndexNames.nodeName, 'n2'))).toEqual(['p1', 'p2'])
    expect(indexer.indexValues(IndexNames.label).sort()).toEqual(['app=api', 'app=db', 'app=web'])
    indexer.delete('a/p2')
    expect(names(indexer.byIndex(IndexNames.ownerUid, 'u-rs'))).toEqual([])
    expect(indexer.get('a/p2')).toBeUndefined()
    expect(indexer.size).toBe(3)
  })

  it('indexes existing objects when an index is added, and rejects unknown or duplicate names', () => {
    const indexer = filled()
    indexer.addIndexers({ name: (o) => [o.metadata.name!] })
    expect(names(indexer.byIndex('name', 'p4'))).toEqual(['p4'])
    expect(() => indexer.addIndexers({ name: () => [] })).toThrow(/already exists/)
    expect(() => indexer.byIndex('nope', 'x')).toThrow(/does not exist/)
  })

  it('indexes labels as key=value, from one computation per stored (frozen) label set', () => {
    const labels = Object.freeze({ app: 'web', tier: 'fe' })
    const a = { ...pod('ns', 'a'), metadata: { namespace: 'ns', name: 'a', labels } } as KubeObject
    const b = { ...pod('ns', 'a'), metadata: { namespace: 'ns', name: 'a', labels } } as KubeObject
    expect(labelIndex(a)).toEqual(['app=web', 'tier=fe'])
    expect(labelIndex(b)).toBe(labelIndex(a))
    const loose = { ...pod('ns', 'c'), metadata: { namespace: 'ns', name: 'c', labels: { app: 'web' } } } as KubeObject
    expect(labelIndex(loose)).toEqual(['app=web'])
    expect(labelIndex(pod('ns', 'd'))).toEqual([])
    const indexer = new Indexer(defaultIndexers())
    indexer.upsert(a)
    indexer.upsert({ ...a, metadata: { ...a.metadata, labels: Object.freeze({ app: 'api' }) } } as KubeObject)
    expect(indexer.byIndex(IndexNames.label, labelIndexValue('app', 'web'))).toEqual([])
    expect(indexer.byIndex(IndexNames.label, labelIndexValue('app', 'api'))).toHaveLength(1)
    expect(labelIndex(a)).toEqual(['app=web', 'tier=fe'])
  })

  it('keeps an index added later up to date as objects change and go; a value listed twice counts once', () => {
    const indexer = filled()
    indexer.addIndexers({ twice: (o) => [o.metadata.namespace!, o.metadata.namespace!, `node=${(o as { spec?: { nodeName?: string } }).spec?.nodeName ?? ''}`] })
    expect(indexer.indexKeys('twice', 'a').sort()).toEqual(['a/p1', 'a/p2'])
    indexer.upsert(pod('a', 'p1', { nodeName: 'n3' }))
    expect(indexer.indexKeys('twice', 'node=n1')).toEqual(['b/p3'])
    expect(indexer.indexKeys('twice', 'node=n3')).toEqual(['a/p1'])
    indexer.delete('a/p1')
    indexer.delete('b/p3')
    expect(indexer.indexValues('twice').sort()).toEqual(['a', 'b', 'node=', 'node=n2'])
    expect(indexer.indexValues(IndexNames.nodeName)).toEqual(['n2'])
  })
})
