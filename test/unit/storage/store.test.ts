import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore, StorageError, type KubeStore } from '../../../main/cluster/storage/index'
import { isDeepFrozen, pod, podKey } from './helpers'

let store: KubeStore

beforeEach(async () => {
  store = await openStore({})
})

afterEach(async () => {
  await store.close()
})

async function rejection(promise: Promise<unknown>): Promise<StorageError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(StorageError)
  return error as StorageError
}

describe('create / get / update / delete', () => {
  it('stores a copy with resourceVersion = revision and serves it from memory', async () => {
    const input = pod('ns1', 'web')
    const created = await store.create(podKey('ns1', 'web'), input)
    expect(created.metadata.resourceVersion).toBe('1')
    expect(store.revision).toBe(1)
    expect(created).toEqual({ ...input, metadata: { ...input.metadata, resourceVersion: '1' } })
    // A copy: the caller's object is untouched and later changes to it do not leak in.
    expect(input.metadata.resourceVersion).toBeUndefined()
    ;(input.metadata.labels as Record<string, string>).app = 'changed'
    expect(store.get(podKey('ns1', 'web'))!.metadata.labels).toEqual({ app: 'web' })
    // Shared, not cloned on read.
    expect(store.get(podKey('ns1', 'web'))).toBe(created)
    expect(store.list('/registry/pods/').items[0]).toBe(created)
  })

  it('hands out deep-frozen objects', async () => {
    const created = await store.create(podKey('ns1', 'web'), pod('ns1', 'web'))
    expect(isDeepFrozen(created)).toBe(true)
    expect(isDeepFrozen(store.get(podKey('ns1', 'web')))).toBe(true)
    expect(() => {
      ;(created.metadata as { name: string }).name = 'x'
    }).toThrow(TypeError)
    const updated = await store.update(podKey('ns1', 'web'), { ...created, spec: { replicas: 2 } })
    expect(isDeepFrozen(updated)).toBe(true)
    const deleted = await store.delete(podKey('ns1', 'web'))
    expect(isDeepFrozen(deleted)).toBe(true)
  })

  it('stores exactly what a JSON round trip gives, also for values JSON transforms', async () => {
    const plain = await store.create(podKey('ns1', 'zero'), { ...pod('ns1', 'zero'), z: -0 })
    expect(Object.is(plain.z, 0)).toBe(true)
    const odd = { ...pod('ns1', 'odd'), when: new Date(0), gone: undefined, list: [1, undefined], nan: Number.NaN }
    const created = await store.create(podKey('ns1', 'odd'), odd as never)
    expect(created).toEqual(JSON.parse(JSON.stringify({ ...odd, metadata: { ...odd.metadata, resourceVersion: '2' } })))
    expect(created.when).toBe('1970-01-01T00:00:00.000Z')
    expect(isDeepFrozen(created)).toBe(true)
  })

  it('an object JSON cannot encode is refused before it takes a revision', async () => {
    const circular = pod('ns1', 'loop') as Record<string, unknown>
    circular.self = circular
    await expect(store.create(podKey('ns1', 'loop'), circular as never)).rejects.toThrow(TypeError)
    expect(store.revision).toBe(0)
    expect(store.get(podKey('ns1', 'loop'))).toBeUndefined()
    const next = await store.create(podKey('ns1', 'ok'), pod('ns1', 'ok'))
    expect(next.metadata.resourceVersion).toBe('1')
  })

  it('every write takes the next revision, strictly increasing, matching resourceVersion', async () => {
    const k = podKey('ns1', 'a')
    const revisions: number[] = []
    const a = await store.create(k, pod('ns1', 'a'))
    revisions.push(Number(a.metadata.resourceVersion))
    const b = await store.create(podKey('ns1', 'b'), pod('ns1', 'b'))
    revisions.push(Number(b.metadata.resourceVersion))
    const a2 = await store.update(k, { ...a, spec: { x: 1 } })
    revisions.push(Number(a2.metadata.resourceVersion))
    const gone = await store.delete(k)
    revisions.push(Number(gone.metadata.resourceVersion))
    expect(revisions).toEqual([1, 2, 3, 4])
    expect(store.revision).toBe(4)
  })

  it('concurrent writers are serialized in call order', async () => {
    const writes = Array.from({ length: 50 }, (_, i) => store.create(podKey('ns1', `p${i}`), pod('ns1', `p${i}`)))
    const results = await Promise.all(writes)
    expect(results.map((o) => Number(o.metadata.resourceVersion))).toEqual(Array.from({ length: 50 }, (_, i) => i + 1))
  })

  it('create of an existing key fails with KeyExists and takes no revision', async () => {
    await store.create(podKey('ns1', 'a'), pod('ns1', 'a'))
    const error = await rejection(store.create(podKey('ns1', 'a'), pod('ns1', 'a')))
    expect(error.code).toBe('KeyExists')
    expect(error.key).toBe(podKey('ns1', 'a'))
    expect(store.revision).toBe(1)
  })

  it('update and delete of a missing key fail with KeyNotFound', async () => {
    expect((await rejection(store.update(podKey('ns1', 'nope'), pod('ns1', 'nope')))).code).toBe('KeyNotFound')
    expect((await rejection(store.delete(podKey('ns1', 'nope')))).code).toBe('KeyNotFound')
    expect(store.revision).toBe(0)
  })

  it('update honours resourceVersion and uid preconditions', async () => {
    const k = podKey('ns1', 'a')
    const v1 = await store.create(k, pod('ns1', 'a'))
    const v2 = await store.update(k, { ...v1, spec: { n: 2 } }, { resourceVersion: '1', uid: 'uid-ns1-a' })
    expect(v2.metadata.resourceVersion).toBe('2')
    const stale = await rejection(store.update(k, { ...v1, spec: { n: 3 } }, { resourceVersion: '1' }))
    expect(stale.code).toBe('Conflict')
    expect(stale.message).toContain('ResourceVersion in precondition: 1')
    const wrongUid = await rejection(store.update(k, { ...v1, spec: { n: 3 } }, { uid: 'other' }))
    expect(wrongUid.code).toBe('Conflict')
    expect(wrongUid.message).toContain('UID in precondition: other')
    expect(store.get(k)).toBe(v2)
    expect(store.revision).toBe(2)
  })

  it('delete honours preconditions and returns the last state at the deletion revision', async () => {
    const k = podKey('ns1', 'a')
    const v1 = await store.create(k, pod('ns1', 'a'))
    expect((await rejection(store.delete(k, { resourceVersion: '7' }))).code).toBe('Conflict')
    expect((await rejection(store.delete(k, { uid: 'x' }))).code).toBe('Conflict')
    const gone = await store.delete(k, { resourceVersion: '1', uid: 'uid-ns1-a' })
    expect(gone).toEqual({ ...v1, metadata: { ...v1.metadata, resourceVersion: '2' } })
    expect(store.get(k)).toBeUndefined()
    expect(store.revision).toBe(2)
  })

  it('a write is visible to reads at once, before it is acknowledged', async () => {
    const pending = store.create(podKey('ns1', 'a'), pod('ns1', 'a'))
    expect(store.get(podKey('ns1', 'a'))!.metadata.resourceVersion).toBe('1')
    expect(store.list('/registry/pods/ns1/').revision).toBe(1)
    await pending
  })

  it('rejects writes after close with Closed', async () => {
    await store.close()
    expect((await rejection(store.create(podKey('ns1', 'a'), pod('ns1', 'a')))).code).toBe('Closed')
    expect(() => store.get('/x')).toThrow(StorageError)
    store = await openStore({}) // for afterEach
  })

  it('close flushes pending writes', async () => {
    const writes = Array.from({ length: 20 }, (_, i) => store.create(podKey('ns1', `p${i}`), pod('ns1', `p${i}`)))
    await store.close()
    await expect(Promise.all(writes)).resolves.toHaveLength(20)
    store = await openStore({})
  })
})

