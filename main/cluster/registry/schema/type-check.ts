import { badRequest, type StatusError } from '../../apimachinery/errors'
import type { GroupVersionKind } from '../../apimachinery/types'
import { type SchemaNode, type TypeDef, definitionName } from './model'
import { typeDef } from './schemas'

/**
 * JSON types checked against the kind's schema, as decoding into the Go type
 * checks them: a string where a list belongs, a number where an object
 * belongs, 1.5 for an int32 are the client's error (400 `... cannot be handled
 * as a Pod: json: cannot unmarshal string into Go struct field ...`), never
 * something validation trips over. Nulls (and, from in-process writers,
 * undefined) read as Go reads them: the zero value (an absent field; in lists
 * and maps, the element type's zero value).
 * Unknown fields are not looked into (they are dropped elsewhere); nor are
 * types with their own JSON form beyond their basic JSON type.
 */

/** `v1.Container` for `io.k8s.api.core.v1.Container`. */
function goTypeName(ref: string): string {
  const parts = ref.split('.')
  return parts.slice(-2).join('.')
}

function goType(node: SchemaNode): string {
  if ('ref' in node) {
    const def = typeDef(node.ref)
    if (def?.opaque === 'quantity') return 'resource.Quantity'
    if (def?.opaque === 'int-or-string') return 'intstr.IntOrString'
    if (def?.opaque === 'date-time') return 'v1.Time'
    return goTypeName(node.ref)
  }
  switch (node.type) {
    case 'string':
      return node.format === 'byte' ? '[]uint8' : 'string'
    case 'integer':
      return node.format === 'int64' ? 'int64' : 'int32'
    case 'number':
      return 'float64'
    case 'boolean':
      return 'bool'
    case 'array':
      return `[]${goType(node.items)}`
    case 'object':
      return `map[string]${goType(node.additionalProperties)}`
  }
}

/** How Go's decoder names a JSON value's type in an UnmarshalTypeError. */
function jsonTypeName(v: unknown): string {
  if (Array.isArray(v)) return 'array'
  if (typeof v === 'object') return 'object'
  if (typeof v === 'number') return Number.isInteger(v) ? 'number' : `number ${v}`
  return typeof v === 'boolean' ? 'bool' : typeof v
}

/** A type error; `field` is filled in on the way out, each object level prepending its key. */
class Mismatch {
  field = ''
  constructor(
    readonly value: unknown,
    readonly goType: string
  ) {}
}

function mismatch(value: unknown, node: SchemaNode): never {
  throw new Mismatch(value, goType(node))
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}

function zeroOf(node: SchemaNode): unknown {
  if ('ref' in node) {
    const def = typeDef(node.ref)
    if (def?.opaque === 'quantity') return '0'
    if (def?.opaque === 'int-or-string') return 0
    if (def?.opaque) return null
    return {}
  }
  switch (node.type) {
    case 'string':
      return ''
    case 'integer':
    case 'number':
      return 0
    case 'boolean':
      return false
    default:
      return null
  }
}

/**
 * A frozen value is a stored one (storage/freeze.ts), checked and normalised
 * when it was written: its shape is checked, its insides are not walked again.
 */

/**
 * Checks one value (never null) against its node. Runs on every write, so it
 * builds nothing on the way down: no closures, no field paths (a Mismatch
 * collects its path as it propagates).
 */
function checkNode(value: unknown, node: SchemaNode): void {
  if ('ref' in node) {
    const def = typeDef(node.ref)
    if (!def) return
    return checkType(value, def, node)
  }
  switch (node.type) {
    case 'string':
      if (typeof value !== 'string') mismatch(value, node)
      return
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) mismatch(value, node)
      return
    case 'number':
      if (typeof value !== 'number') mismatch(value, node)
      return
    case 'boolean':
      if (typeof value !== 'boolean') mismatch(value, node)
      return
    case 'array': {
      if (!Array.isArray(value)) mismatch(value, node)
      if (Object.isFrozen(value)) return
      const items = value as unknown[]
      for (let i = 0; i < items.length; i++) {
        const item = items[i]
        if (item === null || item === undefined) items[i] = zeroOf(node.items)
        else checkNode(item, node.items)
      }
      return
    }
    case 'object': {
      if (!isPlainObject(value)) mismatch(value, node)
      if (Object.isFrozen(value)) return
      const map = value as Record<string, unknown>
      for (const k in map) {
        const v = map[k]
        if (v === null || v === undefined) map[k] = zeroOf(node.additionalProperties)
        else checkNode(v, node.additionalProperties)
      }
    }
  }
}

