import { deepEqual } from '../../apimachinery/validation'
import { emptySet, insert, type FieldSet, type PathElement } from './field-set'
import { keyDefaults } from './list-types'
import type { Shape } from './shape'

/**
 * The two walks of structured-merge-diff over typed values: the set of
 * fields a value sets (what an applier comes to own) and the comparison of
 * two values (what an update added, modified or removed).
 */

type Json = unknown
type JsonMap = Record<string, unknown>

export function isMap(v: Json): v is JsonMap {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}

/** Whether a value at a position is owned whole: scalars, atomic types, and values that do not fit their shape. */
function isLeaf(shape: Shape, v: Json): boolean {
  if (shape.kind === 'leaf') return true
  // An absent or null container is an empty one.
  if (v === undefined || v === null) return false
  return shape.kind === 'fields' ? !isMap(v) : !Array.isArray(v)
}

/** The path element of list item `i`: by its keys, by its value, or by index. */
export function itemElement(shape: Shape & { kind: 'list' }, item: Json, index: number): PathElement {
  if (shape.list === 'set') return `v:${JSON.stringify(item)}`
  if (!isMap(item)) return `i:${index}`
  const key: JsonMap = {}
  for (const k of [...shape.keys].sort()) {
    const v = k in item ? item[k] : keyDefaults[k]
    if (v !== undefined) key[k] = v
  }
  return `k:${JSON.stringify(key)}`
}

/** Items of a list by path element (the last of duplicates wins). */
export function indexItems(shape: Shape & { kind: 'list' }, list: Json): Map<PathElement, Json> {
  const out = new Map<PathElement, Json>()
  if (Array.isArray(list)) list.forEach((item, i) => out.set(itemElement(shape, item, i), item))
  return out
}

/** The fields `value` sets, as smd's ToFieldSet: leaves, list items, map entries that are not struct fields, and empty or null values. */
export function fieldSetOf(value: Json, shape: Shape, set: FieldSet = emptySet(), path: PathElement[] = []): FieldSet {
  if (isLeaf(shape, value)) {
    if (path.length) insert(set, path)
    return set
  }
  if (shape.kind === 'list') {
    const items = indexItems(shape, value)
    for (const [pe, item] of items) {
      fieldSetOf(item, shape.item, set, [...path, pe])
      insert(set, [...path, pe])
    }
    return set
  }
  if (shape.kind !== 'fields' || !isMap(value)) return set
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue
    const p = [...path, `f:${k}`]
    fieldSetOf(v, shape.field(k), set, p)
    if (v === null || (isMap(v) && Object.keys(v).length === 0)) insert(set, p)
  }
  return set
}

export interface Comparison {
  added: FieldSet
  modified: FieldSet
  removed: FieldSet
}

/** What changed from `lhs` to `rhs`, as smd's TypedValue.Compare. */
export function compare(lhs: Json, rhs: Json, shape: Shape): Comparison {
  const c: Comparison = { added: emptySet(), modified: emptySet(), removed: emptySet() }
  walkCompare(lhs, rhs, shape, [], c)
  return c
}

function walkCompare(lhs: Json, rhs: Json, shape: Shape, path: PathElement[], c: Comparison): void {
  const atRoot = path.length === 0
  if (!atRoot && (isLeaf(shape, lhs) || isLeaf(shape, rhs))) {
    if (lhs === undefined) insert(c.added, path)
    else if (rhs === undefined) insert(c.removed, path)
    else if (!deepEqual(lhs, rhs)) insert(c.modified, path)
    return
  }
  if (shape.kind === 'list') {
    const l = indexItems(shape, lhs)
    const r = indexItems(shape, rhs)
    for (const pe of new Set([...l.keys(), ...r.keys()])) walkCompare(l.get(pe), r.get(pe), shape.item, [...path, pe], c)
  } else if (shape.kind === 'fields') {
    const l = isMap(lhs) ? lhs : {}
    const r = isMap(rhs) ? rhs : {}
    for (const k of new Set([...Object.keys(l), ...Object.keys(r)])) {
      const lv = l[k]
      const rv = r[k]
      if (lv === undefined && rv === undefined) continue
      walkCompare(lv, rv, shape.field(k), [...path, `f:${k}`], c)
    }
  }
  if (atRoot) return
  if (lhs === undefined) insert(c.added, path)
  else if (rhs === undefined) insert(c.removed, path)
}
