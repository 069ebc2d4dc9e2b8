import { maxNodeScore } from './interface'

/**
 * helper.DefaultNormalizeScore: scales scores so the highest becomes
 * maxPriority (integer arithmetic, as Go's int64), or inverts them when
 * reverse (fewer is better, e.g. counted PreferNoSchedule taints). All zero
 * stays zero, or becomes maxPriority when reversed.
 */
export function defaultNormalizeScore(scores: number[], reverse: boolean, maxPriority = maxNodeScore): void {
  let max = 0
  for (const s of scores) if (s > max) max = s
  if (max === 0) {
    if (reverse) scores.fill(maxPriority)
    return
  }
  for (let i = 0; i < scores.length; i++) {
    let s = Math.trunc((maxPriority * scores[i]) / max)
    if (reverse) s = maxPriority - s
    scores[i] = s
  }
}
