/**
 * resource.ParseQuantity: `100m`, `64Mi`, `1.5`, `129e6` into an exact
 * Quantity, with Kubernetes' rounding and its error messages. A string that
 * was already canonical is kept and printed back as written (so `1.500`
 * stays `1.500`, as in Kubernetes).
 */

import { abs, cmpScaled, divPow10AwayFromZero, maxExpand, maxInt64, pow10 } from './bigint'
import { binarySuffixes, decimalSuffixes, type QuantityFormat } from './format'
import { Quantity } from './quantity'

/** resource.ErrFormatWrong. */
export const errFormatWrong = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
/** resource.ErrNumeric. */
export const errNumeric = 'unable to parse numeric part of quantity'
/** resource.ErrSuffix. */
export const errSuffix = "unable to parse quantity's suffix"

/**
 * A string that is not a quantity. Its message is Kubernetes' own; callers
 * decoding an object wrap it (e.g. into `... cannot be handled as a Pod: <message>`).
 */
export class QuantityParseError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'QuantityParseError'
  }
}

/** Parsed values are rounded up to a multiple of 10^-9. */
const nano = -9

interface Scanned {
  positive: boolean
  /** The number with its sign, as written (leading zeros included). */
  value: string
  /** Integer digits without leading zeros ("0" when none). */
  num: string
  /** Fraction digits. */
  denom: string
  suffix: string
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9'
}

const suffixLetters = 'eEinumkKMGTP'

/** parseQuantityString: splits `-1.5Gi` into sign, digits and suffix. */
function scan(str: string): Scanned {
  let positive = true
  let pos = 0
  const end = str.length
  if (str[0] === '-') {
    positive = false
    pos++
  } else if (str[0] === '+') {
    pos++
  }
  // Leading zeros; a string of nothing but zeros (or a bare sign) is zero.
  while (pos < end && str[pos] === '0') pos++
  if (pos >= end) return { positive, value: '0', num: '0', denom: '', suffix: '' }

  let i = pos
  while (i < end && isDigit(str[i])) i++
  let num = str.slice(pos, i)
  pos = i
  if (pos >= end) return { positive, value: str, num, denom: '', suffix: '' }
  if (num === '') num = '0'

  let denom = ''
  if (str[pos] === '.') {
    pos++
    i = pos
    while (i < end && isDigit(str[i])) i++
    denom = str.slice(pos, i)
    pos = i
    // Kubernetes accepts "1." and "1.G".
    if (pos >= end) return { positive, value: str, num, denom, suffix: '' }
  }
  const value = str.slice(0, pos)

  const suffixStart = pos
  while (pos < end && suffixLetters.includes(str[pos])) pos++
  if (pos < end && (str[pos] === '-' || str[pos] === '+')) pos++
  while (pos < end && isDigit(str[pos])) pos++
  if (pos < end) throw new QuantityParseError(errFormatWrong)
  return { positive, value, num, denom, suffix: str.slice(suffixStart) }
}

interface Suffix {
  base: 2 | 10
  exponent: number
  format: QuantityFormat
}

/** suffixer.interpret: `Mi` → 2^20, `k` → 10^3, `e-3` → 10^-3 (exponents within int32). */
function interpret(s: string): Suffix | undefined {
  if (Object.hasOwn(decimalSuffixes, s)) return { base: 10, exponent: decimalSuffixes[s], format: 'DecimalSI' }
  if (Object.hasOwn(binarySuffixes, s)) return { base: 2, exponent: binarySuffixes[s], format: 'BinarySI' }
  if (s.length > 1 && (s[0] === 'e' || s[0] === 'E')) {
    const digits = s.slice(1)
    if (!/^[+-]?[0-9]+$/.test(digits)) return undefined
    const e = BigInt(digits)
    // Kubernetes rejects exponents outside ±MaxInt32 rather than truncating them.
    if (e > 2147483647n || e < -2147483647n) return undefined
    return { base: 10, exponent: Number(e), format: 'DecimalExponent' }
  }
  return undefined
}

