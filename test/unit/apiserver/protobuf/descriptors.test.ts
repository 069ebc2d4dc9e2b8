import { describe, expect, it } from 'vitest'
import {
  type FieldDescriptor,
  type MessageDescriptor,
  type ValueType,
  field,
  list,
  message,
  pointer
} from '../../../../main/cluster/apiserver/protobuf/descriptor'
import { kindDescriptor, protobufKinds } from '../../../../main/cluster/apiserver/protobuf/kinds'
import { type RealField, type RealMessage, findKubectlBinary, readDescriptorSet } from './descriptor-set'

/*
 * Checks every hand-written table against the descriptors compiled into
 * kubectl 1.32 itself: field numbers, names, types, repeated/map, and which
 * fields are Go pointers. Skipped where that binary is not installed.
 */

const binary = findKubectlBinary()

const SCALAR_TYPES: Record<string, number> = {
  double: 1,
  float: 2,
  int64: 3,
  uint64: 4,
  int32: 5,
  bool: 8,
  string: 9,
  bytes: 12,
  uint32: 13
}
const SPECIAL_TYPE_NAMES: Record<string, string> = {
  Time: '.k8s.io.apimachinery.pkg.apis.meta.v1.Time',
  MicroTime: '.k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime',
  FieldsV1: '.k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1',
  IntOrString: '.k8s.io.apimachinery.pkg.util.intstr.IntOrString',
  Quantity: '.k8s.io.apimachinery.pkg.api.resource.Quantity',
  RawExtension: '.k8s.io.apimachinery.pkg.runtime.RawExtension'
}
const TYPE_MESSAGE = 11

/** The one proto field name that is not its JSON name (`uID` in generated.proto, `json:"uid"` in Go). */
const PROTO_NAMES: Record<string, string> = { 'k8s.io.api.authentication.v1.BoundObjectReference.uid': 'uID' }

/** Fields our tables leave out on purpose (the decoder reports them as unknown). */
const LEFT_OUT: Record<string, number[]> = {
  // In-tree cloud and network volume plugins, and generic ephemeral volumes.
  'k8s.io.api.core.v1.VolumeSource': [3, 4, 5, 8, 9, 11, 12, 13, 14, 15, 17, 18, 20, 21, 22, 23, 24, 25, 27, 29],
  // ephemeralContainers (a subresource of its own) and resourceClaims (dynamic resource allocation).
  'k8s.io.api.core.v1.PodSpec': [34, 39],
  // A created pod's status is reset by the pod strategy; only its scalar fields are decoded.
  'k8s.io.api.core.v1.PodStatus': [2, 7, 8, 10, 12, 13, 14, 15, 16]
}

/** Every message reachable from the registered kinds. */
function reachableMessages(): MessageDescriptor[] {
  const seen = new Set<MessageDescriptor>()
  const visit = (desc: MessageDescriptor) => {
    if (seen.has(desc)) return
    seen.add(desc)
    for (const field of desc.fields.values()) if (typeof field.type === 'object') visit(field.type)
  }
  for (const { apiVersion, kind } of protobufKinds()) visit(kindDescriptor(apiVersion, kind)!)
  return [...seen]
}

/** Describes a mismatch between our value type and the real field's type, or returns ''. */
function typeMismatch(type: ValueType, real: RealField): string {
  if (typeof type === 'object') {
    return real.typeName === `.${type.protoName}` ? '' : `message ${type.protoName} but real ${real.typeName}`
  }
  if (type in SPECIAL_TYPE_NAMES) {
    return real.typeName === SPECIAL_TYPE_NAMES[type] ? '' : `${type} but real ${real.typeName}`
  }
  return real.type === SCALAR_TYPES[type] ? '' : `${type} but real type ${real.type} ${real.typeName}`
}

