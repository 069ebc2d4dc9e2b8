import { type FieldError, fieldErrorString } from '../../apimachinery/field-errors'
import { deepEqual } from '../../apimachinery/validation'

function pruneEmpty(v: unknown): unknown {
  if (Array.isArray(v)) return v.length ? v.map(pruneEmpty) : undefined
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, x] of Object.entries(v)) {
      const p = pruneEmpty(x)
      if (p !== undefined && p !== null) out[k] = p
    }
    return Object.keys(out).length ? out : undefined
  }
  return v
}

/**
 * apiequality.Semantic.DeepEqual for JSON: an empty list or map equals an
 * absent one, so `initContainers: []` is no change from no initContainers.
 */
export function semanticEqual(a: unknown, b: unknown): boolean {
  return deepEqual(pruneEmpty(a), pruneEmpty(b))
}

/** Drops repeated errors, as field.ErrorList.ToAggregate does before the message is built. */
export function dedupeErrors(errs: FieldError[]): FieldError[] {
  const seen = new Set<string>()
  return errs.filter((e) => {
    const k = fieldErrorString(e)
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}
