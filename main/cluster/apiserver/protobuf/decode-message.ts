import type { FieldDescriptor, MessageDescriptor, ScalarType, SpecialType, ValueType } from './descriptor'
import { ProtobufDecodeError, type Tag, WireReader, WireType } from './wire'
import { checkScalarWireType, decodeSpecial, isPackable, readScalar, scalarZero } from './values'

/**
 * Turns the bytes of one message into the JSON object Go's encoding/json
 * would write for the same Go struct, driven by a MessageDescriptor.
 */

/** What the decoder learns besides the object. */
export interface DecodeContext {
  /**
   * Fields the tables do not know, as `path: field N of message`; their bytes
   * were skipped. At most MAX_UNKNOWN_REPORTED are listed.
   */
  readonly unknownFields: string[]
}

/** A hostile body could hold a million unknown fields; a hundred say enough. */
export const MAX_UNKNOWN_REPORTED = 100

// Our tables have no recursive messages, so depth is bounded by them; this is a
// second guard in case one is ever added.
const MAX_DEPTH = 64

/** Decodes `bytes` as the message `desc`; `path` is its JSON path, for errors. */
export function decodeMessage(
  bytes: Uint8Array,
  desc: MessageDescriptor,
  path: string,
  ctx: DecodeContext,
  depth = 0
): Record<string, unknown> {
  if (depth > MAX_DEPTH) throw new ProtobufDecodeError(`messages nested deeper than ${MAX_DEPTH}`, path)
  try {
    return decodeFields(bytes, desc, path, ctx, depth)
  } catch (error) {
    throw located(error, path)
  }
}

interface Collected {
  /** Scalars: the last value; messages: every chunk, merged by concatenation as protobuf merges. */
  singles: Map<FieldDescriptor, unknown>
  chunks: Map<FieldDescriptor, Uint8Array[]>
  lists: Map<FieldDescriptor, unknown[]>
  maps: Map<FieldDescriptor, Record<string, unknown>>
}

function decodeFields(
  bytes: Uint8Array,
  desc: MessageDescriptor,
  path: string,
  ctx: DecodeContext,
  depth: number
): Record<string, unknown> {
  const got: Collected = { singles: new Map(), chunks: new Map(), lists: new Map(), maps: new Map() }
  const reader = new WireReader(bytes)
  while (!reader.done) {
    const tag = reader.readTag()
    const field = desc.fields.get(tag.field)
    if (!field) {
      reader.skip(tag)
      if (ctx.unknownFields.length < MAX_UNKNOWN_REPORTED) {
        ctx.unknownFields.push(`${path || '(root)'}: field ${tag.field} of ${desc.protoName}`)
      }
      continue
    }
    const fieldPath = joinPath(path, field)
    try {
      readField(reader, tag, field, fieldPath, ctx, depth, got)
    } catch (error) {
      throw located(error, fieldPath)
    }
  }
  return assemble(desc, got, path, ctx, depth)
}

function readField(
  reader: WireReader,
  tag: Tag,
  field: FieldDescriptor,
  path: string,
  ctx: DecodeContext,
  depth: number,
  got: Collected
): void {
  if (field.cardinality === 'map') {
    const entries = got.maps.get(field) ?? {}
    got.maps.set(field, entries)
    readMapEntry(reader, tag, field.type, path, ctx, depth, entries)
  } else if (field.cardinality === 'repeated') {
    const items = got.lists.get(field) ?? []
    got.lists.set(field, items)
    readListItems(reader, tag, field.type, path, ctx, depth, items)
  } else if (isScalar(field.type)) {
    checkScalarWireType(tag, field.type)
    got.singles.set(field, readScalar(reader, field.type))
  } else {
    const chunks = got.chunks.get(field) ?? []
    got.chunks.set(field, chunks)
    chunks.push(readMessageBytes(reader, tag))
  }
}

/** Gives a path to an error that has none yet; the innermost caller knows it best. */
function located(error: unknown, path: string): unknown {
  if (error instanceof ProtobufDecodeError && error.path === undefined) {
    return new ProtobufDecodeError(error.reason, path || '(root)')
  }
  return error
}

/** Builds the object in field-number order, applying Go's JSON presence rules. */
function assemble(
  desc: MessageDescriptor,
  got: Collected,
  path: string,
  ctx: DecodeContext,
  depth: number
): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const field of desc.fields.values()) {
    const chunks = got.chunks.get(field)
    const items = got.lists.get(field)
    const entries = got.maps.get(field)
    if (got.singles.has(field)) {
      const value = got.singles.get(field)
      if (field.presence !== 'omitempty' || !isZero(value)) out[field.name] = value
    } else if (chunks) {
      const bytes = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)
      const value = decodeValue(bytes, field.type, joinPath(path, field), ctx, depth)
      if (field.inline) Object.assign(out, value)
      else if (keepMessage(field, value)) out[field.name] = value
    } else if (items && items.length > 0) {
      out[field.name] = items
    } else if (entries && Object.keys(entries).length > 0) {
      out[field.name] = entries
    }
  }
  return out
}

