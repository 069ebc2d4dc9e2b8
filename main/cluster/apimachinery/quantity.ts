/**
 * resource.Quantity (k8s.io/apimachinery/pkg/api/resource): fixed-point
 * numbers such as `100m`, `64Mi`, `1.5`, `129e6`. A quantity is kept exactly
 * as an integer mantissa and a power of ten (value = unscaled × 10^exp), with
 * the same mantissa/exponent Kubernetes would hold, and remembers its format
 * so it prints back in the same family of suffixes.
 *
 * Printing follows Kubernetes' canonical form: the largest suffix that loses
 * no precision and leaves no fraction (`0.5` → `500m`, `1.5Gi` → `1536Mi`,
 * `1000m` → `1`), except that a string which was already canonical when
 * parsed is printed as it was written (so `1.500` stays `1.500`, as in Kubernetes).
 */

/** How a quantity prints: `12e6`, `12Mi` (12 × 2^20) or `12M` (12 × 10^6). */
export type QuantityFormat = 'DecimalExponent' | 'BinarySI' | 'DecimalSI'

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

const maxInt64 = (1n << 63n) - 1n
const minInt64 = -(1n << 63n)
/** Parsed values are rounded up to a multiple of 10^-9. */
const nano = -9
/** Mantissas are never expanded by more than this many digits (a guard against `1e999999999`). */
const maxExpand = 400
/** Aligning two exponents further apart than this would build absurd numbers; refuse instead. */
const maxAlign = 100_000

const decimalSuffixes: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 }
const binarySuffixes: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 }
const decimalSuffixFor = new Map(Object.entries(decimalSuffixes).map(([s, e]) => [e, s]))
const binarySuffixFor = new Map(Object.entries(binarySuffixes).map(([s, e]) => [e / 10, s]))

// ---------------------------------------------------------------------------
// bigint helpers
// ---------------------------------------------------------------------------

function abs(n: bigint): bigint {
  return n < 0n ? -n : n
}

function signOf(n: bigint): -1 | 0 | 1 {
  return n < 0n ? -1 : n > 0n ? 1 : 0
}

function pow10(k: number): bigint {
  return 10n ** BigInt(k)
}

function digitCount(n: bigint): number {
  return abs(n).toString().length
}

