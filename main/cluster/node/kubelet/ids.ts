import { createHash } from 'node:crypto'

/**
 * Deterministic identifiers for what a real runtime makes up at random
 * (container and sandbox IDs, image digests, machine and boot IDs): the same
 * inputs give the same ID, so a simulation replays identically and tests can
 * name what they expect.
 */

/** 64 hex digits: sha256 of the parts. */
export function sha256Hex(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex')
}

/** 32 hex digits: md5 of the parts (the kubelet hashes static pods with md5). */
export function md5Hex(...parts: string[]): string {
  return createHash('md5').update(parts.join('\u0000')).digest('hex')
}

/** A version-4-shaped UUID derived from the parts. */
export function uuidFrom(...parts: string[]): string {
  const h = sha256Hex(...parts)
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`
}

/** A number in [0, 1) derived from the parts. */
export function unitFrom(...parts: string[]): number {
  return parseInt(sha256Hex(...parts).slice(0, 8), 16) / 2 ** 32
}
