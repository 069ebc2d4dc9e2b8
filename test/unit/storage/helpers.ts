import type { KubeObject } from '../../../main/cluster/apimachinery/types'

/** A small pod-like object for storage tests. */
export function pod(namespace: string, name: string, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, uid: `uid-${namespace}-${name}`, labels: { app: name } },
    spec: { containers: [{ name: 'main', image: 'nginx:1.27' }] },
    ...extra
  }
}

export function podKey(namespace: string, name: string): string {
  return `/registry/pods/${namespace}/${name}`
}

/** True if value and everything under it is frozen. */
export function isDeepFrozen(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true
  if (!Object.isFrozen(value)) return false
  return Object.values(value).every(isDeepFrozen)
}

/** Seeded PRNG (mulberry32) so failures reproduce. */
export function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Resolves after the event loop has turned (lets I/O and setImmediate work run). */
export function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}
