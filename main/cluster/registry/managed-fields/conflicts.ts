import { StatusError } from '../../apimachinery/errors'
import { pathString, type FieldPath } from './field-set'
import type { ManagerEntry } from './entries'

/** One field another manager owns with a different value than an applier wants. */
export interface FieldConflict {
  manager: ManagerEntry
  path: FieldPath
}

/** How the apiserver names a manager in conflict messages: `"kubectl-client-side-apply" using apps/v1`. */
export function describeManager(e: ManagerEntry): string {
  let s = JSON.stringify(e.manager)
  if (e.subresource) s += ` with subresource ${JSON.stringify(e.subresource)}`
  if (e.operation === 'Update') s += ` using ${e.apiVersion}`
  return s
}

/** 409 Conflict with FieldManagerConflict causes, as the apiserver answers a conflicting apply. */
export function applyConflictError(conflicts: FieldConflict[]): StatusError {
  const causes = conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${describeManager(c.manager)}`, field: pathString(c.path) }))
  return new StatusError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: conflictMessage(conflicts),
    reason: 'Conflict',
    details: { causes },
    code: 409
  })
}

function conflictMessage(conflicts: FieldConflict[]): string {
  if (conflicts.length === 1) {
    const [c] = conflicts
    return `Apply failed with 1 conflict: conflict with ${describeManager(c.manager)}: ${pathString(c.path)}`
  }
  const byManager = new Map<string, string[]>()
  for (const c of conflicts) {
    const name = describeManager(c.manager)
    byManager.set(name, [...(byManager.get(name) ?? []), pathString(c.path)])
  }
  const lines: string[] = []
  for (const name of [...byManager.keys()].sort()) {
    lines.push(`conflicts with ${name}:`)
    for (const p of byManager.get(name)!) lines.push(`- ${p}`)
  }
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`
}

/** Whether an error is an apply conflict (not an optimistic-concurrency one). */
export function isApplyConflict(e: unknown): boolean {
  return e instanceof StatusError && !!e.status.details?.causes?.some((c) => c.reason === 'FieldManagerConflict')
}