/** n / 10^k rounded away from zero, and whether that was exact. */
function divPow10AwayFromZero(n: bigint, k: number): { q: bigint; exact: boolean } {
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
function cmpScaled(u1: bigint, e1: number, u2: bigint, e2: number): -1 | 0 | 1 {
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
function removeFactors(n: bigint, base: bigint): { m: bigint; times: number } {
  let m = n
  let times = 0
  while (m !== 0n && m % base === 0n) {
    m /= base
    times++
  }
  return { m, times }
}

/** Go's math.Pow10 as a float: exact table values, 0 below 1e-323 and +Inf above 1e308. */
function floatPow10(n: number): number {
  if (n < -323) return 0
  if (n > 308) return Infinity
  return Number(`1e${n}`)
}

// ---------------------------------------------------------------------------
// Quantity
// ---------------------------------------------------------------------------

/** An exact, immutable Kubernetes quantity. Build with parseQuantity() or the new*Quantity helpers. */
export class Quantity {
  /** @internal */
  constructor(
    /** The mantissa: value = unscaled × 10^exponent. */
    readonly unscaled: bigint,
    /** The power of ten (Kubernetes' Scale: 3 for k, -3 for m). */
    readonly exponent: number,
    /** Which family of suffixes the quantity prints with. */
    readonly format: QuantityFormat,
    /** The parsed text when it was already canonical; printed verbatim. */
    private readonly text?: string
  ) {}

  /** parseQuantity as a static. */
  static parse(s: string): Quantity {
    return parseQuantity(s)
  }

  /** The canonical string (Quantity.String()). */
  toString(): string {
    return this.text ?? this.canonical()
  }

  /** Quantities serialize as their string form, as in the API. */
  toJSON(): string {
    return this.toString()
  }

  isZero(): boolean {
    return this.unscaled === 0n
  }

  /** -1, 0 or 1. */
  sign(): -1 | 0 | 1 {
    return signOf(this.unscaled)
  }

  /** -1, 0 or 1 as this is less than, equal to or greater than y. */
  cmp(y: Quantity): -1 | 0 | 1 {
    return cmpScaled(this.unscaled, this.exponent, y.unscaled, y.exponent)
  }

  /** cmp against a plain integer. */
  cmpInt64(y: number | bigint): -1 | 0 | 1 {
    return cmpScaled(this.unscaled, this.exponent, BigInt(y), 0)
  }

  /** Same value (formats may differ). */
  equal(y: Quantity): boolean {
    return this.cmp(y) === 0
  }

  /** this + y. A zero receiver takes y's format, as Quantity.Add does. */
  add(y: Quantity): Quantity {
    const format = this.isZero() ? y.format : this.format
    if (y.isZero()) return new Quantity(this.unscaled, this.exponent, format)
    if (this.isZero()) return new Quantity(y.unscaled, y.exponent, format)
    const e = alignedExponent(this, y)
    return new Quantity(this.unscaled * pow10(this.exponent - e) + y.unscaled * pow10(y.exponent - e), e, format)
  }

  /** this − y. A zero receiver takes y's format, as Quantity.Sub does. */
  sub(y: Quantity): Quantity {
    const negated = y.neg()
    const sum = this.add(negated)
    return this.isZero() ? new Quantity(sum.unscaled, sum.exponent, y.format) : sum
  }

  /** −this, same format. */
  neg(): Quantity {
    return new Quantity(-this.unscaled, this.exponent, this.format)
  }

  /** this × n for an integer n, same format. */
  mul(n: number | bigint): Quantity {
    const b = BigInt(n)
    if (this.isZero()) return new Quantity(this.unscaled, this.exponent, this.format)
    if (b === 0n) return new Quantity(0n, 0, this.format)
    return new Quantity(this.unscaled * b, this.exponent, this.format)
  }

  /**
   * ScaledValue: the value in units of 10^scale, rounded away from zero and
   * saturated to the int64 range (so `1.5` at scale 0 is 2 and `-1.5` is −2).
   */
  scaledValueBigInt(scale: number): bigint {
    if (this.isZero()) return 0n
    const delta = this.exponent - scale
    if (delta >= 19) return this.unscaled > 0n ? maxInt64 : minInt64 // 10^19 alone exceeds int64
    const { q } = divPow10AwayFromZero(this.unscaled, -delta)
    return q > maxInt64 ? maxInt64 : q < minInt64 ? minInt64 : q
  }

  /** scaledValueBigInt as a number (exact up to 2^53). */
  scaledValue(scale: number): number {
    return Number(this.scaledValueBigInt(scale))
  }

  /** Value(): the integer value, rounded away from zero (`100m` → 1). */
  value(): number {
    return this.scaledValue(0)
  }

  /** MilliValue(): ceil(q × 1000) away from zero (`0.1` → 100, `1Ki` → 1024000). */
  milliValue(): number {
    return this.scaledValue(-3)
  }

  /** AsApproximateFloat64: mantissa × 10^exponent in float64, as Kubernetes computes it. */
  asApproximateFloat64(): number {
    const base = Number(this.unscaled)
    // Zero stays zero even at exponents whose power of ten overflows (0 × Inf would be NaN).
    if (this.exponent === 0 || base === 0) return base
    return base * floatPow10(this.exponent)
  }

  /**
   * RoundUp: the value rounded away from zero to a multiple of 10^scale, and
   * whether no precision was lost. The format is kept.
   */
  roundUp(scale: number): { quantity: Quantity; exact: boolean } {
    if (this.exponent >= scale) return { quantity: this, exact: true }
    const { q, exact } = divPow10AwayFromZero(this.unscaled, scale - this.exponent)
    return { quantity: new Quantity(q, scale, this.format), exact }
  }

  /** CanonicalizeBytes: the shortest exact rendering in this quantity's format. */
  private canonical(): string {
    if (this.isZero()) return '0'
    if (this.format !== 'BinarySI') return this.decimal(this.format)
    // Binary suffixes only for whole numbers of at least 1Ki; others print as DecimalSI.
    if (this.cmpInt64(-1024) > 0 && this.cmpInt64(1024) < 0) return this.decimal('DecimalSI')
    if (this.exponent > maxExpand) return this.decimal('DecimalExponent') // far beyond Ei
    const { q, exact } = divPow10AwayFromZero(this.unscaled, -this.exponent)
    if (!exact) return this.decimal('DecimalSI')
    const sign = q < 0n ? '-' : ''
    const { m, times } = removeFactors(abs(q), 1024n)
    if (times === 0) return sign + m.toString()
    const suffix = binarySuffixFor.get(times)
    // Past Ei there is no binary suffix; Kubernetes then falls back to exponent notation.
    return suffix === undefined ? this.decimal('DecimalExponent') : sign + m.toString() + suffix
  }

  /** Base-10 canonical form: no trailing zeros in the mantissa, exponent a multiple of 3. */
  private decimal(format: 'DecimalSI' | 'DecimalExponent'): string {
    const { m, times } = removeFactors(this.unscaled, 10n)
    let e = this.exponent + times
    const r = ((e % 3) + 3) % 3
    const mantissa = m * pow10(r)
    e -= r
    let suffix: string | undefined
    if (format === 'DecimalSI') suffix = decimalSuffixFor.get(e)
    // DecimalSI has no suffix beyond E or below n: use exponent notation there too.
    if (suffix === undefined) suffix = e === 0 ? '' : `e${e}`
    return mantissa.toString() + suffix
  }
}

function alignedExponent(a: Quantity, b: Quantity): number {
  if (Math.abs(a.exponent - b.exponent) > maxAlign) throw new RangeError(`quantities ${a} and ${b} are too far apart in scale to combine exactly`)
  return Math.min(a.exponent, b.exponent)
}

// ---------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------

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

/** resource.NewQuantity: an integer in the given format. */
export function newQuantity(value: number | bigint, format: QuantityFormat): Quantity {
  return new Quantity(BigInt(value), 0, format)
}

/** resource.NewMilliQuantity: value/1000 in the given format. */
export function newMilliQuantity(value: number | bigint, format: QuantityFormat): Quantity {
  return new Quantity(BigInt(value), -3, format)
}

/** resource.NewScaledQuantity: value × 10^scale, DecimalSI. */
export function newScaledQuantity(value: number | bigint, scale: number): Quantity {
  return new Quantity(BigInt(value), scale, 'DecimalSI')
}

/** resource.NewDecimalQuantity: unscaled × 10^exponent in the given format. */
export function newDecimalQuantity(unscaled: number | bigint, exponent: number, format: QuantityFormat): Quantity {
  return new Quantity(BigInt(unscaled), exponent, format)
}
