import { readFileSync } from 'node:fs'
import { WireReader, WireType } from '../../../../main/cluster/apiserver/protobuf/wire'

/**
 * gnostic's openapiv2/OpenAPIv2.proto as compiled into kubectl 1.32:
 * google.golang.org/protobuf embeds each file's FileDescriptorProto raw (not
 * gzipped). Reading it gives the field numbers client-go unmarshals
 * /openapi/v2 with, and a decoder driven by them sees our bytes as gnostic does.
 */

interface GnosticField {
  name: string
  label: number // 3 repeated
  type: number // 1 double, 3 int64, 8 bool, 9 string, 11 message
  typeName: string // '.openapi.v2.Schema'
}

export type GnosticMessages = Map<string, Map<number, GnosticField>>

const text = (b: Uint8Array): string => Buffer.from(b).toString('utf8')

function* fields(bytes: Uint8Array): Generator<{ field: number; wireType: number; value: bigint | Uint8Array }> {
  const r = new WireReader(bytes)
  while (!r.done) {
    const tag = r.readTag()
    if (tag.wireType === WireType.Varint) yield { field: tag.field, wireType: tag.wireType, value: r.readVarint() }
    else if (tag.wireType === WireType.LengthDelimited) yield { field: tag.field, wireType: tag.wireType, value: r.readLengthDelimited() }
    else if (tag.wireType === WireType.Fixed64) yield { field: tag.field, wireType: tag.wireType, value: r.readFixed64() }
    else r.skip(tag)
  }
}

/** The messages of package openapi.v2 in the kubectl binary at `path`, or undefined when it has none. */
export function readGnosticDescriptor(path: string): GnosticMessages | undefined {
  const binary = readFileSync(path)
  const at = binary.indexOf(Buffer.from('\n\x19openapiv2/OpenAPIv2.proto', 'latin1'))
  if (at < 0) return undefined
  // The descriptor is followed by unrelated bytes: read top-level fields until `syntax` (12), written last.
  const r = new WireReader(binary.subarray(at, at + 200_000))
  const out: GnosticMessages = new Map()
  for (;;) {
    const tag = r.readTag()
    const value = r.readLengthDelimited()
    if (tag.field === 4) {
      let name = ''
      const fs = new Map<number, GnosticField>()
      for (const f of fields(value)) {
        if (f.field === 1) name = text(f.value as Uint8Array)
        if (f.field !== 2) continue
        const field: GnosticField = { name: '', label: 0, type: 0, typeName: '' }
        let number = 0
        for (const g of fields(f.value as Uint8Array)) {
          if (g.field === 1) field.name = text(g.value as Uint8Array)
          else if (g.field === 3) number = Number(g.value)
          else if (g.field === 4) field.label = Number(g.value)
          else if (g.field === 5) field.type = Number(g.value)
          else if (g.field === 6) field.typeName = text(g.value as Uint8Array)
        }
        fs.set(number, field)
      }
      out.set(`.openapi.v2.${name}`, fs)
    }
    if (tag.field === 12) return out
  }
}

/** Decodes `bytes` as `message` (e.g. '.openapi.v2.Document') into an object keyed by proto field names; repeated fields are arrays. */
export function decodeAs(messages: GnosticMessages, message: string, bytes: Uint8Array): Record<string, unknown> {
  const desc = messages.get(message)
  if (!desc) throw new Error(`no message ${message}`)
  const out: Record<string, unknown> = {}
  for (const f of fields(bytes)) {
    const field = desc.get(f.field)
    if (!field) throw new Error(`${message} has no field ${f.field}`)
    const wireType = field.type === 11 || field.type === 9 ? WireType.LengthDelimited : field.type === 1 ? WireType.Fixed64 : WireType.Varint
    if (f.wireType !== wireType) throw new Error(`${message}.${field.name} (field ${f.field}) sent with wire type ${f.wireType}, declared ${wireType}`)
    let value: unknown
    if (field.type === 11) value = decodeAs(messages, field.typeName, f.value as Uint8Array)
    else if (field.type === 9) value = text(f.value as Uint8Array)
    else if (field.type === 8) value = f.value === 1n
    else if (field.type === 3) value = Number(f.value)
    else if (field.type === 1) value = Buffer.from(f.value as Uint8Array).readDoubleLE(0)
    else throw new Error(`unexpected type ${field.type} of ${message}.${field.name}`)
    if (field.label === 3) ((out[field.name] ??= []) as unknown[]).push(value)
    else out[field.name] = value
  }
  return out
}
