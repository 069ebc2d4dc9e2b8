import type { NamespaceCondition, NamespaceStatus } from 'kubernetes-types/core/v1'
import type { Mutable } from '../../apimachinery/types'

/**
 * The status conditions the namespace controller keeps on a terminating
 * namespace (pkg/controller/namespace/deletion/status_condition_utils.go):
 * every type is always present, False with an "all is well" reason unless
 * the last pass found that problem.
 */

/** The condition types, in the order Kubernetes writes them. */
export const NamespaceConditionTypes = {
  discoveryFailure: 'NamespaceDeletionDiscoveryFailure',
  groupVersionParsingFailure: 'NamespaceDeletionGroupVersionParsingFailure',
  contentFailure: 'NamespaceDeletionContentFailure',
  contentRemaining: 'NamespaceContentRemaining',
  finalizersRemaining: 'NamespaceFinalizersRemaining'
} as const

const order = Object.values(NamespaceConditionTypes)

const okReasons: Record<string, [reason: string, message: string]> = {
  [NamespaceConditionTypes.discoveryFailure]: ['ResourcesDiscovered', 'All resources successfully discovered'],
  [NamespaceConditionTypes.groupVersionParsingFailure]: ['ParsedGroupVersions', 'All legacy kube types successfully parsed'],
  [NamespaceConditionTypes.contentFailure]: ['ContentDeleted', 'All content successfully deleted, may be waiting on finalization'],
  [NamespaceConditionTypes.contentRemaining]: ['ContentRemoved', 'All content successfully removed'],
  [NamespaceConditionTypes.finalizersRemaining]: ['ContentHasNoFinalizers', 'All content-preserving finalizers finished']
}

/** What one deletion pass found. */
export interface ContentTotals {
  /** Objects left per `resource.group` (`pods.` for the core group, as Kubernetes prints it). */
  remaining: ReadonlyMap<string, number>
  /** Objects left per finalizer they carry. */
  finalizers: ReadonlyMap<string, number>
  /** Messages of the failures met while deleting. */
  errors: readonly string[]
}

/** The problem conditions for a pass (the "new conditions" of Kubernetes' condition updater). */
export function problemConditions(totals: ContentTotals, stamp: string): NamespaceCondition[] {
  const out: NamespaceCondition[] = []
  const problem = (type: string, reason: string, message: string): NamespaceCondition => ({ type, status: 'True', lastTransitionTime: stamp, reason, message })
  if (totals.errors.length) {
    const messages = [...totals.errors].sort()
    out.push(problem(NamespaceConditionTypes.contentFailure, 'ContentDeletionFailed', `Failed to delete all resource types, ${messages.length} remaining: ${messages.join(', ')}`))
  }
  const remaining = counted(totals.remaining, (resource, n) => `${resource} has ${n} resource instances`)
  if (remaining.length) out.push(problem(NamespaceConditionTypes.contentRemaining, 'SomeResourcesRemain', `Some resources are remaining: ${remaining.join(', ')}`))
  const finalizers = counted(totals.finalizers, (finalizer, n) => `${finalizer} in ${n} resource instances`)
  if (finalizers.length) {
    out.push(problem(NamespaceConditionTypes.finalizersRemaining, 'SomeFinalizersRemain', `Some content in the namespace has finalizers remaining: ${finalizers.join(', ')}`))
  }
  return out
}

/** Sorted "x has n" phrases for the non-zero counts. */
function counted(counts: ReadonlyMap<string, number>, phrase: (name: string, n: number) => string): string[] {
  return [...counts]
    .filter(([, n]) => n > 0)
    .map(([name, n]) => phrase(name, n))
    .sort()
}

/**
 * updateConditions: sets every condition type, the problem if one was found
 * and the "all is well" form otherwise; a condition whose status, reason or
 * message changes gets a new transition time. Returns whether anything changed.
 */
export function updateConditions(status: Mutable<NamespaceStatus>, problems: readonly NamespaceCondition[], stamp: string): boolean {
  const conditions: NamespaceCondition[] = [...(status.conditions ?? [])]
  let changed = false
  for (const type of order) {
    const [reason, message] = okReasons[type]
    const next = problems.find((c) => c.type === type) ?? { type, status: 'False', lastTransitionTime: stamp, reason, message }
    const i = conditions.findIndex((c) => c.type === type)
    if (i < 0) {
      conditions.push(next)
      changed = true
    } else if (conditions[i].status !== next.status || conditions[i].reason !== next.reason || conditions[i].message !== next.message) {
      conditions[i] = { ...conditions[i], status: next.status, reason: next.reason, message: next.message, lastTransitionTime: next.lastTransitionTime }
      changed = true
    }
  }
  status.conditions = conditions
  return changed
}
