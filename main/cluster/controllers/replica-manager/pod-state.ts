import type { Pod, PodCondition } from 'kubernetes-types/core/v1'
import type { OwnerReference } from 'kubernetes-types/meta/v1'

/**
 * The pod predicates the replica controllers count with, as
 * pkg/controller/controller_utils.go and pkg/api/v1/pod define them.
 */

/** controller.IsPodActive: not finished and not being deleted; only active pods count as replicas. */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata?.deletionTimestamp
}

/** The pod's Ready condition, if it has one. A plain loop: every sync asks this of every pod. */
export function readyCondition(pod: Pod): PodCondition | undefined {
  const conditions = pod.status?.conditions
  if (!conditions) return undefined
  for (let i = 0; i < conditions.length; i++) if (conditions[i].type === 'Ready') return conditions[i]
  return undefined
}

/** podutil.IsPodReady: the Ready condition is True. */
export function isPodReady(pod: Pod): boolean {
  return readyCondition(pod)?.status === 'True'
}

/** When the pod became ready (ms), or undefined when it is not ready or the time is unknown. */
export function podReadyTime(pod: Pod): number | undefined {
  const c = readyCondition(pod)
  if (c?.status !== 'True' || !c.lastTransitionTime) return undefined
  return Date.parse(c.lastTransitionTime)
}

/**
 * podutil.IsPodAvailable: ready for at least minReadySeconds. The comparison
 * is strict (ready-time + minReadySeconds before now), as in Kubernetes.
 */
export function isPodAvailable(pod: Pod, minReadySeconds: number, now: number): boolean {
  if (!isPodReady(pod)) return false
  if (minReadySeconds <= 0) return true
  const since = podReadyTime(pod)
  return since !== undefined && since + minReadySeconds * 1000 < now
}

/**
 * When a ready but not yet available pod becomes available (ms), so the
 * controller can look again exactly then; undefined when it never will by
 * waiting alone.
 */
export function availableAt(pod: Pod, minReadySeconds: number): number | undefined {
  const since = podReadyTime(pod)
  return since === undefined ? undefined : since + minReadySeconds * 1000 + 1
}

/** metav1.GetControllerOf: the owner reference with controller: true. */
export function controllerRefOf(obj: { metadata?: { ownerReferences?: readonly OwnerReference[] } }): OwnerReference | undefined {
  const refs = obj.metadata?.ownerReferences
  if (!refs) return undefined
  for (let i = 0; i < refs.length; i++) if (refs[i].controller === true) return refs[i]
  return undefined
}
