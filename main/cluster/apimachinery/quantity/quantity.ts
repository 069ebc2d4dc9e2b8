/**
 * The Quantity class: an exact, immutable value unscaled × 10^exponent that
 * remembers its format, with Kubernetes' comparison and arithmetic.
 */

import { cmpScaled, divPow10AwayFromZero, floatPow10, maxInt64, minInt64, pow10, signOf } from './bigint'
import { canonicalString, type QuantityFormat } from './format'
import { parseQuantity } from './parse'

/** Aligning two exponents further apart than this would build absurd numbers; refuse instead. */
const maxAlign = 100_000

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
    return this.text ?? canonicalString(this.unscaled, this.exponent, this.format)
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
}

function alignedExponent(a: Quantity, b: Quantity): number {
  if (Math.abs(a.exponent - b.exponent) > maxAlign) throw new RangeError(`quantities ${a} and ${b} are too far apart in scale to combine exactly`)
  return Math.min(a.exponent, b.exponent)
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
