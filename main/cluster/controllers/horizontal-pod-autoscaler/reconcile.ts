import type { HorizontalPodAutoscaler, HorizontalPodAutoscalerStatus, MetricStatus } from 'kubernetes-types/autoscaling/v2'
import type { Pod } from 'kubernetes-types/core/v1'
import { parseLabelSelector } from '../../apimachinery/label-selector'
import type { KubeObject } from '../../apimachinery/types'
import { deepEqual } from '../../apimachinery/validation'
import type { MetricsApi } from '../../apiserver/metrics-api'
import type { Clock } from '../../clock/types'
import type { EventRecorder } from '../../client/event-recorder'
import type { Client } from '../../client/types'
import { setCondition } from './conditions'
import { computeReplicasForMetrics } from './compute-metrics'
import { normalizeWithBehavior, normalizeWithoutBehavior, recordInitialRecommendation, storeScaleEvent, type ScalingMemory } from './normalize'
import { getScale, updateScale } from './scale-target'

/**
 * One sync of one HorizontalPodAutoscaler (horizontal.go
 * reconcileAutoscaler): read the target's scale, propose a count from the
 * metrics, stabilize and limit it, rescale the target, and write status
 * (currentReplicas, desiredReplicas, currentMetrics, lastScaleTime and the
 * AbleToScale / ScalingActive / ScalingLimited conditions) with the events
 * the real controller records.
 */

export interface SyncContext {
  client: Client
  clock: Clock
  recorder: EventRecorder
  metrics?: MetricsApi
  /** The pods of a namespace (informer cache). */
  podsIn(namespace: string): Pod[]
  memory: ScalingMemory
}

const hpaGVR = { group: 'autoscaling', version: 'v2', resource: 'horizontalpodautoscalers' }

/** Syncs the HPA; resolves when its status is written. */
export async function reconcileAutoscaler(hpa: HorizontalPodAutoscaler, ctx: SyncContext): Promise<void> {
  const { clock, recorder } = ctx
  const now = clock.now()
  const nowText = clock.rfc3339()
  const original = structuredClone(hpa.status ?? {}) as HorizontalPodAutoscalerStatus
  const status: HorizontalPodAutoscalerStatus = structuredClone(original)
  const spec = hpa.spec!
  const namespace = hpa.metadata?.namespace ?? ''
  const event = (type: 'Normal' | 'Warning', reason: string, message: string): void => recorder.event(hpa as unknown as KubeObject, type, reason, message)
  const write = async (next: HorizontalPodAutoscalerStatus): Promise<void> => {
    if (deepEqual(next, original)) return
    await ctx.client.resource<HorizontalPodAutoscaler>(hpaGVR).updateStatus({ ...hpa, status: next })
  }

  let scale
  try {
    scale = await getScale(ctx.client, namespace, spec.scaleTargetRef)
  } catch (e) {
    const message = `the HPA controller was unable to get the target's current scale: ${(e as Error).message}`
    event('Warning', 'FailedGetScale', (e as Error).message)
    setCondition(status, 'AbleToScale', false, 'FailedGetScale', message, nowText)
    await write(status)
    return
  }
  setCondition(status, 'AbleToScale', true, 'SucceededGetScale', "the HPA controller was able to get the target's current scale", nowText)
  const currentReplicas = scale.specReplicas
  recordInitialRecommendation(ctx.memory, currentReplicas, now)
  const minReplicas = spec.minReplicas ?? 1
  let desiredReplicas = 0
  let rescaleReason = ''
  let metricStatuses: MetricStatus[] = status.currentMetrics ?? []

  if (currentReplicas === 0 && minReplicas !== 0) {
    // Autoscaling is disabled for this resource.
    setCondition(status, 'ScalingActive', false, 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero', nowText)
  } else if (currentReplicas > spec.maxReplicas) {
    rescaleReason = 'Current number of replicas above Spec.MaxReplicas'
    desiredReplicas = spec.maxReplicas
  } else if (currentReplicas < minReplicas) {
    rescaleReason = 'Current number of replicas below Spec.MinReplicas'
    desiredReplicas = minReplicas
  } else {
    if (!scale.selector) {
      event('Warning', 'SelectorRequired', 'selector is required')
      setCondition(status, 'ScalingActive', false, 'InvalidSelector', "the HPA target's scale is missing a selector", nowText)
      await write(status)
      return
    }
    const selector = parseLabelSelector(scale.selector)
    const pods = ctx.podsIn(namespace).filter((p) => selector.matches(p.metadata?.labels))
    const outcome = computeReplicasForMetrics({ hpa, currentReplicas, pods, selector, metrics: ctx.metrics, now })
    metricStatuses = outcome.statuses
    for (const failure of outcome.failures) event('Warning', failure.reason, failure.message)
    if (outcome.replicas === -1) {
      const first = outcome.failures[0]
      if (first) setCondition(status, 'ScalingActive', false, first.reason, `the HPA was unable to compute the replica count: ${first.message}`, nowText)
      event('Warning', 'FailedComputeMetricsReplicas', outcome.error ?? '')
      await write({ ...status, currentReplicas, currentMetrics: metricStatuses })
      return
    }
    setCondition(status, 'ScalingActive', true, 'ValidMetricFound', `the HPA was able to successfully calculate a replica count from ${outcome.name}`, nowText)
    const normalized = spec.behavior
      ? normalizeWithBehavior(ctx.memory, spec.behavior, currentReplicas, outcome.replicas, minReplicas, spec.maxReplicas, now)
      : normalizeWithoutBehavior(ctx.memory, currentReplicas, outcome.replicas, minReplicas, spec.maxReplicas, now)
    setCondition(status, 'AbleToScale', true, normalized.ableToScale.reason, normalized.ableToScale.message, nowText)
    setCondition(status, 'ScalingLimited', normalized.limited, normalized.scalingLimited.reason, normalized.scalingLimited.message, nowText)
    desiredReplicas = normalized.desired
    if (desiredReplicas > currentReplicas) rescaleReason = `${outcome.name} above target`
    if (desiredReplicas < currentReplicas) rescaleReason = 'All metrics below target'
  }

  const rescale = desiredReplicas !== currentReplicas && rescaleReason !== ''
  if (rescale) {
    try {
      await updateScale(ctx.client, scale, desiredReplicas)
    } catch (e) {
      event('Warning', 'FailedRescale', `New size: ${desiredReplicas}; reason: ${rescaleReason}; error: ${(e as Error).message}`)
      setCondition(status, 'AbleToScale', false, 'FailedUpdateScale', `the HPA controller was unable to update the target scale: ${(e as Error).message}`, nowText)
      await write({ ...status, currentReplicas, currentMetrics: metricStatuses })
      throw e
    }
    setCondition(status, 'AbleToScale', true, 'SucceededRescale', `the HPA controller was able to update the target scale to ${desiredReplicas}`, nowText)
    event('Normal', 'SuccessfulRescale', `New size: ${desiredReplicas}; reason: ${rescaleReason}`)
    storeScaleEvent(ctx.memory, spec.behavior, currentReplicas, desiredReplicas, now)
  } else {
    desiredReplicas = currentReplicas
  }
  await write({
    ...status,
    currentReplicas,
    desiredReplicas,
    currentMetrics: metricStatuses,
    ...(rescale ? { lastScaleTime: nowText } : {})
  })
}
