/**
 * Quantity formats, their suffixes, and Kubernetes' canonical string form
 * (CanonicalizeBytes): the largest suffix that loses no precision and leaves
 * no fraction (`0.5` → `500m`, `1.5Gi` → `1536Mi`, `1000m` → `1`).
 */

import { abs, cmpScaled, divPow10AwayFromZero, maxExpand, pow10, removeFactors } from './bigint'

/** How a quantity prints: `12e6`, `12Mi` (12 × 2^20) or `12M` (12 × 10^6). */
export type QuantityFormat = 'DecimalExponent' | 'BinarySI' | 'DecimalSI'

/** Decimal suffixes and their powers of ten. */
export const decimalSuffixes: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 }
/** Binary suffixes and their powers of two. */
export const binarySuffixes: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 }
const decimalSuffixFor = new Map(Object.entries(decimalSuffixes).map(([s, e]) => [e, s]))
const binarySuffixFor = new Map(Object.entries(binarySuffixes).map(([s, e]) => [e / 10, s]))

/** The shortest exact rendering of unscaled × 10^exponent in the given format. */
export function canonicalString(unscaled: bigint, exponent: number, format: QuantityFormat): string {
  if (unscaled === 0n) return '0'
  if (format !== 'BinarySI') return decimalString(unscaled, exponent, format)
  // Binary suffixes only for whole numbers of at least 1Ki; others print as DecimalSI.
  if (cmpScaled(unscaled, exponent, -1024n, 0) > 0 && cmpScaled(unscaled, exponent, 1024n, 0) < 0) {
    return decimalString(unscaled, exponent, 'DecimalSI')
  }
  if (exponent > maxExpand) return decimalString(unscaled, exponent, 'DecimalExponent') // far beyond Ei
  const { q, exact } = divPow10AwayFromZero(unscaled, -exponent)
  if (!exact) return decimalString(unscaled, exponent, 'DecimalSI')
  const sign = q < 0n ? '-' : ''
  const { m, times } = removeFactors(abs(q), 1024n)
  if (times === 0) return sign + m.toString()
  const suffix = binarySuffixFor.get(times)
  // Past Ei there is no binary suffix; Kubernetes then falls back to exponent notation.
  return suffix === undefined ? decimalString(unscaled, exponent, 'DecimalExponent') : sign + m.toString() + suffix
}

/** Base-10 canonical form: no trailing zeros in the mantissa, exponent a multiple of 3. */
function decimalString(unscaled: bigint, exponent: number, format: 'DecimalSI' | 'DecimalExponent'): string {
  const { m, times } = removeFactors(unscaled, 10n)
  let e = exponent + times
  const r = ((e % 3) + 3) % 3
  const mantissa = m * pow10(r)
  e -= r
  let suffix: string | undefined
  if (format === 'DecimalSI') suffix = decimalSuffixFor.get(e)
  // DecimalSI has no suffix beyond E or below n: use exponent notation there too.
  if (suffix === undefined) suffix = e === 0 ? '' : `e${e}`
  return mantissa.toString() + suffix
}
