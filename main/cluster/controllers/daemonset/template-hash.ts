import type { DaemonSet } from 'kubernetes-types/apps/v1'

/**
 * The `controller-revision-hash` of a DaemonSet's current template: a 32-bit
 * FNV-1a over its canonical JSON (keys sorted) and the collision count,
 * rendered with the safe alphabet as Kubernetes' ComputeHash renders it.
 * Equal templates give equal hashes, which is what rollouts rely on.
 */
export function templateHash(ds: DaemonSet): string {
  const template = ds.spec?.template
  const collisions = ds.status?.collisionCount ?? 0
  // A stored template is frozen and kept by the DaemonSet's status writes: hashed once, not on every sync.
  const known = template && Object.isFrozen(template) ? hashes.get(template) : undefined
  if (known?.collisions === collisions) return known.hash
  const hash = computeHash(canonical(template ?? {}) + (collisions ? `#${collisions}` : ''))
  if (template && Object.isFrozen(template)) hashes.set(template, { collisions, hash })
  return hash
}

const hashes = new WeakMap<object, { collisions: number; hash: string }>()

function computeHash(text: string): string {
  let h = 0x811c9dc5
  for (const b of new TextEncoder().encode(text)) h = Math.imul(h ^ b, 0x01000193) >>> 0
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789'
  return [...String(h >>> 0)].map((c) => alphabet[c.charCodeAt(0) % alphabet.length]).join('')
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined && v !== null)
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`
  }
  return JSON.stringify(value)
}
