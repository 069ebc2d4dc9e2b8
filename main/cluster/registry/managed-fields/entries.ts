import { isEmpty, type FieldSet } from './field-set'
import { decodeFieldsV1, encodeFieldsV1 } from './fields-cache'
import { sortShort } from '../../apimachinery/small-sort'

/**
 * metadata.managedFields, decoded: one entry per manager identity, each with
 * the set of fields it owns. As in the apiserver, an identity is the
 * manager's name, operation, subresource and (for Update only) apiVersion,
 * so repeated writes of one manager merge into one entry.
 */

export type Operation = 'Apply' | 'Update'

export interface ManagerEntry {
  manager: string
  operation: Operation
  apiVersion: string
  subresource?: string
  time?: string
  set: FieldSet
}

/** The wire form of an entry (meta/v1 ManagedFieldsEntry, fields in Go's order). */
export interface ManagedFieldsEntry {
  manager?: string
  operation?: string
  apiVersion?: string
  time?: string
  fieldsType?: string
  fieldsV1?: Record<string, unknown>
  subresource?: string
}

export type Managers = Map<string, ManagerEntry>

/** Identities computed, by their parts (a few managers write everything: each identity is built once). */
const identities = new Map<string, Map<string, string>>()

/** The identity of an entry (BuildManagerIdentifier): what makes two writes the same manager's. */
export function identityOf(e: Pick<ManagerEntry, 'manager' | 'operation' | 'apiVersion' | 'subresource'>): string {
  const manager = e.manager || undefined
  const apiVersion = e.operation === 'Apply' ? undefined : e.apiVersion || undefined
  const subresource = e.subresource || undefined
  // The parts, each after its length, so that no two sets of parts give one key.
  const m = manager ?? ''
  const a = apiVersion ?? ''
  const parts = `${m.length}:${m}${a.length}:${a}${subresource ?? ''}`
  let byParts = identities.get(e.operation)
  if (!byParts) identities.set(e.operation, (byParts = new Map()))
  let id = byParts.get(parts)
  if (id === undefined) {
    id = JSON.stringify({ manager, operation: e.operation, apiVersion, subresource })
    if (byParts.size < 1024) byParts.set(parts, id)
  }
  return id
}

/**
 * Entries from metadata.managedFields; undefined when they cannot be decoded
 * (an unknown operation or fieldsType, or fieldsV1 that is not a field set),
 * in which case the apiserver keeps the live object's entries.
 */
export function decodeManagers(raw: unknown): Managers | undefined {
  if (!Array.isArray(raw)) return undefined
  const out: Managers = new Map()
  for (const item of raw) {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return undefined
    const e = item as ManagedFieldsEntry
    if ((e.operation !== 'Apply' && e.operation !== 'Update') || e.fieldsType !== 'FieldsV1') return undefined
    if (typeof e.manager !== 'string' && e.manager !== undefined) return undefined
    const set = decodeFieldsV1(e.fieldsV1 ?? {})
    if (!set) return undefined
    const entry: ManagerEntry = {
      manager: e.manager ?? '',
      operation: e.operation,
      apiVersion: typeof e.apiVersion === 'string' ? e.apiVersion : '',
      set
    }
    if (typeof e.subresource === 'string' && e.subresource) entry.subresource = e.subresource
    if (typeof e.time === 'string') entry.time = e.time
    out.set(identityOf(entry), entry)
  }
  return out
}

/** Whether a request asks to clear managedFields: `[]`, or one empty entry. */
export function isResetRequest(raw: unknown): boolean {
  if (!Array.isArray(raw)) return false
  if (raw.length === 0) return true
  return raw.length === 1 && raw[0] !== null && typeof raw[0] === 'object' && Object.keys(raw[0] as object).length === 0
}

/** The wire form, sorted as the apiserver sorts it: Apply before Update, then by time, manager, apiVersion, subresource. */
export function encodeManagers(managers: Managers): ManagedFieldsEntry[] {
  const entries: ManagerEntry[] = []
  for (const e of managers.values()) if (!isEmpty(e.set)) entries.push(e)
  // Each time parsed once, not twice per comparison.
  const times = new Map<ManagerEntry, number>()
  for (const e of entries) times.set(e, e.time ? Date.parse(e.time) : 0)
  sortShort(entries, (p, q) => {
    if (p.operation !== q.operation) return p.operation < q.operation ? -1 : 1
    const pt = times.get(p)!
    const qt = times.get(q)!
    if (pt !== qt) return pt - qt
    for (const k of ['manager', 'apiVersion', 'subresource'] as const) {
      const a = p[k] ?? ''
      const b = q[k] ?? ''
      if (a !== b) return a < b ? -1 : 1
    }
    return 0
  })
  return entries.map((e) => {
    const out: ManagedFieldsEntry = { manager: e.manager, operation: e.operation, apiVersion: e.apiVersion }
    if (e.time) out.time = e.time
    out.fieldsType = 'FieldsV1'
    out.fieldsV1 = encodeFieldsV1(e.set)
    if (e.subresource) out.subresource = e.subresource
    return out
  })
}

/** Whether two encodings differ only in their entries' times (the apiserver then keeps the old times: no new revision). */
export function sameButTimes(a: unknown, b: unknown): boolean {
  const strip = (x: unknown): string => JSON.stringify(Array.isArray(x) ? x.map((e) => ({ ...(e as object), time: undefined })) : x)
  return strip(a) === strip(b)
}
