import { difference, emptySet, insert, intersection, isEmpty, members, recursiveDifference, union, type FieldSet } from './field-set'
import type { FieldConflict } from './conflicts'
import { applyConflictError } from './conflicts'
import { capUpdaters } from './cap-updaters'
import { identityOf, type ManagerEntry, type Managers } from './entries'
import { mergeApplied, pruneUnowned } from './merge'
import type { Shape } from './shape'
import { compare, fieldSetOf, type Comparison } from './walk'

/**
 * Ownership bookkeeping of one write, as structured-merge-diff's Updater:
 * an update takes the fields it changed from every other manager; an apply
 * owns exactly what it applies, prunes what it stopped applying, and may
 * not change fields others own unless forced.
 */

/** What one write is, for the bookkeeping. */
export interface Write {
  /** The acting manager (its name, operation, apiVersion, subresource). */
  actor: Omit<ManagerEntry, 'set' | 'time'>
  shape: Shape
  /** Fields this write may not own (reset by the strategy: status on the main resource, spec on status). */
  ignored: FieldSet
  now: string
}

/** Fields the apiserver never records an owner for (the strip set). */
const stripped = (() => {
  const set = emptySet()
  for (const p of [['f:apiVersion'], ['f:kind'], ['f:metadata']]) insert(set, p)
  for (const f of ['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation', 'managedFields', 'resourceVersion']) {
    insert(set, ['f:metadata', `f:${f}`])
  }
  return set
})()

function ownable(set: FieldSet, w: Write): FieldSet {
  return difference(recursiveDifference(set, w.ignored), stripped)
}

/** Every set merged: what someone owns. */
function ownedByAnyone(managers: Managers): FieldSet {
  let all = emptySet()
  for (const e of managers.values()) all = union(all, e.set)
  return all
}

/**
 * Takes changed fields away from every manager but `actor`. Fields another
 * manager owns that the write added or modified are conflicts: returned
 * (and left alone) unless `force`.
 */
function takeOwnership(managers: Managers, c: Comparison, actor: string, w: Write, force: boolean): FieldConflict[] {
  return takeChanged(managers, recursiveDifference(union(c.added, c.modified), w.ignored), recursiveDifference(c.removed, w.ignored), actor, force)
}

/** takeOwnership of what a write changed and removed, both without the fields it may not own. */
function takeChanged(managers: Managers, changed: FieldSet, removed: FieldSet, actor: string, force: boolean): FieldConflict[] {
  // A forced write takes what it changed whoever owned it: conflicts are looked for only when they would stop it.
  if (!force) {
    const conflicts: FieldConflict[] = []
    for (const [id, e] of managers) {
      if (id === actor) continue
      for (const path of members(intersection(e.set, changed))) conflicts.push({ manager: e, path })
    }
    if (conflicts.length) return conflicts
  }
  for (const [id, e] of managers) {
    if (id === actor) continue
    const left = difference(difference(e.set, changed), removed)
    if (isEmpty(left)) managers.delete(id)
    else if (left !== e.set) managers.set(id, { ...e, set: left })
  }
  return []
}

/** The managers after an update (PUT, or a patch that is not an apply) from `live` to `next`. */
export function recordUpdate(managers: Managers, live: unknown, next: unknown, w: Write): Managers {
  const out = new Map(managers)
  const c = compare(live, next, w.shape)
  // What changed and what went, each worked out once for the gain and for taking it from the others.
  const touched = union(c.added, c.modified)
  const removed = recursiveDifference(c.removed, w.ignored)
  const gained = ownable(touched, w)
  const id = identityOf(w.actor)
  takeChanged(out, recursiveDifference(touched, w.ignored), removed, id, true)
  // The writer loses what it removed and (below) gains what it changed: taking its changed fields away only to add them back would
  // rebuild its set on every write, and a set that keeps its identity keeps its cached encoding.
  const own = out.get(id)
  if (own) {
    const left = difference(own.set, removed)
    if (isEmpty(left)) out.delete(id)
    else if (left !== own.set) out.set(id, { ...own, set: left })
  }
  if (isEmpty(gained)) return out
  const previous = out.get(id)?.set ?? emptySet()
  out.set(id, { ...w.actor, set: union(previous, gained), time: w.now })
  return capUpdaters(out)
}

/** An apply's result: the merged object and the managers after it. Throws 409 on conflicts unless forced. */
export function recordApply(managers: Managers, live: Record<string, unknown>, applied: Record<string, unknown>, w: Write, force: boolean): { object: Record<string, unknown>; managers: Managers } {
  const out = new Map(managers)
  const id = identityOf(w.actor)
  const lastApplied = out.get(id)?.set
  const configSet = ownable(fieldSetOf(applied, w.shape), w)
  let merged = mergeApplied(live, applied, w.shape) as Record<string, unknown>
  out.set(id, { ...w.actor, set: configSet, time: w.now })
  if (lastApplied) merged = pruneUnowned(merged, lastApplied, ownedByAnyone(out), w.shape)
  const conflicts = takeOwnership(out, compare(live, merged, w.shape), id, w, force)
  if (conflicts.length) throw applyConflictError(conflicts)
  if (isEmpty(configSet)) out.delete(id)
  return { object: merged, managers: capUpdaters(out) }
}

/**
 * The entry the apiserver gives an object's existing fields when it is
 * first applied to without any managedFields: `before-first-apply`, so that
 * fields set before tracking began are neither lost nor silently taken.
 */
export function beforeFirstApply(live: Record<string, unknown>, w: Write): ManagerEntry {
  return { manager: 'before-first-apply', operation: 'Update', apiVersion: w.actor.apiVersion, set: ownable(fieldSetOf(live, w.shape), w) }
}
