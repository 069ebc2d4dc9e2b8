import type { HorizontalPodAutoscalerBehavior, HPAScalingRules } from 'kubernetes-types/autoscaling/v2'

/**
 * From the metrics' proposal to the replica count the HPA sets
 * (horizontal.go normalizeDesiredReplicas[WithBehaviors]): stabilization
 * over recent recommendations (scale-down waits for the window, 300 s by
 * default), then the scale rate limits and min/max. Each step reports the
 * condition the controller sets (AbleToScale, ScalingLimited).
 */

/** --horizontal-pod-autoscaler-downscale-stabilization. */
export const defaultDownscaleStabilizationMs = 300_000

export interface Recommendation {
  replicas: number
  time: number
}

export interface ScaleEvent {
  change: number
  time: number
}

/** What the controller remembers per HPA between syncs. */
export interface ScalingMemory {
  recommendations: Recommendation[]
  scaleUpEvents: ScaleEvent[]
  scaleDownEvents: ScaleEvent[]
}

export function newScalingMemory(): ScalingMemory {
  return { recommendations: [], scaleUpEvents: [], scaleDownEvents: [] }
}

export interface ConditionReport {
  reason: string
  message: string
}

export interface Normalized {
  desired: number
  ableToScale: ConditionReport
  /** ScalingLimited: true when the count was clamped. */
  limited: boolean
  scalingLimited: ConditionReport
}

