/**
 * A minimal reader for the protobuf wire format: just what Kubernetes'
 * gogo-generated messages use. Every length is checked against the bytes that
 * remain, so malformed or hostile input ends in a ProtobufDecodeError and never
 * in an out-of-range read or an endless loop.
 */

/**
 * The body is not valid protobuf, or does not match the message it claims to
 * be. `path` is the JSON path of the field being decoded (`spec.replicas`),
 * set once by the innermost message that saw the error.
 */
export class ProtobufDecodeError extends Error {
  constructor(
    readonly reason: string,
    readonly path?: string
  ) {
    super(path ? `${path}: ${reason}` : reason)
    this.name = 'ProtobufDecodeError'
  }
}

/** Wire types as they appear in the low three bits of a tag. */
export const WireType = {
  Varint: 0,
  Fixed64: 1,
  LengthDelimited: 2,
  StartGroup: 3,
  EndGroup: 4,
  Fixed32: 5
} as const
export type WireType = (typeof WireType)[keyof typeof WireType]

/** A field key: field number and wire type. */
export interface Tag {
  field: number
  wireType: WireType
}

// Field numbers are 29-bit; anything larger is corrupt input, not a real key.
const MAX_FIELD_NUMBER = 2 ** 29 - 1

/** Reads one message's bytes front to back. Sub-messages get their own reader. */
export class WireReader {
  private pos: number

  constructor(
    private readonly buf: Uint8Array,
    start = 0,
    private readonly end = buf.length
  ) {
    this.pos = start
  }

  /** True once every byte has been consumed. */
  get done(): boolean {
    return this.pos >= this.end
  }

  /** The current offset, for error messages. */
  get offset(): number {
    return this.pos
  }

  /** Reads a field key. */
  readTag(): Tag {
    const key = this.readVarint()
    const field = Number(key >> 3n)
    const wireType = Number(key & 7n)
    if (field === 0 || field > MAX_FIELD_NUMBER) throw this.error(`invalid field number ${field}`)
    if (wireType > 5) throw this.error(`invalid wire type ${wireType} for field ${field}`)
    return { field, wireType: wireType as WireType }
  }

  /** Reads a base-128 varint of at most ten bytes, as an unsigned 64-bit value. */
  readVarint(): bigint {
    let result = 0n
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw this.error('truncated varint')
      const byte = this.buf[this.pos++]
      result |= BigInt(byte & 0x7f) << BigInt(7 * i)
      if (byte < 0x80) return BigInt.asUintN(64, result)
    }
    throw this.error('varint longer than 10 bytes')
  }

  /** Reads eight little-endian bytes. */
  readFixed64(): Uint8Array {
    return this.take(8, 'fixed64')
  }

  /** Reads four little-endian bytes. */
  readFixed32(): Uint8Array {
    return this.take(4, 'fixed32')
  }

  /** Reads a length prefix and returns that many bytes (a view, not a copy). */
  readLengthDelimited(): Uint8Array {
    const length = this.readVarint()
    if (length > BigInt(this.end - this.pos)) {
      throw this.error(`length ${length} exceeds the ${this.end - this.pos} bytes that remain`)
    }
    return this.take(Number(length), 'length-delimited field')
  }

  /** Skips a field whose key has just been read. */
  skip(tag: Tag): void {
    switch (tag.wireType) {
      case WireType.Varint:
        this.readVarint()
        return
      case WireType.Fixed64:
        this.readFixed64()
        return
      case WireType.LengthDelimited:
        this.readLengthDelimited()
        return
      case WireType.Fixed32:
        this.readFixed32()
        return
      default:
        // Groups are deprecated and no Kubernetes message uses them; skipping one
        // would need a nesting walk that corrupt input could abuse.
        throw this.error(`unsupported wire type ${tag.wireType} (group) for field ${tag.field}`)
    }
  }

  private take(n: number, what: string): Uint8Array {
    if (this.pos + n > this.end) throw this.error(`truncated ${what}`)
    const bytes = this.buf.subarray(this.pos, this.pos + n)
    this.pos += n
    return bytes
  }

  private error(message: string): ProtobufDecodeError {
    return new ProtobufDecodeError(`${message} at byte ${this.pos}`)
  }
}
