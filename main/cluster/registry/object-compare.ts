import type { KubeObject } from '../apimachinery/types'
import { deepEqual } from '../apimachinery/validation'

/** How the write pipeline compares a new version of an object with the stored one. */

/** Whether anything but metadata and status differs: the rule for bumping generation. */
export function specChanged(obj: KubeObject, old: KubeObject): boolean {
  const keys = new Set([...Object.keys(obj), ...Object.keys(old)])
  for (const k of keys) {
    if (k === 'metadata' || k === 'status' || k === 'apiVersion' || k === 'kind') continue
    if (!deepEqual(obj[k], old[k])) return true
  }
  return false
}

/** Equal but for resourceVersion: such a write is a no-op and does not bump the revision, as in the apiserver. */
export function sameObject(obj: KubeObject, old: KubeObject): boolean {
  // The body first: a write usually changes it (a status write its status), and that answers before metadata's managedFields are walked.
  const keys = new Set([...Object.keys(obj), ...Object.keys(old)])
  for (const k of keys) if (k !== 'metadata' && !deepEqual(obj[k], old[k])) return false
  const { resourceVersion: _a, ...m1 } = obj.metadata
  const { resourceVersion: _b, ...m2 } = old.metadata
  return deepEqual(m1, m2)
}