/** inf.Dec.SetString on the number part: needs at least one digit. */
function parseDecimal(value: string): { unscaled: bigint; exponent: number } | undefined {
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?$/.exec(value)
  if (!m || m[2] + (m[3] ?? '') === '') return undefined
  const fraction = m[3] ?? ''
  const unscaled = BigInt(m[2] + fraction)
  return { unscaled: m[1] === '-' ? -unscaled : unscaled, exponent: -fraction.length }
}

/**
 * resource.ParseQuantity. Throws QuantityParseError with Kubernetes' message
 * (errFormatWrong, errSuffix or errNumeric). Values finer than 1n are rounded
 * up to 1n; binary values are capped at 2^63-1.
 */
export function parseQuantity(str: string): Quantity {
  if (str.length === 0) throw new QuantityParseError(errFormatWrong)
  if (str === '0') return new Quantity(0n, 0, 'DecimalSI', '0')

  const { positive, value, num, denom, suffix } = scan(str)
  const sfx = interpret(suffix)
  if (!sfx) throw new QuantityParseError(errSuffix)

  // Fast path (Kubernetes' int64 form) when the digits surely fit in an int64.
  let precision: number
  let scale = 0
  let multiplier = 1n
  if (sfx.format === 'BinarySI') {
    if (denom.length === 0) {
      multiplier = 1n << BigInt(sfx.exponent)
      // 2^10 has about 3 decimal digits: leave room for them.
      precision = 15 - num.length - (sfx.exponent * 3) / 10 - 1
    } else {
      precision = -1
    }
  } else {
    scale = sfx.exponent
    precision = 18 - (num.length + denom.length)
  }
  if (precision >= 0) {
    scale -= denom.length
    if (scale >= nano) {
      const shifted = num + denom
      const digits = BigInt(shifted)
      const result = digits * multiplier
      if (result <= maxInt64) {
        // Kubernetes keeps the input text when it is recognisably canonical already.
        const canonical =
          sfx.format === 'BinarySI'
            ? sfx.exponent % 10 === 0 && (digits & 7n) !== 0n
            : scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0'
        return new Quantity(positive ? result : -result, scale, sfx.format, canonical ? str : undefined)
      }
    }
  }

  // Exact path (Kubernetes' inf.Dec form).
  const parsed = parseDecimal(value)
  if (!parsed) throw new QuantityParseError(errNumeric)
  let unscaled = abs(parsed.unscaled)
  let exponent = parsed.exponent
  const negative = parsed.unscaled < 0n
  if (sfx.base === 10) exponent += sfx.exponent
  else unscaled *= 1n << BigInt(sfx.exponent)

  // Round non-zero values up to a whole number of nanos: asking for a little
  // of a resource should get some of it, never none.
  if (unscaled !== 0n) {
    if (exponent < nano) {
      unscaled = divPow10AwayFromZero(unscaled, nano - exponent).q
      exponent = nano
    } else if (exponent - nano <= maxExpand) {
      unscaled *= pow10(exponent - nano)
      exponent = nano
    }
  }
  let format = sfx.format
  if (format === 'BinarySI') {
    if (cmpScaled(unscaled, exponent, maxInt64, 0) > 0) {
      unscaled = maxInt64
      exponent = 0
    }
    // Below one, a binary suffix could only round: print as DecimalSI instead.
    if (unscaled !== 0n && cmpScaled(unscaled, exponent, 1n, 0) < 0) format = 'DecimalSI'
  }
  return new Quantity(negative ? -unscaled : unscaled, exponent, format)
}

/** parseQuantity, or undefined when the string is not a quantity. */
export function tryParseQuantity(str: string): Quantity | undefined {
  try {
    return parseQuantity(str)
  } catch (e) {
    if (e instanceof QuantityParseError) return undefined
    throw e
  }
}

/**
 * Quantity.UnmarshalJSON: a JSON string (trimmed) or number becomes a
 * quantity; null is zero; anything else is not a quantity.
 */
export function quantityFromJSON(v: unknown): Quantity {
  if (v === null || v === undefined) return new Quantity(0n, 0, 'DecimalSI')
  if (typeof v === 'string') return parseQuantity(v.trim())
  if (typeof v === 'number' || typeof v === 'boolean') return parseQuantity(String(v))
  throw new QuantityParseError(errFormatWrong)
}
