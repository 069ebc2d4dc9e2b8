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
 * `obj` without the fields an applier applied before (`lastApplied`) and no
 * longer applies, unless some manager (the applier's new set included) still
 * owns them or something below them. Copies what it changes: parts of the
 * merged object are shared with the stored one.
 */
export function pruneUnowned(obj: Record<string, unknown>, lastApplied: FieldSet, owned: FieldSet, shape: Shape): Record<string, unknown> {
  let out = obj
  for (const path of members(lastApplied)) {
    if (!hasAtOrBelow(owned, path)) out = without(out, path, 0, shape) as Record<string, unknown>
  }
  return out
}

function without(value: unknown, path: FieldPath, i: number, shape: Shape): unknown {
  const pe = path[i]
  const last = i === path.length - 1
  if (shape.kind === 'fields' && pe.startsWith('f:') && isMap(value)) {
    const name = pe.slice(2)
    if (!(name in value)) return value
    const out = { ...value }
    if (last) delete out[name]
    else out[name] = without(value[name], path, i + 1, shape.field(name))
    return out
  }
  if (shape.kind === 'list' && Array.isArray(value)) {
    const index = value.findIndex((item, j) => itemElement(shape, item, j) === pe)
    if (index < 0) return value
    const out = value.slice()
    if (last) out.splice(index, 1)
    else out[index] = without(value[index], path, i + 1, shape.item)
    return out
  }
  return value
}
