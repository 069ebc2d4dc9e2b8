import { union } from './field-set'
import { identityOf, type ManagerEntry, type Managers } from './entries'

/** How many Update entries an object keeps, as the apiserver's capManagersManager. */
export const maxUpdateManagers = 10

/** The manager the oldest Update entries are merged into. */
export const ancientChanges = 'ancient-changes'

/**
 * Keeps at most ten Update entries: the oldest are merged, per apiVersion,
 * into an `ancient-changes` entry, so that objects written by many clients
 * do not grow without bound. Apply entries are never merged.
 */
export function capUpdaters(managers: Managers): Managers {
  const updaters = [...managers.entries()].filter(([, e]) => e.operation === 'Update')
  if (updaters.length <= maxUpdateManagers) return managers
  const seconds = (e: ManagerEntry): number => (e.time ? Math.floor(Date.parse(e.time) / 1000) : 0)
  updaters.sort(([ia, a], [ib, b]) => seconds(a) - seconds(b) || (ia < ib ? -1 : ia > ib ? 1 : 0))
  const out = new Map(managers)
  const firstOfVersion = new Map<string, string>()
  let length = updaters.length
  for (const [id, e] of updaters) {
    if (length <= maxUpdateManagers) break
    const first = firstOfVersion.get(e.apiVersion)
    if (first === undefined) {
      firstOfVersion.set(e.apiVersion, id)
      continue
    }
    const bucket: ManagerEntry = { manager: ancientChanges, operation: 'Update', apiVersion: e.apiVersion, set: e.set }
    const bucketId = identityOf(bucket)
    // The first entry of a version becomes the bucket when a second one of that version joins it.
    const into = out.get(bucketId) ?? out.get(first)!
    if (!out.has(bucketId)) out.delete(first)
    out.delete(id)
    // The bucket takes the time of the more recent update merged into it.
    out.set(bucketId, { ...bucket, set: union(into.set, e.set), time: e.time })
    length--
  }
  return out
}
