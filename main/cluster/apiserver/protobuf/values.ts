import type { ScalarType, SpecialType } from './descriptor'
import { ProtobufDecodeError, type Tag, WireReader, WireType } from './wire'

/**
 * Scalars and apimachinery's special messages, converted to the values their
 * Go types marshal to in JSON.
 */

const EXPECTED_WIRE_TYPE: Record<ScalarType, WireType> = {
  string: WireType.LengthDelimited,
  bytes: WireType.LengthDelimited,
  bool: WireType.Varint,
  int32: WireType.Varint,
  int64: WireType.Varint,
  uint32: WireType.Varint,
  uint64: WireType.Varint,
  double: WireType.Fixed64,
  float: WireType.Fixed32
}

/** Whether a repeated field of this type may arrive packed (one length-delimited run). */
export function isPackable(type: ScalarType): boolean {
  return EXPECTED_WIRE_TYPE[type] !== WireType.LengthDelimited
}

/** Throws unless the tag's wire type is the one this scalar is written with. */
export function checkScalarWireType(tag: Tag, type: ScalarType): void {
  const expected = EXPECTED_WIRE_TYPE[type]
  if (tag.wireType !== expected) {
    throw new ProtobufDecodeError(`wire type ${tag.wireType} where ${type} needs wire type ${expected}`)
  }
}

/** Reads one scalar whose tag has been read and checked. */
export function readScalar(reader: WireReader, type: ScalarType): string | number | boolean {
  switch (type) {
    case 'string':
      return utf8(reader.readLengthDelimited())
    case 'bytes':
      return Buffer.from(reader.readLengthDelimited()).toString('base64')
    case 'bool':
      return reader.readVarint() !== 0n
    case 'int32':
      // Negative int32s are sign-extended to ten-byte varints; the low 32 bits are the value.
      return Number(BigInt.asIntN(32, reader.readVarint()))
    case 'int64':
      // Beyond 2^53 precision is lost, as in any JSON number a JS client reads.
      return Number(BigInt.asIntN(64, reader.readVarint()))
    case 'uint32':
      return Number(BigInt.asUintN(32, reader.readVarint()))
    case 'uint64':
      return Number(reader.readVarint())
    case 'double':
      return Buffer.from(reader.readFixed64()).readDoubleLE(0)
    case 'float':
      return Buffer.from(reader.readFixed32()).readFloatLE(0)
  }
}

/** The value a scalar has when the wire omits it (a map entry without a value). */
export function scalarZero(type: ScalarType): string | number | boolean {
  if (type === 'string' || type === 'bytes') return ''
  return type === 'bool' ? false : 0
}

/** Invalid UTF-8 becomes U+FFFD, as Go's JSON encoder writes it. */
function utf8(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')
}

/**
 * Decodes one of apimachinery's special messages from its bytes. `undefined`
 * stands for JSON null: a zero Time.
 */
export function decodeSpecial(type: SpecialType, bytes: Uint8Array): unknown {
  switch (type) {
    case 'Time':
    case 'MicroTime': {
      // Go marshals a zero time.Time as an empty message; anything else is a real instant.
      if (bytes.length === 0) return undefined
      const { 1: seconds = 0, 2: nanos = 0 } = readInts(bytes, { 1: 'int64', 2: 'int32' })
      return formatTime(seconds, nanos, type === 'MicroTime')
    }
    case 'IntOrString': {
      const { 1: kind = 0, 2: intVal = 0 } = readInts(bytes, { 1: 'int64', 2: 'int32' })
      // Type 1 is intstr.String; every other value reads as an int, as in Go.
      return kind === 1 ? readString(bytes, 3) : intVal
    }
    case 'Quantity':
      // A zero resource.Quantity marshals as "0" in JSON.
      return readString(bytes, 1) || '0'
    case 'RawExtension':
    case 'FieldsV1':
      return parseEmbeddedJSON(type, bytes)
  }
}

/** Reads varint fields of a small message, ignoring all others. */
function readInts<K extends number>(bytes: Uint8Array, types: Record<K, 'int32' | 'int64'>): Partial<Record<K, number>> {
  const out: Partial<Record<K, number>> = {}
  const reader = new WireReader(bytes)
  while (!reader.done) {
    const tag = reader.readTag()
    const type = Object.hasOwn(types, tag.field) ? types[tag.field as K] : undefined
    if (type === undefined) {
      reader.skip(tag)
      continue
    }
    checkScalarWireType(tag, type)
    out[tag.field as K] = readScalar(reader, type) as number
  }
  return out
}

/** The last value of string field `field` in a small message, or ''. */
function readString(bytes: Uint8Array, field: number): string {
  let value = ''
  const reader = new WireReader(bytes)
  while (!reader.done) {
    const tag = reader.readTag()
    if (tag.field !== field) {
      reader.skip(tag)
      continue
    }
    checkScalarWireType(tag, 'string')
    value = readScalar(reader, 'string') as string
  }
  return value
}

/** RawExtension and FieldsV1 carry raw JSON in field 1; JSON holds it as a nested value. */
function parseEmbeddedJSON(type: SpecialType, bytes: Uint8Array): unknown {
  let raw: Uint8Array | undefined
  const reader = new WireReader(bytes)
  while (!reader.done) {
    const tag = reader.readTag()
    if (tag.field !== 1) {
      reader.skip(tag)
      continue
    }
    checkScalarWireType(tag, 'bytes')
    raw = reader.readLengthDelimited()
  }
  if (raw === undefined || raw.length === 0) return undefined
  try {
    return JSON.parse(utf8(raw))
  } catch {
    throw new ProtobufDecodeError(`${type} does not hold JSON`)
  }
}

// Go's RFC 3339 formatting only covers years 0000-9999.
const MIN_SECONDS = -62167219200
const MAX_SECONDS = 253402300799

/** metav1.Time: `2026-11-26T10:12:21Z`; metav1.MicroTime: `2026-11-26T10:12:21.123456Z`. */
function formatTime(seconds: number, nanos: number, micro: boolean): string {
  // time.Unix(seconds, nanos) carries nanos outside [0, 1e9) into the seconds.
  const carry = Math.floor(nanos / 1e9)
  const s = seconds + carry
  const ns = nanos - carry * 1e9
  if (!Number.isSafeInteger(s) || s < MIN_SECONDS || s > MAX_SECONDS) {
    throw new ProtobufDecodeError(`time ${seconds}s is outside years 0000-9999`)
  }
  const base = new Date(s * 1000).toISOString().slice(0, 19)
  return micro ? `${base}.${String(Math.floor(ns / 1000)).padStart(6, '0')}Z` : `${base}Z`
}