const readyForNewScale: ConditionReport = { reason: 'ReadyForNewScale', message: 'recommended size matches current size' }
const withinRange: ConditionReport = { reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' }
const tooMany: ConditionReport = { reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' }
const tooFew: ConditionReport = { reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' }
const upLimit: ConditionReport = { reason: 'ScaleUpLimit', message: 'the desired replica count is increasing faster than the maximum scale rate' }
const downLimit: ConditionReport = { reason: 'ScaleDownLimit', message: 'the desired replica count is decreasing faster than the maximum scale rate' }
const downStabilized: ConditionReport = { reason: 'ScaleDownStabilized', message: 'recent recommendations were higher than current one, applying the highest recent recommendation' }
const upStabilized: ConditionReport = { reason: 'ScaleUpStabilized', message: 'recent recommendations were lower than current one, applying the lowest recent recommendation' }

/**
 * The target's replica count when the controller first syncs the HPA counts
 * as a recommendation of that moment (horizontal.go
 * recordInitialRecommendation): a new HPA does not scale a workload down
 * before the stabilization window has passed.
 */
export function recordInitialRecommendation(memory: ScalingMemory, currentReplicas: number, now: number): void {
  if (memory.recommendations.length === 0) memory.recommendations.push({ replicas: currentReplicas, time: now })
}

/** Records a recommendation, reusing the slot of one older than every cutoff. */
function record(memory: ScalingMemory, replicas: number, now: number, oldIndex: number): void {
  if (oldIndex >= 0) memory.recommendations[oldIndex] = { replicas, time: now }
  else memory.recommendations.push({ replicas, time: now })
}

/** Without spec.behavior: the highest recommendation of the window, then at most max(2 x current, 4). */
export function normalizeWithoutBehavior(memory: ScalingMemory, current: number, proposed: number, min: number, max: number, now: number, windowMs = defaultDownscaleStabilizationMs): Normalized {
  let stabilized = proposed
  let oldIndex = -1
  memory.recommendations.forEach((rec, i) => {
    if (rec.time < now - windowMs) oldIndex = i
    else if (rec.replicas > stabilized) stabilized = rec.replicas
  })
  record(memory, proposed, now, oldIndex)
  const ableToScale = stabilized !== proposed ? downStabilized : readyForNewScale
  const scaleUpLimit = Math.max(2 * current, 4)
  const [maxAllowed, overMax] = max > scaleUpLimit ? [scaleUpLimit, upLimit] : [max, tooMany]
  let desired = stabilized
  let scalingLimited = withinRange
  if (stabilized < min) [desired, scalingLimited] = [min, tooFew]
  else if (stabilized > maxAllowed) [desired, scalingLimited] = [maxAllowed, overMax]
  return { desired, ableToScale, limited: desired !== stabilized, scalingLimited }
}

function changeInPeriod(events: ScaleEvent[], periodSeconds: number, now: number): number {
  return events.filter((e) => e.time > now - periodSeconds * 1000).reduce((sum, e) => sum + e.change, 0)
}

/** calculateScaleUpLimitWithScalingRules. */
function scaleUpLimit(current: number, memory: ScalingMemory, rules: HPAScalingRules, now: number): number {
  if (rules.selectPolicy === 'Disabled') return current
  const pick = rules.selectPolicy === 'Min' ? Math.min : Math.max
  let result = rules.selectPolicy === 'Min' ? Infinity : -Infinity
  for (const policy of rules.policies ?? []) {
    const start = current - changeInPeriod(memory.scaleUpEvents, policy.periodSeconds, now) + changeInPeriod(memory.scaleDownEvents, policy.periodSeconds, now)
    const proposed = policy.type === 'Pods' ? start + policy.value : Math.ceil(start * (1 + policy.value / 100))
    result = pick(result, proposed)
  }
  return result
}

/** calculateScaleDownLimitWithBehaviors. */
function scaleDownLimit(current: number, memory: ScalingMemory, rules: HPAScalingRules, now: number): number {
  if (rules.selectPolicy === 'Disabled') return current
  const pick = rules.selectPolicy === 'Min' ? Math.max : Math.min
  let result = rules.selectPolicy === 'Min' ? -Infinity : Infinity
  for (const policy of rules.policies ?? []) {
    const start = current - changeInPeriod(memory.scaleUpEvents, policy.periodSeconds, now) + changeInPeriod(memory.scaleDownEvents, policy.periodSeconds, now)
    const proposed = policy.type === 'Pods' ? start - policy.value : Math.trunc(start * (1 - policy.value / 100))
    result = pick(result, proposed)
  }
  return result
}

/** With spec.behavior (filled in by the API's defaults): windows per direction, then the policies' rates. */
export function normalizeWithBehavior(
  memory: ScalingMemory,
  behavior: HorizontalPodAutoscalerBehavior,
  current: number,
  proposed: number,
  min: number,
  max: number,
  now: number,
  defaultDownWindowMs = defaultDownscaleStabilizationMs
): Normalized {
  const up = behavior.scaleUp ?? {}
  const down = behavior.scaleDown ?? {}
  const upCutoff = now - (up.stabilizationWindowSeconds ?? 0) * 1000
  const downCutoff = now - (down.stabilizationWindowSeconds !== undefined ? down.stabilizationWindowSeconds * 1000 : defaultDownWindowMs)
  let upRecommendation = proposed
  let downRecommendation = proposed
  let oldIndex = -1
  memory.recommendations.forEach((rec, i) => {
    if (rec.time > upCutoff) upRecommendation = Math.min(rec.replicas, upRecommendation)
    if (rec.time > downCutoff) downRecommendation = Math.max(rec.replicas, downRecommendation)
    if (rec.time < upCutoff && rec.time < downCutoff) oldIndex = i
  })
  const stabilized = Math.min(Math.max(current, upRecommendation), downRecommendation)
  record(memory, proposed, now, oldIndex)
  const ableToScale = stabilized === proposed ? readyForNewScale : proposed >= current ? upStabilized : downStabilized
  let desired = stabilized
  let scalingLimited = withinRange
  if (stabilized > current) {
    const limit = Math.max(scaleUpLimit(current, memory, up, now), current)
    const [maxAllowed, report] = max > limit ? [limit, upLimit] : [max, tooMany]
    if (stabilized > maxAllowed) [desired, scalingLimited] = [maxAllowed, report]
  } else if (stabilized < current) {
    const limit = Math.min(scaleDownLimit(current, memory, down, now), current)
    const [minAllowed, report] = min < limit ? [limit, downLimit] : [min, tooFew]
    if (stabilized < minAllowed) [desired, scalingLimited] = [minAllowed, report]
  }
  return { desired, ableToScale, limited: desired !== stabilized, scalingLimited }
}

/** storeScaleEvent: remembers a rescale for the rate policies, dropping events older than the longest period. */
export function storeScaleEvent(memory: ScalingMemory, behavior: HorizontalPodAutoscalerBehavior | undefined, previous: number, next: number, now: number): void {
  if (!behavior) return
  const longest = (rules: HPAScalingRules | undefined): number => Math.max(0, ...(rules?.policies ?? []).map((p) => p.periodSeconds)) * 1000
  if (next > previous) {
    memory.scaleUpEvents = [...memory.scaleUpEvents.filter((e) => e.time > now - longest(behavior.scaleUp)), { change: next - previous, time: now }]
  } else if (next < previous) {
    memory.scaleDownEvents = [...memory.scaleDownEvents.filter((e) => e.time > now - longest(behavior.scaleDown)), { change: previous - next, time: now }]
  }
}
