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

/** GetResourceReplicas. `metrics` is consumed. */
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
  const timestamp = Math.min(...[...metrics.values()].map((m) => m.timestamp), now)
  const { readyPodCount, unready, missing, ignored } = groupPods(pods, metrics, resource, now, settings)
  for (const name of [...ignored, ...unready]) metrics.delete(name)
  if (!metrics.size) throw new Error('did not receive metrics for targeted pods (pods might be unready)')
  const requests = podRequests(pods, resource)
  const { ratio, utilization, raw } = utilizationRatio(metrics, requests, targetUtilization)
  const within = (r: number): boolean => Math.abs(1 - r) <= settings.tolerance
  const scaleUpWithUnready = unready.size > 0 && ratio > 1
  if (!scaleUpWithUnready && !missing.size) {
    return { replicas: within(ratio) ? currentReplicas : Math.ceil(ratio * readyPodCount), utilization, rawUtilization: raw, timestamp }
  }
  if (missing.size) {
    // Scale-down: missing pods count as using all they request; scale-up: nothing.
    const fallback = Math.max(100, targetUtilization)
    for (const name of missing) metrics.set(name, { value: ratio < 1 ? ((requests.get(name) ?? 0) * fallback) / 100 : 0, timestamp: now, windowMs: 0 })
  }
  if (scaleUpWithUnready) for (const name of unready) metrics.set(name, { value: 0, timestamp: now, windowMs: 0 })
  const newRatio = utilizationRatio(metrics, requests, targetUtilization).ratio
  const keep = { replicas: currentReplicas, utilization, rawUtilization: raw, timestamp }
  if (within(newRatio) || (ratio < 1 && newRatio > 1) || (ratio > 1 && newRatio < 1)) return keep
  const replicas = Math.ceil(newRatio * metrics.size)
  if ((newRatio < 1 && replicas > currentReplicas) || (newRatio > 1 && replicas < currentReplicas)) return keep
  return { replicas, utilization, rawUtilization: raw, timestamp }
}

/** GetRawResourceReplicas: a target average value instead of a utilization. */
export function rawResourceReplicas(currentReplicas: number, targetAverage: number, resource: string, pods: Pod[], metrics: PodMetricsInfo, now: number, settings: CalculatorSettings = defaultCalculatorSettings): ResourceProposal {
  if (!pods.length) throw new Error('no pods returned by selector while calculating replica count')
  const { readyPodCount, unready, missing, ignored } = groupPods(pods, metrics, resource, now, settings)
  for (const name of [...ignored, ...unready]) metrics.delete(name)
  if (!metrics.size) throw new Error('did not receive metrics for targeted pods (pods might be unready)')
  let total = 0
  for (const m of metrics.values()) total += m.value
  const average = total / metrics.size
  const ratio = average / targetAverage
  const within = Math.abs(1 - ratio) <= settings.tolerance
  const replicas = within && !missing.size && !unready.size ? currentReplicas : Math.ceil(ratio * Math.max(readyPodCount, 1))
  return { replicas, utilization: 0, rawUtilization: Math.trunc(average), timestamp: now }
}
