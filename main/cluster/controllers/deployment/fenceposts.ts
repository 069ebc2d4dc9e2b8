import type { Deployment } from 'kubernetes-types/apps/v1'
import { type IntOrString, scaledValueFromIntOrPercent } from '../../apimachinery/int-or-string'

/**
 * How many pods a rolling update may add above, or take below, the desired
 * count: maxSurge rounds percentages up, maxUnavailable rounds them down
 * (deployment/util ResolveFenceposts, intstr.GetScaledValueFromIntOrPercent).
 */

/** An int-or-string field as JSON carries it: 3 or "25%". */
export type IntOrPercent = IntOrString

export { scaledValueFromIntOrPercent }

/**
 * ResolveFenceposts: maxSurge and maxUnavailable for `desired` replicas. If
 * both resolve to zero (maxUnavailable rounded down), one pod may be
 * unavailable, on the theory that surging might not work due to quota.
 */
export function resolveFenceposts(maxSurge: IntOrPercent | undefined, maxUnavailable: IntOrPercent | undefined, desired: number): { surge: number; unavailable: number } {
  const surge = scaledValueFromIntOrPercent(maxSurge ?? 0, desired, true)
  let unavailable = scaledValueFromIntOrPercent(maxUnavailable ?? 0, desired, false)
  if (surge === 0 && unavailable === 0) unavailable = 1
  return { surge, unavailable }
}

/** spec.replicas (defaulted to 1 by the API). */
export function desiredReplicas(d: Deployment): number {
  return d.spec?.replicas ?? 1
}

/** Whether the Deployment rolls (rather than recreates). */
export function isRollingUpdate(d: Deployment): boolean {
  return d.spec?.strategy?.type === 'RollingUpdate'
}

/** MaxSurge: the pods a rolling Deployment may run above spec.replicas; 0 for Recreate. */
export function maxSurge(d: Deployment): number {
  if (!isRollingUpdate(d)) return 0
  const ru = d.spec?.strategy?.rollingUpdate
  return resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, desiredReplicas(d)).surge
}

/** MaxUnavailable: the pods a rolling Deployment may miss, never more than spec.replicas; 0 for Recreate. */
export function maxUnavailable(d: Deployment): number {
  const desired = desiredReplicas(d)
  if (!isRollingUpdate(d) || desired === 0) return 0
  const ru = d.spec?.strategy?.rollingUpdate
  return Math.min(resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, desired).unavailable, desired)
}
