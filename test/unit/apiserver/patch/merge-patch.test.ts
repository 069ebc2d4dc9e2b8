import { describe, expect, it } from 'vitest'
import { PatchError } from '../../../../main/cluster/apiserver/patch/errors'
import { applyMergePatch } from '../../../../main/cluster/apiserver/patch/merge-patch'

function failure(fn: () => unknown): PatchError {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(PatchError)
    return e as PatchError
  }
  throw new Error('expected a PatchError')
}

// RFC 7386 Appendix A; the last two rows are where evanphx/json-patch (and so Kubernetes) rejects the patch.
const rfcCases: Array<[original: unknown, patch: unknown, result: unknown]> = [
  [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
  [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
  [{ a: 'b' }, { a: null }, {}],
  [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
  [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
  [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
  [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
  [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
  [['a', 'b'], ['c', 'd'], ['c', 'd']],
  [{ a: 'b' }, ['c'], ['c']],
  [{ e: null }, { a: 1 }, { e: null, a: 1 }],
  [[1, 2], { a: 'b', c: null }, { a: 'b' }],
  [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }]
]

describe('merge patch: RFC 7386 appendix A', () => {
  it.each(rfcCases.map((c, i) => [i + 1, ...c] as const))('example %i', (_, original, patch, result) => {
    expect(applyMergePatch(original, patch)).toEqual(result)
  })

  it('example 11: a null patch is "Invalid JSON Patch" (400), not a null result', () => {
    const e = failure(() => applyMergePatch({ a: 'foo' }, null))
    expect(e.message).toBe('Invalid JSON Patch')
    expect(e.kind).toBe('BadRequest')
  })

  it('example 12: a scalar patch is "Invalid JSON Patch" (400)', () => {
    expect(failure(() => applyMergePatch({ a: 'foo' }, 'bar')).message).toBe('Invalid JSON Patch')
  })
})

describe('merge patch: evanphx/json-patch v4 behaviour', () => {
  it('a null document is "Invalid JSON Document"', () => {
    expect(failure(() => applyMergePatch(null, { a: 1 })).message).toBe('Invalid JSON Document')
  })

  it('prunes nulls inside values added where there was nothing, arrays included', () => {
    expect(applyMergePatch({}, { a: [{ b: null, c: 1 }, null] })).toEqual({ a: [{ c: 1 }, null] })
    expect(applyMergePatch({ a: null }, { a: { b: null, c: 1 } })).toEqual({ a: { c: 1 } })
  })

  it('keeps nulls when a non-object replaces an object', () => {
    expect(applyMergePatch({ a: { x: 1 } }, { a: [{ b: null }] })).toEqual({ a: [{ b: null }] })
  })

  it('kubectl label / annotate: add and remove keys', () => {
    const live = { metadata: { name: 'web', labels: { app: 'web', tier: 'frontend' } } }
    expect(applyMergePatch(live, { metadata: { labels: { env: 'prod', tier: null } } })).toEqual({
      metadata: { name: 'web', labels: { app: 'web', env: 'prod' } }
    })
    expect(live.metadata.labels).toEqual({ app: 'web', tier: 'frontend' })
  })

  it('kubectl scale: spec.replicas', () => {
    expect(applyMergePatch({ spec: { replicas: 1 }, status: { replicas: 1 } }, { spec: { replicas: 3 } })).toEqual({
      spec: { replicas: 3 },
      status: { replicas: 1 }
    })
  })

  it('lists are replaced whole (containers)', () => {
    const live = { spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }] } }
    expect(applyMergePatch(live, { spec: { containers: [{ name: 'b', image: 'z' }] } })).toEqual({
      spec: { containers: [{ name: 'b', image: 'z' }] }
    })
  })
})
