import { describe, expect, it } from 'vitest'
import type { KubeObject } from '../../../main/cluster/apimachinery/types'
import { decodeObject, encodeObject } from '../../../main/cluster/storage/freeze'
import { isDeepFrozen, pod } from './helpers'

/** What a restart would load for this encoding. */
function roundTrip(json: string): unknown {
  return JSON.parse(json)
}

describe('encodeObject', () => {
  it('an update built from a stored object shares its unchanged subtrees, and equals what a restart loads', () => {
    const { stored: old } = encodeObject(pod('ns1', 'web', { status: { phase: 'Pending', conditions: [{ type: 'Ready', status: 'False' }] } }), 1)
    const next = { ...old, status: { ...(old.status as object), phase: 'Running' } } as KubeObject
    const { json, stored } = encodeObject(next, 2)

    expect(stored).toEqual(roundTrip(json))
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
    const { stored } = encodeObject({ ...loaded, metadata: { ...loaded.metadata, labels: { app: 'other' } } }, 7)
    expect(stored.spec).toBe(loaded.spec)
    expect(stored.metadata.labels).toEqual({ app: 'other' })
  })

  it('copies a frozen subtree that holds something JSON would change, from that point on', () => {
    const spec = Object.freeze({ a: 1, gone: undefined, b: Object.freeze([1, -0]), keep: Object.freeze({ x: 'y' }) })
    const { json, stored } = encodeObject({ ...pod('ns1', 'odd'), spec } as KubeObject, 3)
    expect(stored).toEqual(roundTrip(json))
    expect(stored.spec).not.toBe(spec)
    expect(Object.keys(stored.spec as object)).toEqual(['a', 'b', 'keep'])
    expect(Object.is((stored.spec as { b: number[] }).b[1], 0)).toBe(true)
    expect((stored.spec as { keep: unknown }).keep).toBe(spec.keep)
    expect(isDeepFrozen(stored)).toBe(true)
  })

  it('copies a frozen object whose children are not frozen (a shallow freeze is no promise)', () => {
    const inner = { replicas: 1 }
    const spec = Object.freeze({ template: Object.freeze({ inner }) })
    const { json, stored } = encodeObject({ ...pod('ns1', 'shallow'), spec } as KubeObject, 4)
    inner.replicas = 5
    expect(stored).toEqual(roundTrip(json))
    expect((stored.spec as { template: { inner: { replicas: number } } }).template.inner.replicas).toBe(1)
    expect(stored.spec).not.toBe(spec)
    expect(isDeepFrozen(stored)).toBe(true)
  })

  it('a frozen value JSON transforms (a Date) still falls back to the JSON round trip', () => {
    const spec = Object.freeze({ when: Object.freeze(new Date(0)) })
    const { json, stored } = encodeObject({ ...pod('ns1', 'date'), spec } as KubeObject, 5)
    expect(stored).toEqual(roundTrip(json))
    expect((stored.spec as { when: unknown }).when).toBe('1970-01-01T00:00:00.000Z')
    expect(isDeepFrozen(stored)).toBe(true)
  })
})
