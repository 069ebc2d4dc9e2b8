import type { Pod, PodCondition } from 'kubernetes-types/core/v1'

/**
 * The DisruptionTarget condition a controller writes on a pod before it
 * deletes it (the taint manager's DeletionByTaintManager, PodGC's
 * DeletionByPodGC), so that a Job's pod failure policy and a reader of the
 * pod can tell why it went.
 */
export interface DisruptionReason {
  reason: string
  message: string
}

/** The pod's status with DisruptionTarget=True for `why`, or undefined when the pod already carries it. */
export function withDisruptionTarget(pod: Pod, why: DisruptionReason, now: string): Pod['status'] | undefined {
  const condition: PodCondition = { type: 'DisruptionTarget', status: 'True', ...why }
  const conditions = pod.status?.conditions ?? []
  const old = conditions.find((c) => c.type === condition.type)
  if (old && old.status === condition.status && old.reason === condition.reason && old.message === condition.message) return undefined
  const next = { ...condition, lastProbeTime: null as unknown as undefined, lastTransitionTime: old?.status === condition.status ? old.lastTransitionTime : now }
  return { ...pod.status, conditions: old ? conditions.map((c) => (c === old ? next : c)) : [...conditions, next] }
}
