import { describe, expect, it } from 'vitest'
import type { PodTemplateSpec } from 'kubernetes-types/core/v1'
import { canonicalJSON, computeHash, fnv32a, safeEncodeString } from '../../../main/cluster/controllers/deployment/hash'

const encode = (s: string) => new TextEncoder().encode(s)

const template: PodTemplateSpec = {
  metadata: { labels: { app: 'web' } },
  spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] }
}

describe('pod-template-hash', () => {
  it('is FNV-1a, 32 bits (the reference vectors)', () => {
    expect(fnv32a(encode(''))).toBe(0x811c9dc5)
    expect(fnv32a(encode('a'))).toBe(0xe40c292c)
    expect(fnv32a(encode('foobar'))).toBe(0xbf9cf968)
  })

  it('continues a running hash as Go hashes successive writes', () => {
    expect(fnv32a(encode('bar'), fnv32a(encode('foo')))).toBe(fnv32a(encode('foobar')))
  })

  it('renders digits with the safe alphabet, as rand.SafeEncodeString does', () => {
    expect(safeEncodeString('0123456789')).toBe('456789bcdf')
    expect(safeEncodeString('1234567890')).toBe('56789bcdf4')
  })

  it('is deterministic and reads like a Kubernetes hash', () => {
    const hash = computeHash(template)
    expect(hash).toBe(computeHash(structuredClone(template)))
    expect(hash).toMatch(/^[4-9bcdf]{1,10}$/)
  })

  it('ignores key order and empty lists or maps, which the API drops', () => {
    const reordered: PodTemplateSpec = {
      spec: { volumes: [], containers: [{ image: 'nginx:1.27', name: 'app', env: [] }] },
      metadata: { annotations: {}, labels: { app: 'web' } }
    }
    expect(canonicalJSON(reordered)).toBe(canonicalJSON(template))
    expect(computeHash(reordered)).toBe(computeHash(template))
  })

  it('changes with the template and with the collision count', () => {
    const other = structuredClone(template)
    other.spec!.containers[0].image = 'nginx:1.28'
    expect(computeHash(other)).not.toBe(computeHash(template))
    expect(computeHash(template, 1)).not.toBe(computeHash(template))
    expect(computeHash(template, 1)).not.toBe(computeHash(template, 2))
    // A collision count of zero is still written (Go's pointer is set), so it differs from none.
    expect(computeHash(template, 0)).not.toBe(computeHash(template))
  })
})