describe('list and count', () => {
  beforeEach(async () => {
    const keys = [
      podKey('b', 'z'),
      podKey('a', 'y'),
      podKey('ab', 'x'),
      podKey('a', 'b'),
      '/registry/nodes/n2',
      '/registry/nodes/n1',
      '/registry/deployments.apps/a/d1',
      podKey('a', 'b-2')
    ]
    for (const k of keys) await store.create(k, { metadata: { name: k } })
  })

  it('returns objects in key order with the revision they reflect', () => {
    const all = store.list('')
    expect(all.revision).toBe(8)
    const keys = all.items.map((o) => o.metadata.name)
    expect(keys).toEqual([...keys].sort())
    expect(keys).toHaveLength(8)
    expect(store.list('/registry/pods/').items.map((o) => o.metadata.name)).toEqual([
      podKey('a', 'b'),
      podKey('a', 'b-2'),
      podKey('a', 'y'),
      podKey('ab', 'x'),
      podKey('b', 'z')
    ])
  })

  it('a namespace prefix does not match a longer namespace', () => {
    expect(store.list('/registry/pods/a/').items.map((o) => o.metadata.name)).toEqual([podKey('a', 'b'), podKey('a', 'b-2'), podKey('a', 'y')])
    expect(store.count('/registry/pods/a/')).toBe(3)
    expect(store.list('/registry/pods/ab/').items).toHaveLength(1)
  })

  it('serves prefixes at every depth', () => {
    expect(store.list('/registry/pods/a/b').items.map((o) => o.metadata.name)).toEqual([podKey('a', 'b'), podKey('a', 'b-2')])
    expect(store.list('/registry/pods/a').items).toHaveLength(4) // a/ and ab/
    expect(store.count('/registry/pods/a')).toBe(4)
    expect(store.list('/registry/no').items.map((o) => o.metadata.name)).toEqual(['/registry/nodes/n1', '/registry/nodes/n2'])
    expect(store.list('/registry/nodes/').items).toHaveLength(2)
    expect(store.count('/registry/')).toBe(8)
    expect(store.list('/registry/pods/zz/').items).toEqual([])
    expect(store.count('/registry/secrets/')).toBe(0)
    expect(store.list(podKey('a', 'y')).items).toHaveLength(1)
  })

  it('reflects deletes', async () => {
    await store.delete(podKey('a', 'b'))
    await store.delete(podKey('a', 'b-2'))
    await store.delete(podKey('a', 'y'))
    expect(store.list('/registry/pods/a/').items).toEqual([])
    expect(store.count('/registry/pods/')).toBe(2)
    expect(store.list('').revision).toBe(11)
  })
})
