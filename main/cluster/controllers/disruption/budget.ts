import type { Pod } from 'kubernetes-types/core/v1'
import type { PodDisruptionBudget, PodDisruptionBudgetStatus } from 'kubernetes-types/policy/v1'
import { scaledValueFromIntOrPercent } from '../../apimachinery/int-or-string'
import { type ScaleListers, expectedScale } from './expected-scale'

/**
 * The arithmetic of a budget (pkg/controller/disruption): how many of its
 * pods must stay healthy, how many are healthy, and so how many may be
 * disrupted now. Pure functions of the pods, the budget and the time.
 */

/** How long an eviction noted in status.disruptedPods is trusted to end in a deletion (DeletionTimeout). */
export const deletionTimeoutMs = 2 * 60 * 1000

export interface DesiredHealth {
  expectedCount: number
  desiredHealthy: number
  unmanagedPods: string[]
}

/**
 * getExpectedPodCount: an integer minAvailable counts the selected pods;
 * a percentage, or any maxUnavailable, resolves against the owning
 * controllers' scale (rounding up).
 */
export function desiredHealth(pdb: PodDisruptionBudget, pods: readonly Pod[], listers: ScaleListers): DesiredHealth {
  const spec = pdb.spec ?? {}
  if (spec.maxUnavailable != null) {
    const { expectedCount, unmanagedPods } = expectedScale(listers, pods)
    const maxUnavailable = scaledValueFromIntOrPercent(spec.maxUnavailable, expectedCount, true)
    return { expectedCount, desiredHealthy: Math.max(0, expectedCount - maxUnavailable), unmanagedPods }
  }
  if (spec.minAvailable != null) {
    if (typeof spec.minAvailable === 'number') return { expectedCount: pods.length, desiredHealthy: spec.minAvailable, unmanagedPods: [] }
    const { expectedCount, unmanagedPods } = expectedScale(listers, pods)
    return { expectedCount, desiredHealthy: scaledValueFromIntOrPercent(spec.minAvailable, expectedCount, true), unmanagedPods }
  }
  return { expectedCount: 0, desiredHealthy: 0, unmanagedPods: [] }
}

export interface DisruptedPods {
  /** The evictions still expected to end in a deletion, by pod name. */
  pods: Record<string, string>
  /** When the earliest of them times out (ms), to look again then. */
  recheckAt?: number
  /** Pods whose eviction timed out without a deletion (a NotDeleted event each). */
  notDeleted: Pod[]
}

/** buildDisruptedPodMap: keeps the noted evictions of pods that exist, are not terminating, and have not timed out. */
export function disruptedPodMap(pods: readonly Pod[], pdb: PodDisruptionBudget, now: number): DisruptedPods {
  const noted = pdb.status?.disruptedPods
  const out: DisruptedPods = { pods: {}, notDeleted: [] }
  if (!noted) return out
  for (const pod of pods) {
    const name = pod.metadata?.name ?? ''
    if (pod.metadata?.deletionTimestamp || !Object.hasOwn(noted, name)) continue
    const since = noted[name]
    const expectedDeletion = Date.parse(since) + deletionTimeoutMs
    if (expectedDeletion < now) {
      out.notDeleted.push(pod)
      continue
    }
    if (out.recheckAt === undefined || expectedDeletion < out.recheckAt) out.recheckAt = expectedDeletion
    out.pods[name] = since
  }
  return out
}

function isPodReady(pod: Pod): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')
}

/** countHealthyPods: ready pods that are neither terminating nor about to be evicted. */
export function countHealthyPods(pods: readonly Pod[], disrupted: Readonly<Record<string, string>>, now: number): number {
  let healthy = 0
  for (const pod of pods) {
    if (pod.metadata?.deletionTimestamp) continue
    const since = disrupted[pod.metadata?.name ?? '']
    if (since !== undefined && Date.parse(since) + deletionTimeoutMs > now) continue
    if (isPodReady(pod)) healthy++
  }
  return healthy
}

/** The counters of updatePdbStatus: no disruption is allowed while no pod is expected. */
export function budgetCounters(currentHealthy: number, health: DesiredHealth): Pick<PodDisruptionBudgetStatus, 'currentHealthy' | 'desiredHealthy' | 'expectedPods' | 'disruptionsAllowed'> {
  let disruptionsAllowed = currentHealthy - health.desiredHealthy
  if (health.expectedCount <= 0 || disruptionsAllowed <= 0) disruptionsAllowed = 0
  return { currentHealthy, desiredHealthy: health.desiredHealthy, expectedPods: health.expectedCount, disruptionsAllowed }
}
