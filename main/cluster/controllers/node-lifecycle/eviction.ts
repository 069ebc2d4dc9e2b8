import type { Pod, Taint, Toleration } from 'kubernetes-types/core/v1'
import { toleratesTaint } from '../../scheduler/plugins/helpers/tolerations'
import { withDisruptionTarget } from '../disruption-target'

/**
 * The NoExecute taint manager's decision for one pod (pkg/controller/tainteviction):
 * evict at once when some NoExecute taint is not tolerated, never when every
 * matching toleration is unbounded, else after the shortest tolerationSeconds
 * among the tolerations in use.
 */
export type EvictionDecision = { kind: 'none' } | { kind: 'now' } | { kind: 'after'; ms: number }

/** getNoExecuteTaints: the only taints the taint manager acts on. */
export function noExecuteTaints(taints: readonly Taint[] | undefined): Taint[] {
  return (taints ?? []).filter((t) => t.effect === 'NoExecute')
}

/** getMinTolerationTime over the tolerations that match the node's NoExecute taints. */
export function evictionDecision(pod: Pod, taints: readonly Taint[] | undefined): EvictionDecision {
  const noExecute = noExecuteTaints(taints)
  if (noExecute.length === 0) return { kind: 'none' }
  const tolerations: Toleration[] = pod.spec?.tolerations ?? []
  const used: Toleration[] = []
  for (const taint of noExecute) {
    const matching = tolerations.filter((t) => toleratesTaint(t, taint))
    if (matching.length === 0) return { kind: 'now' }
    used.push(...matching)
  }
  let min = Infinity
  for (const t of used) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue
    min = Math.min(min, Math.max(0, t.tolerationSeconds) * 1000)
  }
  if (min === Infinity) return { kind: 'none' }
  return min === 0 ? { kind: 'now' } : { kind: 'after', ms: min }
}

/**
 * The pod's status with DisruptionTarget=True (DeletionByTaintManager), as
 * addConditionAndDeletePod writes it before the delete, or undefined when
 * the pod already carries it.
 */
export function withTaintManagerDisruption(pod: Pod, now: string): Pod['status'] | undefined {
  return withDisruptionTarget(pod, { reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' }, now)
}
