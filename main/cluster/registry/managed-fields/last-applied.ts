import type { StatusError } from '../../apimachinery/errors'
import { goJSONEncode } from '../../apimachinery/go-json'
import { members, pathString } from './field-set'
import type { Shape } from './shape'
import { fieldSetOf, isMap } from './walk'

/**
 * The bridge between client-side and server-side apply, as the apiserver
 * builds it for the manager `kubectl`: moving from `kubectl apply` to
 * `kubectl apply --server-side` takes over, without conflicts, the fields
 * the last client-side apply configured, and keeps the last-applied
 * annotation in step with what is applied.
 */

export const lastAppliedAnnotation = 'kubectl.kubernetes.io/last-applied-configuration'

/** The manager whose applies upgrade client-side apply (`--field-manager` opts out). */
export const upgradingManager = 'kubectl'

function lastAppliedOf(obj: unknown): unknown {
  if (!isMap(obj) || !isMap(obj.metadata) || !isMap(obj.metadata.annotations)) return undefined
  const text = obj.metadata.annotations[lastAppliedAnnotation]
  if (typeof text !== 'string' || !text) return undefined
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** Whether every conflict of an apply is a field the live object's last client-side apply configured. */
export function conflictsAllowedByLastApplied(live: unknown, conflict: StatusError, shape: Shape): boolean {
  const config = lastAppliedOf(live)
  if (!isMap(config)) return false
  const allowed = new Set(members(fieldSetOf(config, shape)).map(pathString))
  const causes = conflict.status.details?.causes ?? []
  return causes.length > 0 && causes.every((c) => typeof c.field === 'string' && allowed.has(c.field))
}

/** Rewrites the annotation, when the object has one, to the applied configuration (without the annotation itself). */
export function syncLastApplied(merged: Record<string, unknown>, applied: Record<string, unknown>): void {
  if (lastAppliedOf(merged) === undefined || !isMap(merged.metadata) || !isMap(merged.metadata.annotations)) return
  const config = structuredClone(applied)
  if (isMap(config.metadata) && isMap(config.metadata.annotations)) delete config.metadata.annotations[lastAppliedAnnotation]
  // Copies: the merged object shares its unapplied parts with the stored one. Encoded as the
  // apiserver's unstructured JSON encoder writes it (sorted keys, a final newline), as kubectl's own is.
  merged.metadata = { ...merged.metadata, annotations: { ...merged.metadata.annotations, [lastAppliedAnnotation]: goJSONEncode(config) } }
}
