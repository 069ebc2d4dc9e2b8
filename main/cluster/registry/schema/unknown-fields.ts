import type { GroupVersionKind } from '../../apimachinery/types'
import { JsonEntries, parseJsonEntries } from './json-entries'
import { type SchemaNode, type TypeDef, definitionName } from './model'
import { typeDef } from './schemas'

/**
 * Unknown and duplicate fields, found as kube-apiserver's strict decoder
 * finds them (sigs.k8s.io/json UnmarshalStrict, runtime's
 * FromUnstructuredWithValidation): field paths joined with `.`, list items
 * as `[i]`, map keys as `.key`. Map values (labels, annotations, data) are
 * never unknown; types with their own JSON form (Quantity, IntOrString,
 * Time, RawExtension, FieldsV1) are not looked into, nor are the values of
 * unknown fields.
 */

/** Go's decoder keeps at most this many strict errors. */
export const maxStrictErrors = 100

/** `unknown field "spec.containers[0].imagee"` */
export function unknownFieldMessage(path: string): string {
  return `unknown field ${JSON.stringify(path)}`
}

/** `duplicate field "spec.replicas"` */
export function duplicateFieldMessage(path: string): string {
  return `duplicate field ${JSON.stringify(path)}`
}

interface Problem {
  kind: 'unknown' | 'duplicate'
  path: string
  /** For an unknown field of a decoded object: the object holding it and its key. */
  owner?: Record<string, unknown>
  key?: string
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key
}

/** Members of an object value, or undefined for anything else. */
function membersOf(v: unknown): Array<[string, unknown]> | undefined {
  if (v instanceof JsonEntries) return v.entries
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) return Object.entries(v)
  return undefined
}

function walkNode(value: unknown, node: SchemaNode, path: string, out: Problem[]): void {
  if (value === null || typeof value !== 'object') return
  if ('ref' in node) {
    const def = typeDef(node.ref)
    if (def) walkType(value, def, path, out)
    return
  }
  if (node.type === 'array') {
    if (Array.isArray(value)) value.forEach((item, i) => walkNode(item, node.items, `${path}[${i}]`, out))
    return
  }
  if (node.type === 'object') {
    const members = membersOf(value)
    if (!members) return
    const seen = new Set<string>()
    for (const [key, v] of members) {
      const p = join(path, key)
      if (seen.has(key)) out.push({ kind: 'duplicate', path: p })
      seen.add(key)
      walkNode(v, node.additionalProperties, p, out)
    }
  }
}

function walkType(value: unknown, def: TypeDef, path: string, out: Problem[]): void {
  if (def.opaque || !def.properties) return
  const members = membersOf(value)
  if (!members) return
  const seen = new Set<string>()
  for (const [key, v] of members) {
    const p = join(path, key)
    const prop = Object.prototype.hasOwnProperty.call(def.properties, key) ? def.properties[key] : undefined
    if (!prop) {
      out.push(value instanceof JsonEntries ? { kind: 'unknown', path: p } : { kind: 'unknown', path: p, owner: value as Record<string, unknown>, key })
      continue
    }
    if (seen.has(key)) out.push({ kind: 'duplicate', path: p })
    seen.add(key)
    walkNode(v, prop, p, out)
  }
}

function problems(gvk: GroupVersionKind, value: unknown): Problem[] {
  const def = typeDef(definitionName(gvk))
  const out: Problem[] = []
  if (def) walkType(value, def, '', out)
  return out
}

/**
 * Paths of the fields of `obj` that the kind's schema does not have, in
 * document order (`["spec.containers[0].imagee"]`); empty when the kind has
 * no schema. `obj` is the decoded body in the request's version.
 */
export function findUnknownFields(gvk: GroupVersionKind, obj: unknown): string[] {
  return [...new Set(problems(gvk, obj).map((p) => p.path))]
}

/**
 * Removes the fields the kind's schema does not have from `obj`, in place,
 * as decoding into the Go type does whatever the fieldValidation directive
 * (Warn and Ignore store the object without them). Returns their paths.
 */
export function dropUnknownFields(gvk: GroupVersionKind, obj: unknown): string[] {
  const found = problems(gvk, obj).filter((p) => p.kind === 'unknown')
  for (const p of found) if (p.owner && p.key !== undefined) delete p.owner[p.key]
  return [...new Set(found.map((p) => p.path))]
}

/**
 * The strict decoding errors of a request body, as kube-apiserver lists them
 * in `strict decoding error: ...` and in Warning headers: `unknown field "x"`
 * and `duplicate field "y"` messages in document order, deduplicated, at most
 * 100. Give the raw JSON text to also find duplicate fields (JSON.parse keeps
 * only the last); a decoded object (e.g. from YAML, or a patched object)
 * yields unknown fields only. Invalid JSON text yields [].
 */
export function strictDecodingErrors(gvk: GroupVersionKind, body: string | unknown): string[] {
  const value = typeof body === 'string' ? parseJsonEntries(body) : body
  const seen = new Set<string>()
  const out: string[] = []
  for (const p of problems(gvk, value)) {
    const message = p.kind === 'unknown' ? unknownFieldMessage(p.path) : duplicateFieldMessage(p.path)
    if (seen.has(message)) continue
    seen.add(message)
    out.push(message)
    if (out.length >= maxStrictErrors) break
  }
  return out
}
