import type { PodTemplateSpec } from 'kubernetes-types/core/v1'

/**
 * The pod-template-hash: the suffix of a Deployment's ReplicaSet names and the
 * value of their `pod-template-hash` label. As ComputeHash in
 * pkg/controller/controller_utils.go: a 32-bit FNV-1a over the template, then
 * the collision count (8 bytes, little-endian) when there is one, and the
 * decimal digits of the sum rendered with the safe encoding alphabet, so the
 * hash reads like Kubernetes' (`5d4f7c9b8`: only 4-9 and b, c, d, f appear).
 *
 * Kubernetes hashes a Go-specific dump of its internal structs (spew with
 * every field of k8s.io/api's PodTemplateSpec, nil pointers included), which
 * changes with each Kubernetes release; we hash the template's canonical JSON
 * instead (keys sorted, empty lists and maps dropped). The value is stable
 * and deterministic for a template, which is what rollouts and rollbacks rely
 * on, though not byte-equal to a given Kubernetes version's.
 */

/** The alphabet of rand.SafeEncodeString: no vowels, no 0/1/3, so hashes never spell words. */
const safeAlphabet = 'bcdfghjklmnpqrstvwxz2456789'

/** rand.SafeEncodeString: each character replaced by the alphabet entry its code selects. */
export function safeEncodeString(s: string): string {
  let out = ''
  for (const ch of s) out += safeAlphabet[ch.codePointAt(0)! % safeAlphabet.length]
  return out
}

/** hash/fnv New32a over bytes, continuing from `seed` (the offset basis when omitted). */
export function fnv32a(bytes: Uint8Array, seed = 0x811c9dc5): number {
  let h = seed >>> 0
  for (const b of bytes) {
    h ^= b
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h >>> 0
}

/** JSON with sorted keys and without empty lists, empty maps or nulls: equal templates render equal. */
export function canonicalJSON(value: unknown): string {
  return JSON.stringify(prune(value)) ?? ''
}

function prune(v: unknown): unknown {
  if (Array.isArray(v)) return v.length ? v.map((x) => prune(x) ?? null) : undefined
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {}
    for (const k of Object.keys(v).sort()) {
      const p = prune((v as Record<string, unknown>)[k])
      if (p !== undefined && p !== null) out[k] = p
    }
    return Object.keys(out).length ? out : undefined
  }
  return v
}

/** controller.ComputeHash(template, collisionCount). */
export function computeHash(template: PodTemplateSpec | undefined, collisionCount?: number | null): string {
  let h = fnv32a(new TextEncoder().encode(canonicalJSON(template ?? {})))
  if (collisionCount !== undefined && collisionCount !== null) {
    // binary.LittleEndian.PutUint32 into an 8-byte buffer: the high four bytes stay zero.
    const bytes = new Uint8Array(8)
    new DataView(bytes.buffer).setUint32(0, collisionCount >>> 0, true)
    h = fnv32a(bytes, h)
  }
  return safeEncodeString(String(h))
}
