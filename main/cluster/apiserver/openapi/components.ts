import type { GroupVersionKind } from '../../apimachinery/types'
import type { PatchMeta } from '../patch/patch-meta'
import type { PropertyNode, SchemaNode, TypeDef } from '../../registry/schema/model'
import { typeDef } from '../../registry/schema/schemas'

/**
 * `components.schemas` of an OpenAPI v3 document, rendered from the schema
 * model: one schema per named type reachable from the document's roots,
 * named as Kubernetes names them, with `allOf: [{$ref}]` around referenced
 * fields (so that a field's own description sits beside the reference), the
 * kinds' `x-kubernetes-group-version-kind`, and the strategic-merge
 * `x-kubernetes-patch-strategy` / `x-kubernetes-patch-merge-key` of the
 * patch metadata (apiserver/patch/patch-meta-core.ts).
 */

/** JSON Schema object as written into the document. */
export type JsonSchema = Record<string, unknown>

/** `#/components/schemas/<name>` */
export function schemaRef(name: string): { $ref: string } {
  return { $ref: `#/components/schemas/${name}` }
}

/** Patch extensions found for `<type>.<field>`. */
export type PatchExtensions = Map<string, { strategy?: string; mergeKey?: string }>

/** The named type a schema node leads to (through lists and maps), if any. */
function targetType(node: SchemaNode): string | undefined {
  if ('ref' in node) return node.ref
  if (node.type === 'array') return targetType(node.items)
  if (node.type === 'object') return targetType(node.additionalProperties)
  return undefined
}

/**
 * Records the patch strategy and merge key of every field the metadata
 * `meta` knows, walking from the named type `root` (a kind) down. Maps'
 * values are not followed (no built-in map value carries patch tags).
 */
export function collectPatchExtensions(root: string, meta: PatchMeta, into: PatchExtensions): void {
  const visited = new Set<string>()
  const walk = (typeName: string, m: PatchMeta): void => {
    const def = typeDef(typeName)
    if (!def?.properties) return
    for (const [fieldName, prop] of Object.entries(def.properties)) {
      const child = m.child(fieldName)
      if (!child) continue
      const key = `${typeName}.${fieldName}`
      if (child.strategy || child.mergeKey) into.set(key, { strategy: child.strategy, mergeKey: child.mergeKey })
      const target = 'type' in prop && prop.type === 'object' ? undefined : targetType(prop)
      if (target && !visited.has(`${key}>${target}`)) {
        visited.add(`${key}>${target}`)
        walk(target, child)
      }
    }
  }
  walk(root, meta)
}

/** Every named type reachable from `roots` (roots included), sorted. */
export function reachableTypes(roots: Iterable<string>): string[] {
  const seen = new Set<string>()
  const stack = [...roots]
  while (stack.length) {
    const name = stack.pop()!
    if (seen.has(name)) continue
    const def = typeDef(name)
    if (!def) continue
    seen.add(name)
    for (const prop of Object.values(def.properties ?? {})) {
      const t = targetType(prop)
      if (t && !seen.has(t)) stack.push(t)
    }
  }
  return [...seen].sort()
}

function renderNode(node: SchemaNode, inProperty: boolean): JsonSchema {
  if ('ref' in node) return inProperty ? { allOf: [schemaRef(node.ref)] } : schemaRef(node.ref)
  switch (node.type) {
    case 'array':
      return { type: 'array', items: renderNode(node.items, false) }
    case 'object':
      return { type: 'object', additionalProperties: renderNode(node.additionalProperties, false) }
    case 'boolean':
      return { type: 'boolean' }
    default:
      return node.format ? { type: node.type, format: node.format } : { type: node.type }
  }
}

function renderProperty(typeName: string, fieldName: string, prop: PropertyNode, patch: PatchExtensions): JsonSchema {
  const out: JsonSchema = { ...(prop.description ? { description: prop.description } : {}), ...renderNode(prop, true) }
  const ext = patch.get(`${typeName}.${fieldName}`)
  if (ext?.mergeKey) out['x-kubernetes-patch-merge-key'] = ext.mergeKey
  if (ext?.strategy) out['x-kubernetes-patch-strategy'] = ext.strategy
  return out
}

/** One named type as a component schema. `gvks` overrides the model's kinds (for Status, DeleteOptions, WatchEvent). */
export function renderType(name: string, def: TypeDef, patch: PatchExtensions, gvks?: GroupVersionKind[]): JsonSchema {
  const out: JsonSchema = def.description ? { description: def.description } : {}
  switch (def.opaque) {
    case 'quantity':
      return { ...out, oneOf: [{ type: 'string' }, { type: 'number' }] }
    case 'int-or-string':
      return { ...out, format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }], 'x-kubernetes-int-or-string': true }
    case 'date-time':
      return { ...out, type: 'string', format: 'date-time' }
    case 'object':
      return { ...out, type: 'object' }
  }
  const properties: Record<string, JsonSchema> = {}
  for (const [fieldName, prop] of Object.entries(def.properties ?? {})) properties[fieldName] = renderProperty(name, fieldName, prop, patch)
  out.properties = properties
  if (def.required?.length) out.required = def.required
  out.type = 'object'
  const kinds = gvks ?? def.gvk
  if (kinds?.length) out['x-kubernetes-group-version-kind'] = kinds.map((k) => ({ group: k.group, kind: k.kind, version: k.version }))
  return out
}

/** components.schemas for the given roots. */
export function renderSchemas(roots: Iterable<string>, patch: PatchExtensions, gvkOverrides: ReadonlyMap<string, GroupVersionKind[]>): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {}
  for (const name of reachableTypes(roots)) out[name] = renderType(name, typeDef(name)!, patch, gvkOverrides.get(name))
  return out
}
