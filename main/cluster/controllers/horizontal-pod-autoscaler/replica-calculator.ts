import type { Pod } from 'kubernetes-types/core/v1'
import { tryParseQuantity } from '../../apimachinery/quantity'

/**
 * The HPA's replica calculator for resource metrics
 * (pkg/controller/podautoscaler/replica_calculator.go): pods are grouped
 * (ready, unready, missing metrics, ignored), utilization is usage / request
 * summed over the pods with metrics, and the proposal is
 * ceil(ratio x ready pods), kept at the current count within the tolerance
 * and re-checked conservatively when pods are unready or lack metrics.
 */

/** One pod's metric: the resource in milli-units (millicores, millibytes) and when it was measured. */
export interface PodMetric {
  /** Milli-units, as MilliValue(). */
  value: number
  /** Cluster time (ms) of the sample. */
  timestamp: number
  /** Over how long (ms) it was averaged. */
  windowMs: number
}

/** By pod name. */
export type PodMetricsInfo = Map<string, PodMetric>

/** The controller's knobs (kube-controller-manager's defaults). */
export interface CalculatorSettings {
  tolerance: number
  /** --horizontal-pod-autoscaler-cpu-initialization-period. */
  cpuInitializationPeriodMs: number
  /** --horizontal-pod-autoscaler-initial-readiness-delay. */
  delayOfInitialReadinessStatusMs: number
}

export const defaultCalculatorSettings: CalculatorSettings = { tolerance: 0.1, cpuInitializationPeriodMs: 300_000, delayOfInitialReadinessStatusMs: 30_000 }

/** What the calculator proposes. */
export interface ResourceProposal {
  replicas: number
  /** Current utilization, percent of request. */
  utilization: number
  /** Average usage per pod, milli-units. */
  rawUtilization: number
  timestamp: number
}

function ms(time: string | undefined): number | undefined {
  const t = time ? Date.parse(time) : NaN
  return Number.isFinite(t) ? t : undefined
}

/** groupPods: which pods count. */
export function groupPods(pods: Pod[], metrics: PodMetricsInfo, resource: string, now: number, settings: CalculatorSettings) {
  let readyPodCount = 0
  const unready = new Set<string>()
  const missing = new Set<string>()
  const ignored = new Set<string>()
  for (const pod of pods) {
    const name = pod.metadata?.name ?? ''
    if (pod.metadata?.deletionTimestamp || pod.status?.phase === 'Failed') {
      ignored.add(name)
      continue
    }
    if (pod.status?.phase === 'Pending') {
      unready.add(name)
      continue
    }
    const metric = metrics.get(name)
    if (!metric) {
      missing.add(name)
      continue
    }
    if (resource === 'cpu') {
      const condition = pod.status?.conditions?.find((c) => c.type === 'Ready')
      const startTime = ms(pod.status?.startTime)
      let isUnready: boolean
      if (!condition || startTime === undefined) isUnready = true
      else {
        const transition = ms(condition.lastTransitionTime) ?? 0
        if (startTime + settings.cpuInitializationPeriodMs > now) {
          // Still initialising: unready, or no whole window of metrics since it became ready.
          isUnready = condition.status === 'False' || metric.timestamp < transition + metric.windowMs
        } else {
          // Unready and never ready.
          isUnready = condition.status === 'False' && startTime + settings.delayOfInitialReadinessStatusMs > transition
        }
      }
      if (isUnready) {
        unready.add(name)
        continue
      }
    }
    readyPodCount++
  }
  return { readyPodCount, unready, missing, ignored }
}

/** calculatePodRequests: each pod's summed container requests of the resource, milli-units. */
export function podRequests(pods: Pod[], resource: string): Map<string, number> {
  const out = new Map<string, number>()
  for (const pod of pods) {
    let sum = 0
    for (const c of pod.spec?.containers ?? []) {
      const q = tryParseQuantity(String(c.resources?.requests?.[resource] ?? ''))
      if (!q) throw new Error(`missing request for ${resource} in container ${c.name} of Pod ${pod.metadata?.name}`)
      sum += q.milliValue()
    }
    out.set(pod.metadata?.name ?? '', sum)
  }
  return out
}

/** GetResourceUtilizationRatio. */
export function utilizationRatio(metrics: PodMetricsInfo, requests: Map<string, number>, targetUtilization: number) {
  let metricsTotal = 0
  let requestsTotal = 0
  let entries = 0
  for (const [name, metric] of metrics) {
    const request = requests.get(name)
    if (request === undefined) continue
    metricsTotal += metric.value
    requestsTotal += request
    entries++
  }
  if (requestsTotal === 0) throw new Error('no metrics returned matched known pods')
  const utilization = Math.trunc((metricsTotal * 100) / requestsTotal)
  return { ratio: utilization / targetUtilization, utilization, raw: Math.trunc(metricsTotal / entries) }
}

