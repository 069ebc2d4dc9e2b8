import type { HorizontalPodAutoscalerCondition, HorizontalPodAutoscalerStatus } from 'kubernetes-types/autoscaling/v2'

/**
 * setCondition of the HPA controller: a condition is added at the end the
 * first time, and its lastTransitionTime moves only when its status flips.
 */
export function setCondition(status: HorizontalPodAutoscalerStatus, type: string, value: boolean, reason: string, message: string, now: string): void {
  const conditions = (status.conditions ??= [])
  let condition = conditions.find((c) => c.type === type)
  if (!condition) {
    condition = { type, status: '' } as HorizontalPodAutoscalerCondition
    conditions.push(condition)
  }
  const next = value ? 'True' : 'False'
  if (condition.status !== next) condition.lastTransitionTime = now
  condition.status = next
  condition.reason = reason
  condition.message = message
}