/**
 * Objects are always kept (Go's JSON never omits a struct); a zero Time is
 * dropped (Go writes null). A zero IntOrString in an omitempty field is
 * dropped too: Go would write `targetPort: 0`, which the API server treats
 * exactly as unset, and an absent field is what a JSON client would send.
 */
function keepMessage(field: FieldDescriptor, value: unknown): boolean {
  if (value === undefined) return false
  return !(field.type === 'IntOrString' && field.presence === 'omitempty' && isZero(value))
}

function isZero(value: unknown): boolean {
  return value === '' || value === 0 || value === false
}

const SPECIAL_TYPES: ReadonlySet<ValueType> = new Set<SpecialType>([
  'Time',
  'MicroTime',
  'IntOrString',
  'Quantity',
  'RawExtension',
  'FieldsV1'
])

function isSpecial(type: ValueType): type is SpecialType {
  return SPECIAL_TYPES.has(type)
}

function isScalar(type: ValueType): type is ScalarType {
  return typeof type === 'string' && !isSpecial(type)
}

/** Decodes the bytes of a message-typed value: a table-driven message or a special. */
function decodeValue(bytes: Uint8Array, type: ValueType, path: string, ctx: DecodeContext, depth: number): unknown {
  if (typeof type === 'object') return decodeMessage(bytes, type, path, ctx, depth + 1)
  if (isSpecial(type)) {
    try {
      return decodeSpecial(type, bytes)
    } catch (error) {
      throw located(error, path)
    }
  }
  throw new ProtobufDecodeError(`${type} is not a message type`, path)
}

function readMessageBytes(reader: WireReader, tag: Tag): Uint8Array {
  if (tag.wireType !== WireType.LengthDelimited) {
    throw new ProtobufDecodeError(`wire type ${tag.wireType} where a message needs wire type 2`)
  }
  return reader.readLengthDelimited()
}

function readListItems(
  reader: WireReader,
  tag: Tag,
  type: ValueType,
  path: string,
  ctx: DecodeContext,
  depth: number,
  items: unknown[]
): void {
  if (isScalar(type)) {
    if (tag.wireType === WireType.LengthDelimited && isPackable(type)) {
      // Packed encoding: proto2 Kubernetes messages do not use it, but parsers must accept it.
      const packed = new WireReader(reader.readLengthDelimited())
      while (!packed.done) items.push(readScalar(packed, type))
      return
    }
    checkScalarWireType(tag, type)
    items.push(readScalar(reader, type))
    return
  }
  const value = decodeValue(readMessageBytes(reader, tag), type, `${path}[${items.length}]`, ctx, depth)
  items.push(value ?? null)
}

/** A map entry is a message {key 1, value 2}; a missing value is the type's zero. */
function readMapEntry(
  reader: WireReader,
  tag: Tag,
  type: ValueType,
  path: string,
  ctx: DecodeContext,
  depth: number,
  entries: Record<string, unknown>
): void {
  const entry = new WireReader(readMessageBytes(reader, tag))
  let key = ''
  let value: unknown
  let valueBytes: Uint8Array | undefined
  while (!entry.done) {
    const entryTag = entry.readTag()
    if (entryTag.field === 1) {
      checkScalarWireType(entryTag, 'string')
      key = readScalar(entry, 'string') as string
    } else if (entryTag.field === 2 && isScalar(type)) {
      checkScalarWireType(entryTag, type)
      value = readScalar(entry, type)
    } else if (entryTag.field === 2) {
      valueBytes = readMessageBytes(entry, entryTag)
    } else {
      entry.skip(entryTag)
    }
  }
  if (!isScalar(type)) {
    value = decodeValue(valueBytes ?? new Uint8Array(0), type, `${path}[${key}]`, ctx, depth) ?? null
  } else if (value === undefined) {
    value = scalarZero(type)
  }
  // Plain-object keys such as "__proto__" must not reach the prototype.
  Object.defineProperty(entries, key, { value, enumerable: true, writable: true, configurable: true })
}

function joinPath(path: string, field: FieldDescriptor): string {
  if (field.inline) return path
  return path ? `${path}.${field.name}` : field.name
}
