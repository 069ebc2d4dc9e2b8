import { deepEqual } from '../../apimachinery/validation'
import { emptySet, insert, pathString, type FieldSet, type PathElement } from './field-set'
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

/** Field path elements made lately, bounded: the same few field names recur in every write, map keys may be anything. */
const FIELD_ELEMENTS_KEPT = 4096
const fieldElements = new Map<string, PathElement>()

/** `f:<name>`, the same string for the same name (a compare visits every field of both objects: a new string for each was most of its garbage). */
function fieldElement(name: string): PathElement {
  let pe = fieldElements.get(name)
  if (pe === undefined) {
    pe = `f:${name}`
    if (fieldElements.size < FIELD_ELEMENTS_KEPT) fieldElements.set(name, pe)
  }
  return pe
}

/** The path element of list item `i`: by its keys, by its value, or by index. */
export function itemElement(shape: Shape & { kind: 'list' }, item: Json, index: number): PathElement {
  if (shape.list === 'set') return `v:${JSON.stringify(item)}`
  if (!isMap(item)) return `i:${index}`
  // The JSON of the key fields in sorted order, written out directly (every condition and container status of every write goes through here).
  let out = 'k:{'
  let first = true
  for (const k of sortedKeysOf(shape.keys)) {
    const v = k in item ? item[k] : keyDefaults[k]
    if (v === undefined) continue
    out += `${first ? '' : ','}${quotedKey(k)}:${JSON.stringify(v)}`
    first = false
  }
  return `${out}}`
}

const sortedKeyLists = new WeakMap<readonly string[], readonly string[]>()
/** Key field names as JSON strings: a few names (type, name, ip, containerPort, ...) quoted for every item of every write. */
const quotedKeys = new Map<string, string>()

function quotedKey(k: string): string {
  let q = quotedKeys.get(k)
  if (q === undefined) quotedKeys.set(k, (q = JSON.stringify(k)))
  return q
}

function sortedKeysOf(keys: readonly string[]): readonly string[] {
  let sorted = sortedKeyLists.get(keys)
  if (!sorted) sortedKeyLists.set(keys, (sorted = [...keys].sort()))
  return sorted
}

/** Items of a list by path element (the last of duplicates wins). */
export function indexItems(shape: Shape & { kind: 'list' }, list: Json): Map<PathElement, Json> {
  const out = new Map<PathElement, Json>()
  if (Array.isArray(list)) list.forEach((item, i) => out.set(itemElement(shape, item, i), item))
  return out
}

/** The fields `value` sets, as smd's ToFieldSet: leaves, list items, map entries that are not struct fields, and empty or null values. */
export function fieldSetOf(value: Json, shape: Shape): FieldSet {
  const set = emptySet()
  collectFields(value, shape, set, [])
  return set
}

/** `path` is the walk's stack: pushed and popped, copied only by insert. */
function collectFields(value: Json, shape: Shape, set: FieldSet, path: PathElement[]): void {
  if (isLeaf(shape, value)) {
    if (path.length) insert(set, path)
    return
  }
  if (shape.kind === 'list') {
    for (const [pe, item] of indexItems(shape, value)) {
      path.push(pe)
      collectFields(item, shape.item, set, path)
      insert(set, path)
      path.pop()
    }
    return
  }
  if (shape.kind !== 'fields' || !isMap(value)) return
  for (const k in value) {
    const v = value[k]
    if (v === undefined) continue
    path.push(fieldElement(k))
    collectFields(v, shape.field(k), set, path)
    if (v === null || (isMap(v) && isEmptyMap(v))) insert(set, path)
    path.pop()
  }
}