function checkField(desc: MessageDescriptor, number: number, field: FieldDescriptor, all: Map<string, RealMessage>): string[] {
  const where = `${desc.protoName} field ${number} (${field.name})`
  const real = all.get(`.${desc.protoName}`)?.fields.get(number)
  if (!real) return [`${where}: no such field in kubectl 1.32`]
  const problems: string[] = []
  if (real.name !== (PROTO_NAMES[`${desc.protoName}.${field.name}`] ?? field.name)) problems.push(`${where}: real name is ${real.name}`)
  const entry = real.type === TYPE_MESSAGE ? all.get(real.typeName) : undefined
  const isMap = real.label === 3 && entry?.mapEntry === true
  const cardinality = isMap ? 'map' : real.label === 3 ? 'repeated' : 'single'
  if (cardinality !== field.cardinality) problems.push(`${where}: ${field.cardinality} but real ${cardinality}`)
  if (isMap && entry) {
    const key = entry.fields.get(1)
    const value = entry.fields.get(2)
    if (key?.type !== SCALAR_TYPES.string) problems.push(`${where}: map key is not a string`)
    const mismatch = value ? typeMismatch(field.type, value) : 'no value field'
    if (mismatch) problems.push(`${where}: map value ${mismatch}`)
  } else {
    const mismatch = typeMismatch(field.type, real)
    if (mismatch) problems.push(`${where}: ${mismatch}`)
  }
  if (cardinality === 'single' && (field.presence === 'pointer') !== real.nullable) {
    problems.push(`${where}: presence ${field.presence} but Go ${real.nullable ? 'pointer' : 'value'}`)
  }
  return problems
}

describe.skipIf(!binary)('tables match the descriptors compiled into kubectl 1.32', () => {
  const all = binary ? readDescriptorSet(binary) : new Map<string, RealMessage>()
  const messages = reachableMessages()

  it('finds the Kubernetes descriptors in the binary', () => {
    expect(all.get('.k8s.io.api.apps.v1.Deployment')?.fields.size).toBe(3)
    expect(messages.length).toBeGreaterThan(100)
  })

  it('every field has the real number, name, type, cardinality and pointer-ness', () => {
    const problems = messages.flatMap((desc) =>
      [...desc.fields].flatMap(([number, field]) => checkField(desc, number, field, all))
    )
    expect(problems).toEqual([])
  })

  it('every real field is in our tables unless deliberately left out', () => {
    const missing = messages.flatMap((desc) => {
      const real = all.get(`.${desc.protoName}`)
      if (!real) return [`${desc.protoName}: not in kubectl 1.32`]
      const leftOut = LEFT_OUT[desc.protoName] ?? []
      return [...real.fields.values()]
        .filter((f) => !desc.fields.has(f.number) && !leftOut.includes(f.number))
        .map((f) => `${desc.protoName} field ${f.number} (${f.name})`)
    })
    expect(missing).toEqual([])
  })

  it('would catch a wrong table', () => {
    const wrong = message('k8s.io.api.apps.v1.DeploymentSpec', {
      1: field('replicas', 'int32'), // a pointer in Go
      2: pointer('selector', 'string'), // a message
      3: list('template', 'string'), // a single message
      8: field('unknown', 'bool') // no such field
    })
    const problems = [...wrong.fields].flatMap(([number, f]) => checkField(wrong, number, f, all))
    const spec = 'k8s.io.api.apps.v1.DeploymentSpec'
    expect(problems).toEqual([
      `${spec} field 1 (replicas): presence omitempty but Go pointer`,
      `${spec} field 2 (selector): string but real type 11 .k8s.io.apimachinery.pkg.apis.meta.v1.LabelSelector`,
      `${spec} field 3 (template): repeated but real single`,
      `${spec} field 3 (template): string but real type 11 .k8s.io.api.core.v1.PodTemplateSpec`,
      `${spec} field 8 (unknown): no such field in kubectl 1.32`
    ])
  })

  it('leaves out only fields that exist', () => {
    for (const [name, numbers] of Object.entries(LEFT_OUT)) {
      for (const number of numbers) expect(all.get(`.${name}`)?.fields.has(number), `${name} ${number}`).toBe(true)
    }
  })
})
