import type { Deployment } from 'kubernetes-types/apps/v1'

/**
 * How many pods a rolling update may add above, or take below, the desired
 * count: maxSurge rounds percentages up, maxUnavailable rounds them down
 * (deployment/util ResolveFenceposts, intstr.GetScaledValueFromIntOrPercent).
 */

/** An int-or-string field as JSON carries it: 3 or "25%". */
export type IntOrPercent = number | string

/**
 * intstr.GetScaledValueFromIntOrPercent: an int as is; a percentage of total,
 * rounded up or down. Throws for a string that is not a percentage, as Go
 * returns an error (validation keeps those out of stored Deployments).
 */
export function scaledValueFromIntOrPercent(value: IntOrPercent | undefined | null, total: number, roundUp: boolean): number {
  if (value === undefined || value === null) throw new Error('nil value for IntOrString')
  if (typeof value === 'number') return value
  if (!value.endsWith('%')) throw new Error('invalid value for IntOrString: invalid type: string is not a percentage')
  const digits = value.slice(0, -1)
  if (!/^[+-]?\d+$/.test(digits)) throw new Error(`invalid value for IntOrString: invalid value ${JSON.stringify(value)}`)
  const product = (Number(digits) * total) / 100
  return roundUp ? Math.ceil(product) : Math.floor(product)
}

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