/** How a metric compares with its target: the ratio, and what a missing pod counts as on a scale-down. */
interface RatioRule {
  ratio(metrics: PodMetricsInfo): number
  /** The value a pod without metrics is given when the ratio is below 1. */
  missingOnScaleDown(pod: string): number
}

/**
 * The shared core of GetResourceReplicas and calcPlainMetricReplicas: drop
 * ignored and unready pods, propose ceil(ratio x ready pods) unless within
 * the tolerance; with unready pods on a scale-up or pods missing metrics,
 * recompute conservatively and keep the current count if the direction flips.
 */
function plan(currentReplicas: number, resource: string, pods: Pod[], metrics: PodMetricsInfo, now: number, settings: CalculatorSettings, rule: RatioRule): number {
  const { readyPodCount, unready, missing, ignored } = groupPods(pods, metrics, resource, now, settings)
  for (const name of [...ignored, ...unready]) metrics.delete(name)
  if (!metrics.size) throw new Error('did not receive metrics for targeted pods (pods might be unready)')
  const ratio = rule.ratio(metrics)
  const within = (r: number): boolean => Math.abs(1 - r) <= settings.tolerance
  const scaleUpWithUnready = unready.size > 0 && ratio > 1
  if (!scaleUpWithUnready && !missing.size) return within(ratio) ? currentReplicas : Math.ceil(ratio * readyPodCount)
  // Scale-down: missing pods count as using all they may; scale-up: nothing. Unready pods on a scale-up: nothing.
  for (const name of missing) metrics.set(name, { value: ratio < 1 ? rule.missingOnScaleDown(name) : 0, timestamp: now, windowMs: 0 })
  if (scaleUpWithUnready) for (const name of unready) metrics.set(name, { value: 0, timestamp: now, windowMs: 0 })
  const newRatio = rule.ratio(metrics)
  if (within(newRatio) || (ratio < 1 && newRatio > 1) || (ratio > 1 && newRatio < 1)) return currentReplicas
  const replicas = Math.ceil(newRatio * metrics.size)
  if ((newRatio < 1 && replicas > currentReplicas) || (newRatio > 1 && replicas < currentReplicas)) return currentReplicas
  return replicas
}

function sampleTime(metrics: PodMetricsInfo, now: number): number {
  return Math.min(...[...metrics.values()].map((m) => m.timestamp), now)
}

/** GetResourceReplicas: a target utilization (percent of request). `metrics` is consumed. */
export function resourceReplicas(
  currentReplicas: number,
  targetUtilization: number,
  resource: string,
  pods: Pod[],
  metrics: PodMetricsInfo,
  now: number,
  settings: CalculatorSettings = defaultCalculatorSettings
): ResourceProposal {
  if (!pods.length) throw new Error('no pods returned by selector while calculating replica count')
  const timestamp = sampleTime(metrics, now)
  const requests = podRequests(pods, resource)
  let first: ReturnType<typeof utilizationRatio> | undefined
  const replicas = plan(currentReplicas, resource, pods, metrics, now, settings, {
    ratio: (m) => {
      const r = utilizationRatio(m, requests, targetUtilization)
      first ??= r
      return r.ratio
    },
    missingOnScaleDown: (name) => ((requests.get(name) ?? 0) * Math.max(100, targetUtilization)) / 100
  })
  return { replicas, utilization: first!.utilization, rawUtilization: first!.raw, timestamp }
}

/** GetRawResourceReplicas (calcPlainMetricReplicas): a target average value per pod, milli-units. `metrics` is consumed. */
export function rawResourceReplicas(
  currentReplicas: number,
  targetAverage: number,
  resource: string,
  pods: Pod[],
  metrics: PodMetricsInfo,
  now: number,
  settings: CalculatorSettings = defaultCalculatorSettings
): ResourceProposal {
  if (!pods.length) throw new Error('no pods returned by selector while calculating replica count')
  const timestamp = sampleTime(metrics, now)
  let usage: number | undefined
  const replicas = plan(currentReplicas, resource, pods, metrics, now, settings, {
    // GetMetricUsageRatio: the average over the pods with metrics, against the target.
    ratio: (m) => {
      let total = 0
      for (const x of m.values()) total += x.value
      const average = total / m.size
      usage ??= Math.trunc(average)
      return average / targetAverage
    },
    missingOnScaleDown: () => targetAverage
  })
  return { replicas, utilization: 0, rawUtilization: usage ?? 0, timestamp }
}
