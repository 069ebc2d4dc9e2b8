import { WireType } from './wire'

/**
 * A minimal writer for the protobuf wire format, the mirror of wire.ts's
 * WireReader: field keys, varints, strings, doubles and length-delimited
 * sub-messages. Proto3 rules are the caller's: a scalar at its zero value
 * is simply not written; a sub-message is written whenever it is present,
 * even empty (Go then sees a non-nil message).
 */

const utf8 = new TextEncoder()

// A length prefix of five varint bytes covers every message below 32 GiB.
const maxLengthPrefix = 5

function varintSize(value: number): number {
  let n = 1
  for (let v = value; v >= 0x80; v = Math.floor(v / 0x80)) n++
  return n
}

export class WireWriter {
  private buf = new Uint8Array(256)
  private len = 0

  /** The bytes written so far (a view, valid until the next write). */
  finish(): Uint8Array {
    return this.buf.subarray(0, this.len)
  }

  /** A field key: field number and wire type. */
  tag(field: number, wireType: WireType): this {
    // Multiplication, not <<: field numbers reach 2^29 - 1 and JS shifts are 32-bit.
    return this.varint(field * 8 + wireType)
  }

  /** A base-128 varint of a non-negative safe integer. */
  varint(value: number): this {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`varint out of range: ${value}`)
    this.reserve(10)
    let v = value
    while (v >= 0x80) {
      this.buf[this.len++] = (v % 0x80) | 0x80
      v = Math.floor(v / 0x80)
    }
    this.buf[this.len++] = v
    return this
  }

  /** A string field; the empty string is proto3's zero and is not written. */
  string(field: number, value: string | undefined): this {
    if (!value) return this
    return this.utf8(field, value)
  }

  /** Every string of a repeated string field (empty ones included: they are elements). */
  strings(field: number, values: readonly string[] | undefined): this {
    for (const v of values ?? []) this.utf8(field, v)
    return this
  }

  private utf8(field: number, value: string): this {
    const size = Buffer.byteLength(value, 'utf8')
    this.tag(field, WireType.LengthDelimited).varint(size)
    this.reserve(size)
    this.len += utf8.encodeInto(value, this.buf.subarray(this.len, this.len + size)).written
    return this
  }

  /** A bool field; false is not written. */
  bool(field: number, value: boolean | undefined): this {
    if (!value) return this
    return this.tag(field, WireType.Varint).varint(1)
  }

  /** An int64 field of a non-negative integer; 0 is not written. */
  int64(field: number, value: number | undefined): this {
    if (!value) return this
    return this.tag(field, WireType.Varint).varint(value)
  }

  /** A double field (fixed64, little-endian); 0 is not written. */
  double(field: number, value: number | undefined): this {
    if (value === undefined || value === 0) return this
    this.tag(field, WireType.Fixed64).reserve(8)
    new DataView(this.buf.buffer, this.buf.byteOffset + this.len, 8).setFloat64(0, value, true)
    this.len += 8
    return this
  }

  /** A length-delimited field holding `value`, written even when empty. */
  bytes(field: number, value: Uint8Array): this {
    this.tag(field, WireType.LengthDelimited).varint(value.length)
    this.reserve(value.length)
    this.buf.set(value, this.len)
    this.len += value.length
    return this
  }

  /**
   * A sub-message field whose content `write` appends to this writer; written
   * even when empty. Room for the longest length prefix is kept in front of
   * the content, which moves back once its length is known.
   */
  message(field: number, write: (w: WireWriter) => void): this {
    this.tag(field, WireType.LengthDelimited).reserve(maxLengthPrefix)
    const start = this.len
    this.len += maxLengthPrefix
    write(this)
    const size = this.len - start - maxLengthPrefix
    const prefix = varintSize(size)
    if (prefix < maxLengthPrefix) this.buf.copyWithin(start + prefix, start + maxLengthPrefix, this.len)
    // The prefix fits the room kept for it: no reserve (which could move the buffer) here.
    let v = size
    for (let at = start; at < start + prefix - 1; at++, v = Math.floor(v / 0x80)) this.buf[at] = (v % 0x80) | 0x80
    this.buf[start + prefix - 1] = v
    this.len = start + prefix + size
    return this
  }

  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return
    let size = this.buf.length * 2
    while (size < this.len + n) size *= 2
    const grown = new Uint8Array(size)
    grown.set(this.buf.subarray(0, this.len))
    this.buf = grown
  }
}
