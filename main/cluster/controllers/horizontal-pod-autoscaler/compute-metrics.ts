import type { HorizontalPodAutoscaler, MetricSpec, MetricStatus } from 'kubernetes-types/autoscaling/v2'
import type { Pod } from 'kubernetes-types/core/v1'
import type { Selector } from '../../apimachinery/label-selector'
import { newMilliQuantity, tryParseQuantity } from '../../apimachinery/quantity'
import type { MetricsApi } from '../../apiserver/metrics-api'
import { rawResourceReplicas, resourceReplicas } from './replica-calculator'
import { getResourceMetric } from './resource-metrics'

/**
 * computeReplicasForMetrics: one proposal per metric of the spec, the
 * largest wins. Resource metrics (cpu, memory; Utilization or AverageValue)
 * come from metrics.k8s.io; custom and external metrics have no API here, so
 * they fail as they do on a cluster without those adapters.
 */

export interface MetricProposal {
  replicas: number
  /** How the rescale reason names the metric: `cpu resource utilization (percentage of request)`. */
  name: string
  status: MetricStatus
}

export interface MetricsOutcome {
  /** -1 when every metric failed, or some failed and the rest would scale down. */
  replicas: number
  name: string
  statuses: MetricStatus[]
  /** Each failed metric: reason (FailedGetResourceMetric ...) and error text, in spec order. */
  failures: { reason: string; message: string }[]
  /** When replicas is -1: `invalid metrics (1 invalid out of 1), first error is: ...`. */
  error?: string
}

export interface MetricsInput {
  hpa: HorizontalPodAutoscaler
  currentReplicas: number
  pods: Pod[]
  selector: Selector
  metrics?: MetricsApi
  now: number
}

function resourceProposal(spec: MetricSpec, input: MetricsInput): MetricProposal {
  const source = spec.resource!
  const name = source.name
  const namespace = input.hpa.metadata?.namespace ?? ''
  const target = source.target
  let podMetrics
  try {
    podMetrics = getResourceMetric(input.metrics, name, namespace, input.selector)
  } catch (e) {
    throw new Error(`failed to get ${name} utilization: unable to get metrics for resource ${name}: ${(e as Error).message}`, { cause: e })
  }
  if (target.type === 'AverageValue' && target.averageValue !== undefined) {
    const averageMilli = tryParseQuantity(String(target.averageValue))?.milliValue() ?? 0
    const p = rawResourceReplicas(input.currentReplicas, averageMilli, name, input.pods, podMetrics, input.now)
    return { replicas: p.replicas, name: `${name} resource`, status: { type: 'Resource', resource: { name, current: { averageValue: newMilliQuantity(p.rawUtilization, 'DecimalSI').toString() } } } }
  }
  if (target.averageUtilization === undefined) throw new Error(`failed to get ${name} utilization: invalid resource metric source: neither a utilization target nor a value target was set`)
  let p
  try {
    p = resourceReplicas(input.currentReplicas, target.averageUtilization, name, input.pods, podMetrics, input.now)
  } catch (e) {
    throw new Error(`failed to get ${name} utilization: ${(e as Error).message}`, { cause: e })
  }
  return {
    replicas: p.replicas,
    name: `${name} resource utilization (percentage of request)`,
    status: { type: 'Resource', resource: { name, current: { averageUtilization: p.utilization, averageValue: newMilliQuantity(p.rawUtilization, 'DecimalSI').toString() } } }
  }
}

const failureReasons: Record<string, string> = {
  Resource: 'FailedGetResourceMetric',
  ContainerResource: 'FailedGetContainerResourceMetric',
  Pods: 'FailedGetPodsMetric',
  Object: 'FailedGetObjectMetric',
  External: 'FailedGetExternalMetric'
}

function unsupported(spec: MetricSpec, namespace: string): Error {
  switch (spec.type) {
    case 'Pods':
      return new Error(`unable to get metric ${spec.pods?.metric.name}: unable to fetch metrics from custom metrics API: the server could not find the requested resource`)
    case 'Object':
      return new Error(`unable to get metric ${spec.object?.metric.name}: ${spec.object?.describedObject.kind} on ${namespace} ${spec.object?.describedObject.name}/unable to fetch metrics from custom metrics API: the server could not find the requested resource`)
    case 'External':
      return new Error(`unable to get external metric ${spec.external?.metric.name}: unable to fetch metrics from external metrics API: the server could not find the requested resource`)
    default:
      return new Error(`unknown metric source type "${spec.type}"`)
  }
}

export function computeReplicasForMetrics(input: MetricsInput): MetricsOutcome {
  const specs = input.hpa.spec?.metrics ?? []
  const out: MetricsOutcome = { replicas: -1, name: '', statuses: [], failures: [] }
  for (const spec of specs) {
    try {
      if (spec.type !== 'Resource' || !spec.resource) throw unsupported(spec, input.hpa.metadata?.namespace ?? '')
      const proposal = resourceProposal(spec, input)
      out.statuses.push(proposal.status)
      if (out.replicas === -1 || proposal.replicas > out.replicas) {
        out.replicas = proposal.replicas
        out.name = proposal.name
      }
    } catch (e) {
      out.statuses.push({ type: '' } as MetricStatus)
      out.failures.push({ reason: failureReasons[spec.type] ?? 'FailedGetResourceMetric', message: (e as Error).message })
    }
  }
  // Every metric invalid, or some invalid while the others would scale down: no decision (a missing metric might have said scale up).
  const invalid = out.failures.length
  if (invalid >= specs.length || (invalid > 0 && out.replicas < input.currentReplicas)) {
    out.replicas = -1
    out.error = `invalid metrics (${invalid} invalid out of ${specs.length}), first error is: ${out.failures[0]?.message ?? ''}`
  }
  return out
}
