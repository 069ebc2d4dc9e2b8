import { describe, expect, it } from 'vitest'
import type { KubeObject } from '../../../main/cluster/apimachinery/types'
import { approximateJsonLength, decodeObject, editableCopy, storedVersion } from '../../../main/cluster/storage/freeze'
import { isDeepFrozen, pod } from './helpers'

/** What a restart would load for this stored object (the log writes JSON.stringify of it). */
function roundTrip(stored: unknown): unknown {
  return JSON.parse(JSON.stringify(stored))
}

describe('storedVersion', () => {
  it('an update built from a stored object shares its unchanged subtrees, and equals what a restart loads', () => {
    const old = storedVersion(pod('ns1', 'web', { status: { phase: 'Pending', conditions: [{ type: 'Ready', status: 'False' }] } }), 1)
    const next = { ...old, status: { ...(old.status as object), phase: 'Running' } } as KubeObject
    const stored = storedVersion(next, 2)

    expect(stored).toEqual(roundTrip(stored))
    expect(isDeepFrozen(stored)).toBe(true)
    expect(stored.spec).toBe(old.spec)
    expect(stored.metadata.labels).toBe(old.metadata.labels)
    expect((stored.status as { conditions: unknown }).conditions).toBe((old.status as { conditions: unknown }).conditions)
    expect(stored.metadata).not.toBe(old.metadata) // new resourceVersion
    expect(stored.metadata.resourceVersion).toBe('2')
    expect(old.metadata.resourceVersion).toBe('1')
  })

  it('objects loaded from disk are shared the same way', () => {
    const loaded = decodeObject(JSON.stringify(pod('ns1', 'web')))
    const stored = storedVersion({ ...loaded, metadata: { ...loaded.metadata, labels: { app: 'other' } } }, 7)
    expect(stored.spec).toBe(loaded.spec)
    expect(stored.metadata.labels).toEqual({ app: 'other' })
  })

  it('copies a frozen subtree that holds something JSON would change, from that point on', () => {
    const spec = Object.freeze({ a: 1, gone: undefined, b: Object.freeze([1, -0]), keep: Object.freeze({ x: 'y' }) })
    const stored = storedVersion({ ...pod('ns1', 'odd'), spec } as KubeObject, 3)
    expect(stored).toEqual(roundTrip(stored))
    expect(stored.spec).not.toBe(spec)
    expect(Object.keys(stored.spec as object)).toEqual(['a', 'b', 'keep'])
    expect(Object.is((stored.spec as { b: number[] }).b[1], 0)).toBe(true)
    expect((stored.spec as { keep: unknown }).keep).toBe(spec.keep)
    expect(isDeepFrozen(stored)).toBe(true)
  })

  it('copies a frozen object whose children are not frozen (a shallow freeze is no promise)', () => {
    const inner = { replicas: 1 }
    const spec = Object.freeze({ template: Object.freeze({ inner }) })
    const stored = storedVersion({ ...pod('ns1', 'shallow'), spec } as KubeObject, 4)
    inner.replicas = 5
    expect(stored).toEqual(roundTrip(stored))
    expect((stored.spec as { template: { inner: { replicas: number } } }).template.inner.replicas).toBe(1)
    expect(stored.spec).not.toBe(spec)
    expect(isDeepFrozen(stored)).toBe(true)
  })

  it('a frozen value JSON transforms (a Date) still falls back to the JSON round trip', () => {
    const spec = Object.freeze({ when: Object.freeze(new Date(0)) })
    const stored = storedVersion({ ...pod('ns1', 'date'), spec } as KubeObject, 5)
    expect(stored).toEqual(roundTrip(stored))
    expect((stored.spec as { when: unknown }).when).toBe('1970-01-01T00:00:00.000Z')
    expect(stored).toEqual(roundTrip({ ...pod('ns1', 'date'), spec, metadata: { ...pod('ns1', 'date').metadata, resourceVersion: '5' } }))
    expect(isDeepFrozen(stored)).toBe(true)
  })

  it('a value JSON cannot encode throws (a cycle: TypeError, as JSON.stringify)', () => {
    const loop = pod('ns1', 'loop') as Record<string, unknown>
    loop.self = loop
    expect(() => storedVersion(loop as KubeObject, 1)).toThrow(TypeError)
    expect(() => storedVersion({ ...pod('ns1', 'big'), n: 1n } as unknown as KubeObject, 1)).toThrow(TypeError)
  })
})

