import { describe, expect, it } from 'vitest'
import { ProtobufDecodeError, WireReader, WireType } from '../../../../main/cluster/apiserver/protobuf/wire'
import { key, varint } from './encoder'

describe('WireReader', () => {
  it('reads varints up to 64 bits', () => {
    for (const value of [0n, 1n, 127n, 128n, 300n, 2n ** 32n, 2n ** 63n, 2n ** 64n - 1n]) {
      const reader = new WireReader(varint(value))
      expect(reader.readVarint()).toBe(value)
      expect(reader.done).toBe(true)
    }
  })

  it('reads tags', () => {
    const reader = new WireReader(Buffer.concat([key(1, 0), key(17, 2), key(2 ** 29 - 1, 5)]))
    expect(reader.readTag()).toEqual({ field: 1, wireType: WireType.Varint })
    expect(reader.readTag()).toEqual({ field: 17, wireType: WireType.LengthDelimited })
    expect(reader.readTag()).toEqual({ field: 2 ** 29 - 1, wireType: WireType.Fixed32 })
  })

  it('rejects field numbers beyond 29 bits', () => {
    expect(() => new WireReader(varint(2n ** 29n << 3n)).readTag()).toThrow(/invalid field number/)
  })

  it('returns length-delimited bytes as views within bounds', () => {
    const buf = Buffer.from([3, 0x61, 0x62, 0x63, 0x7f])
    const reader = new WireReader(buf)
    expect(Buffer.from(reader.readLengthDelimited()).toString()).toBe('abc')
    expect(reader.offset).toBe(4)
    expect(reader.done).toBe(false)
  })

  it('reads fixed-width fields and refuses to read past the end', () => {
    const reader = new WireReader(Buffer.alloc(12))
    expect(reader.readFixed64()).toHaveLength(8)
    expect(reader.readFixed32()).toHaveLength(4)
    expect(() => reader.readFixed32()).toThrow(ProtobufDecodeError)
  })

  it('respects an end offset smaller than the buffer', () => {
    const reader = new WireReader(Buffer.from([1, 2, 3, 4]), 1, 2)
    expect(reader.readVarint()).toBe(2n)
    expect(reader.done).toBe(true)
    expect(() => reader.readVarint()).toThrow('truncated varint at byte 2')
  })

  it('skips every wire type but groups', () => {
    const buf = Buffer.concat([key(1, 0), varint(300), key(2, 1), Buffer.alloc(8), key(3, 2), varint(2), Buffer.alloc(2), key(4, 5), Buffer.alloc(4)])
    const reader = new WireReader(buf)
    for (let i = 0; i < 4; i++) reader.skip(reader.readTag())
    expect(reader.done).toBe(true)
    const group = new WireReader(Buffer.concat([key(1, 3), key(1, 4)]))
    expect(() => group.skip(group.readTag())).toThrow(/group/)
  })
})