function checkType(value: unknown, def: TypeDef, node: SchemaNode): void {
  switch (def.opaque) {
    case 'quantity':
      if (typeof value !== 'string' && typeof value !== 'number') mismatch(value, node)
      return
    case 'int-or-string':
      if (typeof value !== 'string' && !(typeof value === 'number' && Number.isInteger(value))) mismatch(value, node)
      return
    case 'date-time':
      if (typeof value !== 'string') mismatch(value, node)
      return
    case 'object':
      return
  }
  if (!isPlainObject(value)) mismatch(value, node)
  if (Object.isFrozen(value)) return
  checkProperties(value as Record<string, unknown>, def)
}

const hasOwn = Object.prototype.hasOwnProperty

/**
 * metav1.Time and MicroTime fields that k8s.io/api declares as structs, not
 * pointers: a zero one is encoded as `null` (omitempty does not omit a
 * struct), so `kubectl get -o yaml` shows `creationTimestamp: null` in pod
 * templates, `lastProbeTime: null` in pod conditions and `eventTime: null`
 * in core events. A null sent for one of these is kept; every other null
 * decodes as an absent field. (Pointer times such as deletionTimestamp,
 * startTime or lastScaleTime are omitted when unset.)
 */
const structTimeFields = new Set([
  'creationTimestamp',
  'lastProbeTime',
  'lastTransitionTime',
  'lastHeartbeatTime',
  'lastUpdateTime',
  'firstTimestamp',
  'lastTimestamp',
  'eventTime',
  'lastObservedTime',
  'deprecatedFirstTimestamp',
  'deprecatedLastTimestamp',
  'startedAt',
  'finishedAt'
])

function keepsNull(key: string, node: SchemaNode): boolean {
  return structTimeFields.has(key) && 'ref' in node && typeDef(node.ref)?.opaque === 'date-time'
}

function checkProperties(obj: Record<string, unknown>, def: TypeDef): void {
  const properties = def.properties
  if (!properties) return
  for (const key in obj) {
    if (!hasOwn.call(properties, key)) continue
    const v = obj[key]
    if (v === null || v === undefined) {
      if (v === null && keepsNull(key, properties[key])) continue
      delete obj[key]
      continue
    }
    try {
      checkNode(v, properties[key])
    } catch (e) {
      if (e instanceof Mismatch) e.field = e.field ? `${key}.${e.field}` : key
      throw e
    }
  }
}

/**
 * Checks the JSON types of a decoded object of `gvk` against its schema, in
 * place replacing nulls with the zero values Go would decode. Returns the 400
 * a Go decoder's type error becomes, or undefined when the types are right
 * (or the kind has no schema).
 */
export function checkJSONTypes(gvk: GroupVersionKind, obj: Record<string, unknown>): StatusError | undefined {
  const name = definitionName(gvk)
  const def = typeDef(name)
  if (!def) return undefined
  try {
    checkProperties(obj, def)
    return undefined
  } catch (e) {
    if (!(e instanceof Mismatch)) throw e
    const top = e.field.split('.')[0]
    const owner = ownerTypeName(def, e.field)
    return badRequest(
      `${gvk.kind} in version ${JSON.stringify(gvk.version)} cannot be handled as a ${gvk.kind}: json: cannot unmarshal ${jsonTypeName(e.value)} into Go struct field ${owner}.${e.field || top} of type ${e.goType}`
    )
  }
}

/** The Go type holding the last field of a path (`PodSpec` for `spec.containers`), as Go names it in the message. */
function ownerTypeName(root: TypeDef, field: string): string {
  let def: TypeDef | undefined = root
  let name = ''
  const keys = field.split('.')
  for (const key of keys.slice(0, -1)) {
    let node: SchemaNode | undefined = def?.properties?.[key]
    while (node && !('ref' in node) && (node.type === 'array' || node.type === 'object')) node = node.type === 'array' ? node.items : node.additionalProperties
    if (!node || !('ref' in node)) return name || 'object'
    name = node.ref.split('.').pop()!
    def = typeDef(node.ref)
  }
  return keys.length === 1 ? (root.gvk?.[0]?.kind ?? 'object') : name
}
