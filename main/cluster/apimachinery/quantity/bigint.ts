/**
 * Exact arithmetic on scaled integers (value = n × 10^e) with bigint, shared by
 * parsing, printing and the Quantity class.
 */

export const maxInt64 = (1n << 63n) - 1n
export const minInt64 = -(1n << 63n)
/** Mantissas are never expanded by more than this many digits (a guard against `1e999999999`). */
export const maxExpand = 400

export function abs(n: bigint): bigint {
  return n < 0n ? -n : n
}

export function signOf(n: bigint): -1 | 0 | 1 {
  return n < 0n ? -1 : n > 0n ? 1 : 0
}

export function pow10(k: number): bigint {
  return 10n ** BigInt(k)
}

function digitCount(n: bigint): number {
  return abs(n).toString().length
}

/** n / 10^k rounded away from zero, and whether that was exact. */
export function divPow10AwayFromZero(n: bigint, k: number): { q: bigint; exact: boolean } {
  if (k <= 0) return { q: n * pow10(-k), exact: true }
  const s = n < 0n ? -1n : 1n
  const m = abs(n)
  // A divisor longer than the number leaves only the rounding unit.
  if (k > digitCount(m)) return { q: m === 0n ? 0n : s, exact: m === 0n }
  const d = pow10(k)
  const q = m / d
  const r = m % d
  return { q: s * (r === 0n ? q : q + 1n), exact: r === 0n }
}

/** Compares u1×10^e1 with u2×10^e2 without building huge powers of ten. */
export function cmpScaled(u1: bigint, e1: number, u2: bigint, e2: number): -1 | 0 | 1 {
  const s1 = signOf(u1)
  const s2 = signOf(u2)
  if (s1 !== s2) return s1 > s2 ? 1 : -1
  if (s1 === 0) return 0
  // The position of the leading digit decides unless it is the same for both.
  const o1 = digitCount(u1) + e1
  const o2 = digitCount(u2) + e2
  if (o1 !== o2) return ((o1 > o2 ? 1 : -1) * s1) as -1 | 1
  const e = Math.min(e1, e2)
  const m1 = abs(u1) * pow10(e1 - e)
  const m2 = abs(u2) * pow10(e2 - e)
  return m1 === m2 ? 0 : (((m1 > m2 ? 1 : -1) * s1) as -1 | 1)
}

/** Strips factors of `base` from n: (n / base^k, k). */
export function removeFactors(n: bigint, base: bigint): { m: bigint; times: number } {
  let m = n
  let times = 0
  while (m !== 0n && m % base === 0n) {
    m /= base
    times++
  }
  return { m, times }
}

/** Go's math.Pow10 as a float: exact table values, 0 below 1e-323 and +Inf above 1e308. */
export function floatPow10(n: number): number {
  if (n < -323) return 0
  if (n > 308) return Infinity
  return Number(`1e${n}`)
}