function isEmptyMap(v: JsonMap): boolean {
  for (const _ in v) return false
  return true
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

function descend(lhs: Json, rhs: Json, shape: Shape, path: PathElement[], pe: PathElement, c: Comparison): void {
  path.push(pe)
  walkCompare(lhs, rhs, shape, path, c)
  path.pop()
}

function walkCompare(lhs: Json, rhs: Json, shape: Shape, path: PathElement[], c: Comparison): void {
  // One shared (frozen) subtree on both sides, as a status write keeps the stored spec: nothing changed in it.
  if (lhs === rhs && typeof lhs === 'object' && lhs !== null) return
  const atRoot = path.length === 0
  if (!atRoot && (isLeaf(shape, lhs) || isLeaf(shape, rhs))) {
    if (lhs === undefined) insert(c.added, path)
    else if (rhs === undefined) insert(c.removed, path)
    else if (!deepEqual(lhs, rhs)) insert(c.modified, path)
    return
  }
  if (shape.kind === 'list') {
    // Equal lists change nothing: found without keying every item (conditions, container statuses and owner references of every write).
    if (lhs !== undefined && deepEqual(lhs, rhs)) return
    if ((Array.isArray(lhs) ? lhs.length : 0) + (Array.isArray(rhs) ? rhs.length : 0) <= SHORT_LISTS) {
      compareShortLists(lhs, rhs, shape, path, c)
      return finish(lhs, rhs, path, c)
    }
    const l = indexItems(shape, lhs)
    const r = indexItems(shape, rhs)
    for (const [pe, lv] of l) descend(lv, r.get(pe), shape.item, path, pe, c)
    for (const [pe, rv] of r) if (!l.has(pe)) descend(undefined, rv, shape.item, path, pe, c)
  } else if (shape.kind === 'fields') {
    // So are equal top-level fields: a status write's metadata, as stored, is not walked key by key.
    if (path.length === 1 && lhs !== undefined && deepEqual(lhs, rhs)) return
    const l = isMap(lhs) ? lhs : {}
    const r = isMap(rhs) ? rhs : {}
    for (const k in l) if (l[k] !== undefined || r[k] !== undefined) descend(l[k], r[k], shape.field(k), path, fieldElement(k), c)
    for (const k in r) if (!(k in l) && r[k] !== undefined) descend(undefined, r[k], shape.field(k), path, fieldElement(k), c)
  }
  finish(lhs, rhs, path, c)
}

/** A list or map itself added or removed (below the root). */
function finish(lhs: Json, rhs: Json, path: PathElement[], c: Comparison): void {
  if (path.length === 0) return
  if (lhs === undefined) insert(c.added, path)
  else if (rhs === undefined) insert(c.removed, path)
}

/** Lists this short (both sides' items together) are matched by scanning, without a Map per side: conditions, container statuses, pod IPs. */
const SHORT_LISTS = 16

/**
 * The list comparison of walkCompare over items kept in arrays: the same
 * visits in the same order as with indexItems' Maps (items by path element,
 * the first position of duplicates with the last one's value; the left
 * side's, then the right side's new ones).
 */
function compareShortLists(lhs: Json, rhs: Json, shape: Shape & { kind: 'list' }, path: PathElement[], c: Comparison): void {
  const lp: PathElement[] = []
  const lv: Json[] = []
  const rp: PathElement[] = []
  const rv: Json[] = []
  itemsInto(shape, lhs, lp, lv)
  itemsInto(shape, rhs, rp, rv)
  for (let i = 0; i < lp.length; i++) {
    const j = rp.indexOf(lp[i])
    descend(lv[i], j >= 0 ? rv[j] : undefined, shape.item, path, lp[i], c)
  }
  for (let j = 0; j < rp.length; j++) if (!lp.includes(rp[j])) descend(undefined, rv[j], shape.item, path, rp[j], c)
}

/** indexItems into two arrays: path elements in first-seen order, each with its last item. */
function itemsInto(shape: Shape & { kind: 'list' }, list: Json, pes: PathElement[], items: Json[]): void {
  if (!Array.isArray(list)) return
  for (let i = 0; i < list.length; i++) {
    if (!(i in list)) continue // forEach skips holes too
    const pe = itemElement(shape, list[i], i)
    const at = pes.indexOf(pe)
    if (at >= 0) items[at] = list[i]
    else {
      pes.push(pe)
      items.push(list[i])
    }
  }
}

/**
 * The first associative list or set in `value` holding two items with the
 * same key, as smd reports it (`.spec.containers: duplicate entries for key
 * [name="web"]`); undefined when there is none. An applied configuration
 * with one is refused: merging by key would silently drop an item.
 */
export function duplicateKeyError(value: Json, shape: Shape, path: PathElement[] = []): string | undefined {
  if (shape.kind === 'list' && Array.isArray(value)) {
    const seen = new Set<PathElement>()
    for (let i = 0; i < value.length; i++) {
      const pe = itemElement(shape, value[i], i)
      if (seen.has(pe)) {
        const where = pathString(path)
        return shape.list === 'set' ? `${where}: duplicate entries for key ${pe.slice(2)}` : `${where}: duplicate entries for key ${pathString([pe])}`
      }
      seen.add(pe)
      const inner = duplicateKeyError(value[i], shape.item, [...path, pe])
      if (inner) return inner
    }
  } else if (shape.kind === 'fields' && isMap(value)) {
    for (const k in value) {
      const inner = duplicateKeyError(value[k], shape.field(k), [...path, `f:${k}`])
      if (inner) return inner
    }
  }
  return undefined
}
