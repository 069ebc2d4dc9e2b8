import type { GroupVersionKind } from '../../apimachinery/types'
import type { SchemaNode } from '../schema/model'
import { schemaNameFor, typeDef } from '../schema/schemas'
import { atomicMapFields, atomicTypes, listTypes, shortTypeName } from './list-types'

/**
 * How a position of an object merges and is owned, as structured-merge-diff
 * sees its schema: a scalar or atomic value is owned whole (a leaf); a
 * struct or map is owned field by field; a list is atomic, a set (items by
 * value) or associative (items by their key fields).
 */
export type Shape =
  | { kind: 'leaf' }
  | { kind: 'fields'; field(name: string): Shape }
  | { kind: 'list'; list: 'set' | 'map'; keys: readonly string[]; item: Shape }

export const leaf: Shape = { kind: 'leaf' }

/** A position with no schema (unknown kinds, custom resources): maps by field, lists atomic, as smd's deduced type. */
export const deduced: Shape = { kind: 'fields', field: () => deduced }

const cache = new Map<string, Shape>()

/** The shape of a whole object of a kind; deduced when the schema model does not know the kind. */
export function shapeOfKind(gvk: GroupVersionKind): Shape {
  const name = schemaNameFor(gvk)
  return name ? shapeOfType(name) : deduced
}

function shapeOfType(name: string): Shape {
  const hit = cache.get(name)
  if (hit) return hit
  const def = typeDef(name)
  let shape: Shape
  if (!def || def.opaque === 'object') shape = def ? leaf : deduced
  else if (def.opaque || atomicTypes.has(shortTypeName(name))) shape = leaf
  else {
    const fields = new Map<string, Shape>()
    const properties = def.properties ?? {}
    shape = {
      kind: 'fields',
      field(field: string): Shape {
        let s = fields.get(field)
        if (!s) {
          const node = Object.prototype.hasOwnProperty.call(properties, field) ? properties[field] : undefined
          s = node ? shapeOfNode(node, `${shortTypeName(name)}.${field}`) : deduced
          fields.set(field, s)
        }
        return s
      }
    }
  }
  cache.set(name, shape)
  return shape
}

function shapeOfNode(node: SchemaNode, owner: string): Shape {
  if ('ref' in node) return shapeOfType(node.ref)
  switch (node.type) {
    case 'array': {
      const listType = listTypes[owner]
      if (!listType) return leaf
      return listType === 'set' ? { kind: 'list', list: 'set', keys: [], item: leaf } : { kind: 'list', list: 'map', keys: listType, item: shapeOfNode(node.items, '') }
    }
    case 'object': {
      if (atomicMapFields.has(owner)) return leaf
      const value = shapeOfNode(node.additionalProperties, '')
      return { kind: 'fields', field: () => value }
    }
    default:
      return leaf
  }
}
