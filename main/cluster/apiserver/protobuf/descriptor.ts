/**
 * Message descriptors as data: for each Kubernetes protobuf message, which
 * field number carries which JSON field, of which type, and how JSON would
 * treat its zero value. The tables in the per-group files are written from the
 * field numbers of k8s.io/api and k8s.io/apimachinery v0.32 (the numbers are
 * part of the wire format and never change once released);
 * test/unit/apiserver/protobuf/descriptors.test.ts checks every table against
 * the descriptors compiled into kubectl 1.32, pointer-ness included. Go's JSON
 * tags (omitempty, inline) are not in those descriptors and come from the Go types.
 */

/** Plain protobuf scalars, as Kubernetes uses them (no zigzag, no enums). */
export type ScalarType = 'string' | 'bytes' | 'bool' | 'int32' | 'int64' | 'uint32' | 'uint64' | 'double' | 'float'

/**
 * apimachinery messages whose JSON form is not an object:
 * - Time, MicroTime: {seconds 1, nanos 2} -> RFC 3339 string.
 * - IntOrString: {type 1, intVal 2, strVal 3} -> number or string.
 * - Quantity: {string 1} -> string.
 * - RawExtension, FieldsV1: {raw 1} -> the embedded JSON value.
 */
export type SpecialType = 'Time' | 'MicroTime' | 'IntOrString' | 'Quantity' | 'RawExtension' | 'FieldsV1'

/** What a field (or a map value, or a list item) holds. */
export type ValueType = ScalarType | SpecialType | MessageDescriptor

/**
 * How the Go field treats zero values, which decides what a zero on the wire
 * becomes in JSON. gogo's marshaller writes every non-pointer field, zero or
 * not, so the wire alone cannot tell "unset" from "zero":
 * - omitempty: a non-pointer field tagged `omitempty`; zero scalars are dropped.
 * - pointer: a Go pointer (`*int32`, `*bool`, ...); written only when set, so any
 *   value present on the wire is kept (`replicas: 0` stays).
 * - required: a non-pointer field without `omitempty`; zero values are kept.
 * Messages are emitted whenever present: Go's JSON never omits structs.
 */
export type Presence = 'omitempty' | 'pointer' | 'required'

/** One field of a message. */
export interface FieldDescriptor {
  /** The JSON name (the proto name is the same in every Kubernetes message). */
  readonly name: string
  readonly type: ValueType
  /** single; repeated (a JSON array); or map<string, type> (a JSON object). */
  readonly cardinality: 'single' | 'repeated' | 'map'
  readonly presence: Presence
  /** An embedded Go struct (`json:",inline"`): its fields join the parent object. */
  readonly inline: boolean
}

/** A message: its fully qualified proto name and its fields by number. */
export interface MessageDescriptor {
  /** e.g. `k8s.io.api.apps.v1.DeploymentSpec`; used in errors and in tests. */
  readonly protoName: string
  readonly fields: ReadonlyMap<number, FieldDescriptor>
}

/** Declares a message from a `{ fieldNumber: field }` table. */
export function message(protoName: string, fields: Record<number, FieldDescriptor>): MessageDescriptor {
  const map = new Map<number, FieldDescriptor>()
  for (const [number, field] of Object.entries(fields)) map.set(Number(number), field)
  return { protoName, fields: map }
}

function single(name: string, type: ValueType, presence: Presence): FieldDescriptor {
  return { name, type, cardinality: 'single', presence, inline: false }
}

/** A non-pointer `omitempty` field: the most common kind. */
export function field(name: string, type: ValueType): FieldDescriptor {
  return single(name, type, 'omitempty')
}

/** A Go pointer field: any value sent is kept, zero included. */
export function pointer(name: string, type: ValueType): FieldDescriptor {
  return single(name, type, 'pointer')
}

/** A non-pointer field without `omitempty`: its zero value is kept. */
export function required(name: string, type: ValueType): FieldDescriptor {
  return single(name, type, 'required')
}

/** A repeated field; emitted only when it has items (the wire cannot say nil from empty). */
export function list(name: string, type: ValueType): FieldDescriptor {
  return { name, type, cardinality: 'repeated', presence: 'omitempty', inline: false }
}

/** A map<string, type>, carried as repeated {key 1, value 2} entries. */
export function map(name: string, type: ValueType): FieldDescriptor {
  return { name, type, cardinality: 'map', presence: 'omitempty', inline: false }
}

/** An embedded struct whose JSON fields are inlined into the parent (Volume.VolumeSource). */
export function inline(name: string, type: MessageDescriptor): FieldDescriptor {
  return { name, type, cardinality: 'single', presence: 'omitempty', inline: true }
}
