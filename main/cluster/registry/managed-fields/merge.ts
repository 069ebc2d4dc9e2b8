import type { FieldPath, FieldSet } from './field-set'
import { hasAtOrBelow, members } from './field-set'
import type { Shape } from './shape'
import { indexItems, isMap, itemElement } from './walk'

/**
 * Server-side apply's merge of an applied configuration into the live
 * object, by the schema's topology (structured-merge-diff's Merge, not
 * strategic merge): structs and maps merge by field, associative lists by
 * their keys, sets by value; leaves and atomic values are replaced whole.
 */
export function mergeApplied(live: unknown, applied: unknown, shape: Shape): unknown {
  if (applied === undefined) return live
  if (shape.kind === 'leaf' || applied === null) return applied
  if (shape.kind === 'fields') {
    if (!isMap(applied)) return applied
    const out: Record<string, unknown> = isMap(live) ? { ...live } : {}
    for (const [k, v] of Object.entries(applied)) {
      if (v === undefined) continue
      // A null in an applied configuration clears the field (the applier still owns it).
      if (v === null) delete out[k]
      else out[k] = mergeApplied(out[k], v, shape.field(k))
    }
    return out
  }
  if (!Array.isArray(applied)) return applied
  return mergeLists(Array.isArray(live) ? live : [], applied, shape)
}

/**
 * Items of both lists: live items keep their places, applied items come in
 * the applied order (new ones just before the next item both lists share),
 * and items in both are merged.
 */
function mergeLists(live: unknown[], applied: unknown[], shape: Shape & { kind: 'list' }): unknown[] {
  const appliedItems = indexItems(shape, applied)
  const appliedOrder = [...appliedItems.keys()]
  const emitted = new Set<string>()
  const out: unknown[] = []
  let next = 0
  const liveItems = live.map((item, i) => ({ pe: itemElement(shape, item, i), item }))
  const liveByElement = new Map(liveItems.map((x) => [x.pe, x.item]))
  const emitApplied = (pe: string): void => {
    if (emitted.has(pe)) return
    emitted.add(pe)
    out.push(mergeApplied(liveByElement.get(pe), appliedItems.get(pe), shape.item))
  }
  for (const { pe, item } of liveItems) {
    if (!appliedItems.has(pe)) {
      out.push(item)
      continue
    }
    if (emitted.has(pe)) continue
    // Everything before an unemitted item in applied order has been emitted: pe lies ahead.
    while (appliedOrder[next] !== pe) emitApplied(appliedOrder[next++])
    next++
    emitApplied(pe)
  }
  for (; next < appliedOrder.length; next++) emitApplied(appliedOrder[next])
  return out
}

/**
 * Removes from `obj` the fields an applier applied before (`lastApplied`)
 * and no longer applies, unless some manager (the applier's new set
 * included) still owns them or something below them.
 */
export function pruneUnowned(obj: Record<string, unknown>, lastApplied: FieldSet, owned: FieldSet, shape: Shape): void {
  for (const path of members(lastApplied)) {
    if (!hasAtOrBelow(owned, path)) removeAt(obj, path, shape)
  }
}

function removeAt(obj: unknown, path: FieldPath, shape: Shape): void {
  let node: unknown = obj
  let s = shape
  for (let i = 0; i < path.length; i++) {
    const pe = path[i]
    const last = i === path.length - 1
    if (s.kind === 'fields' && pe.startsWith('f:') && isMap(node)) {
      const name = pe.slice(2)
      if (last) delete node[name]
      node = node[name]
      s = s.field(name)
    } else if (s.kind === 'list' && Array.isArray(node)) {
      const list = node
      const index = list.findIndex((item, j) => itemElement(s as Shape & { kind: 'list' }, item, j) === pe)
      if (index < 0) return
      if (last) list.splice(index, 1)
      node = list[index]
      s = s.item
    } else return
    if (node === undefined) return
  }
}
