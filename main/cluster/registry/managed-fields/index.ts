import { apiVersionOf, type KubeObject } from '../../apimachinery/types'
import type { ResourceDefinition } from '../types'
import { fromStored } from '../versioning'
import { emptySet, insert, type FieldSet } from './field-set'
import { decodeManagers, encodeManagers, isResetRequest, type ManagedFieldsEntry, type Managers } from './entries'
import { shapeOfKind } from './shape'
import { recordUpdate, type Write } from './updater'
import { zeroObject } from './zero-object'

/**
 * Field management in the write pipeline: every create and update made by a
 * named manager records, in metadata.managedFields, which fields that
 * manager now owns (see updater.ts). Server-side apply computes its entries
 * itself (server-side-apply.ts) and says so with `managedFieldsComputed`.
 */

export interface FieldManagement {
  /** Who writes: ?fieldManager=, or the User-Agent's product; writes without one (in-process components) leave ownership as it is. */
  fieldManager?: string
  subresource?: string
  managedFieldsComputed?: boolean
}

export { managerOf } from './manager-name'

/** A copy of an object without its managedFields, as the bookkeeping compares objects. */
export function withoutManagedFields(obj: KubeObject): Record<string, unknown> {
  const { managedFields: _m, ...metadata } = obj.metadata ?? {}
  return { ...obj, metadata }
}

/** The bookkeeping context of one write of `def` in `version`. */
export function writeOf(def: ResourceDefinition, version: string, operation: 'Apply' | 'Update', manager: string, subresource: string | undefined, now: string, objects: KubeObject[]): Write {
  const gvk = { group: def.group, version, kind: def.kind }
  return {
    actor: { manager, operation, apiVersion: apiVersionOf(def.group, version), ...(subresource ? { subresource } : {}) },
    shape: shapeOfKind(gvk),
    ignored: ignoredFields(def, subresource, objects),
    now
  }
}

/**
 * Fields a write may not own: the status on the main resource, everything but the status on `status`.
 * Built once per form and shared: the bookkeeping only reads it (sets are values), and every status
 * write of a kind ignores the same top-level fields (`spec`).
 */
function ignoredFields(def: ResourceDefinition, subresource: string | undefined, objects: KubeObject[]): FieldSet {
  if (subresource !== 'status') return def.hasStatus ? statusIgnored : nothingIgnored
  // The other top-level field names, in the order met: the cache key of their set.
  let key = ''
  for (const o of objects) for (const k in o) if (k !== 'metadata' && k !== 'status' && k !== 'apiVersion' && k !== 'kind') key += `${k}\u0000`
  let set = allButStatusIgnored.get(key)
  if (!set) {
    set = emptySet()
    // The key lists the names, in order, each followed by its separator.
    for (const k of key.split('\u0000')) if (k) insert(set, [`f:${k}`])
    // A few forms per kind; a client sending odd top-level fields must not grow the cache without bound.
    if (allButStatusIgnored.size < IGNORED_FORMS_KEPT) allButStatusIgnored.set(key, set)
  }
  return set
}

const IGNORED_FORMS_KEPT = 256
const nothingIgnored = emptySet()
const statusIgnored = emptySet()
insert(statusIgnored, ['f:status'])
/** The fields a status write ignores, by the names of the other top-level fields of its objects. */
const allButStatusIgnored = new Map<string, FieldSet>()

/** managedFields of an object being created (`obj` in the request's version, defaulted). */
export function managedFieldsForCreate(def: ResourceDefinition, version: string, obj: KubeObject, options: FieldManagement, now: string): ManagedFieldsEntry[] | undefined {
  const requested = obj.metadata?.managedFields
  const given = isResetRequest(requested) ? undefined : decodeManagers(requested)
  if (!options.fieldManager) return given?.size ? (requested as ManagedFieldsEntry[]) : undefined
  const zero = { apiVersion: obj.apiVersion, kind: obj.kind, ...zeroObject({ group: def.group, version, kind: def.kind }) }
  const w = writeOf(def, version, 'Update', options.fieldManager, options.subresource, now, [obj])
  return nonEmpty(recordUpdate(given ?? new Map(), zero, withoutManagedFields(obj), w))
}

/** managedFields of an object being updated from `old` to `obj` (both in the request's version). */
export function managedFieldsForUpdate(def: ResourceDefinition, version: string, old: KubeObject, obj: KubeObject, options: FieldManagement, now: string): ManagedFieldsEntry[] | undefined {
  const requested = obj.metadata?.managedFields
  const live = old.metadata?.managedFields
  // A write without a manager (an in-process component) leaves ownership as stored, whatever copy it wrote back.
  if (!options.fieldManager) return live as ManagedFieldsEntry[] | undefined
  // As the apiserver's decodeLiveOrNew: subresources always start from the live entries; a request may reset or replace them.
  const reset = !options.subresource && isResetRequest(requested)
  const fromRequest = options.subresource || reset ? undefined : decodeManagers(requested)
  let base: Managers
  if (reset) base = new Map()
  else if (fromRequest?.size) base = fromRequest
  else base = decodeManagers(live) ?? new Map()
  const w = writeOf(def, version, 'Update', options.fieldManager, options.subresource, now, [old, obj])
  return nonEmpty(recordUpdate(base, withoutManagedFields(old), withoutManagedFields(obj), w))
}

function nonEmpty(managers: Managers): ManagedFieldsEntry[] | undefined {
  const entries = encodeManagers(managers)
  return entries.length ? entries : undefined
}

/** Sets metadata.managedFields of `obj` (stored version) being created, unless apply computed them. */
export function trackCreate(def: ResourceDefinition, version: string, obj: KubeObject, options: FieldManagement, now: string): void {
  if (options.managedFieldsComputed) return
  setEntries(obj, managedFieldsForCreate(def, version, fromStored(def, version, obj), options, now))
}

/** Sets metadata.managedFields of `obj` (stored version) replacing `old`, unless apply computed them. */
export function trackUpdate(def: ResourceDefinition, version: string, old: KubeObject, obj: KubeObject, options: FieldManagement, now: string): void {
  if (options.managedFieldsComputed) return
  setEntries(obj, managedFieldsForUpdate(def, version, fromStored(def, version, old), fromStored(def, version, obj), options, now))
}

function setEntries(obj: KubeObject, entries: ManagedFieldsEntry[] | undefined): void {
  if (entries) obj.metadata.managedFields = entries as NonNullable<KubeObject['metadata']['managedFields']>
  else delete obj.metadata.managedFields
}