describe('editableCopy', () => {
  /** A stored pod whose spec has a (frozen, not yet remembered) child. */
  function storedPod(): KubeObject {
    return storedVersion(pod('ns1', 'web', { spec: { containers: [{ name: 'main', image: 'nginx:1.27' }], tolerations: [{ key: 'a', operator: 'Exists' }] } }), 1)
  }

  it('an edited copy of a stored spec, frozen, is the new version spec as it is, its unchanged values the stored ones', () => {
    const old = storedPod()
    const spec = editableCopy(old.spec as Record<string, unknown>)
    spec.nodeName = 'node-1'
    Object.freeze(spec)
    const stored = storedVersion({ ...old, metadata: { ...old.metadata }, spec } as KubeObject, 2)
    expect(stored.spec).toBe(spec)
    expect((stored.spec as { containers: unknown }).containers).toBe((old.spec as { containers: unknown }).containers)
    expect(Object.keys(stored.spec as object)).toEqual(['containers', 'tolerations', 'nodeName'])
    expect(stored).toEqual(roundTrip(stored))
    expect(isDeepFrozen(stored)).toBe(true)
  })

  it('values the edit left as they were are taken as stored, unwalked; replaced ones are walked and copied', () => {
    // A part breaking the promise (a frozen child JSON would change: -0) shows what is walked: only the replaced value.
    const odd = Object.freeze([-0])
    const part = Object.freeze({ kept: odd, replaced: Object.freeze({ x: 1 }) })
    const copy = editableCopy(part) as Record<string, unknown>
    copy.replaced = { x: -0 }
    const stored = storedVersion({ ...pod('ns1', 'edit'), spec: copy } as KubeObject, 3)
    expect((stored.spec as { kept: unknown }).kept).toBe(odd)
    expect(Object.is((stored.spec as { replaced: { x: number } }).replaced.x, 0)).toBe(true)
    expect(stored.spec).not.toBe(copy)
    expect(isDeepFrozen(stored)).toBe(true)
  })

  it('a copy is forgotten once a version is written: a later write walks it as any other value', () => {
    const odd = Object.freeze([-0])
    const copy = editableCopy(Object.freeze({ kept: odd })) as Record<string, unknown>
    storedVersion(pod('ns1', 'other'), 4)
    const stored = storedVersion({ ...pod('ns1', 'late'), spec: copy } as KubeObject, 5)
    expect((stored.spec as { kept: unknown }).kept).not.toBe(odd)
    expect(stored).toEqual(roundTrip(stored))
  })

  it('an unfrozen part gets a plain copy, walked as any other value', () => {
    const inner = Object.freeze([-0])
    const copy = editableCopy({ kept: inner }) as Record<string, unknown>
    const stored = storedVersion({ ...pod('ns1', 'plain'), spec: copy } as KubeObject, 6)
    expect((stored.spec as { kept: unknown }).kept).not.toBe(inner)
    expect(stored).toEqual(roundTrip(stored))
  })
})

describe('approximateJsonLength', () => {
  it('is close to the JSON length of pod-like objects', () => {
    for (const object of [pod('ns1', 'web'), pod('ns1', 'x', { data: { big: 'y'.repeat(10_000) }, list: [1, true, null, 'z'] })]) {
      const exact = JSON.stringify(object).length
      expect(approximateJsonLength(object)).toBeGreaterThanOrEqual(exact * 0.9)
      expect(approximateJsonLength(object)).toBeLessThanOrEqual(exact * 1.5)
    }
  })
})
