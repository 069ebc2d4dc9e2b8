import type * as v1 from 'kubernetes-types/autoscaling/v1'
import type * as v2 from 'kubernetes-types/autoscaling/v2'
import type { KubeObject } from '../../../apimachinery/types'
import { compact, refJson, refFromJson, obj, type Json } from './json-values'
import { metricSpecToV1, metricSpecFromV1, metricStatusToV1, metricStatusFromV1, conditionToV1, conditionFromV1 } from './metrics'
import { rulesToInternal, member, rulesFromInternal } from './behavior'

/**
 * autoscaling/v1 <-> autoscaling/v2 HorizontalPodAutoscaler conversion, as
 * pkg/apis/autoscaling/v1/conversion.go does it through the internal type.
 *
 * v1 only knows a CPU utilization target. Everything else a v2 object holds
 * travels through v1 in annotations, so a v1 read-modify-write keeps it:
 *
 *   autoscaling.alpha.kubernetes.io/metrics          spec.metrics other than the CPU utilization one
 *   autoscaling.alpha.kubernetes.io/current-metrics  status.currentMetrics (all of them)
 *   autoscaling.alpha.kubernetes.io/behavior         spec.behavior, JSON of the internal Go type
 *   autoscaling.alpha.kubernetes.io/conditions       status.conditions
 *
 * Metrics in annotations use the v1 (v2beta1-shaped) metric types, with their
 * JSON fields in Go's struct order, because that is the text kubectl users see.
 */

export type HPAv1 = v1.HorizontalPodAutoscaler & KubeObject
export type HPAv2 = v2.HorizontalPodAutoscaler & KubeObject

export const metricSpecsAnnotation = 'autoscaling.alpha.kubernetes.io/metrics'
export const metricStatusesAnnotation = 'autoscaling.alpha.kubernetes.io/current-metrics'
export const conditionsAnnotation = 'autoscaling.alpha.kubernetes.io/conditions'
export const behaviorAnnotation = 'autoscaling.alpha.kubernetes.io/behavior'
const roundTripAnnotations = [metricSpecsAnnotation, behaviorAnnotation, metricStatusesAnnotation, conditionsAnnotation]

/** The CPU target autoscaling/v1 implies when none is given (autoscaling.DefaultCPUUtilization). */
export const defaultCPUUtilization = 80

/** Removes the round-trip annotations (DropRoundTripHorizontalPodAutoscalerAnnotations); empty maps go away. */
export function dropRoundTripAnnotations(obj: KubeObject): void {
  const a = obj.metadata.annotations
  if (!a) return
  for (const k of roundTripAnnotations) delete a[k]
  if (Object.keys(a).length === 0) delete obj.metadata.annotations
}

// ---------------------------------------------------------------- JSON shapes, in Go field order

function parseJsonArray(text: string | undefined): Json[] | undefined {
  if (text === undefined) return undefined
  try {
    const v: unknown = JSON.parse(text)
    // Malformed annotations are ignored rather than failing the request.
    return Array.isArray(v) ? v.map((x) => obj(x) ?? {}) : undefined
  } catch {
    return undefined
  }
}

function isCPUUtilization(m: v2.MetricSpec): boolean {
  return m.type === 'Resource' && m.resource?.name === 'cpu' && m.resource.target?.averageUtilization !== undefined
}

// ---------------------------------------------------------------- whole objects

/** An autoscaling/v1 object as autoscaling/v2 (what is stored). */
export function hpaV1ToV2(input: KubeObject): KubeObject {
  const hpa = input as HPAv1
  const spec = hpa.spec
  const annotations = hpa.metadata.annotations ?? {}
  const out: HPAv2 = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: structuredClone(hpa.metadata) }

  let metrics: v2.MetricSpec[] = []
  if (spec?.targetCPUUtilizationPercentage !== undefined && spec.targetCPUUtilizationPercentage !== null) {
    metrics.push({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: spec.targetCPUUtilizationPercentage } } })
  }
  const others = parseJsonArray(annotations[metricSpecsAnnotation])
  // The CPU target from the v1 field goes after the metrics kept in the annotation, as in Kubernetes.
  if (others) metrics = [...others.map(metricSpecFromV1), ...metrics]

  let behavior: v2.HorizontalPodAutoscalerBehavior | undefined
  const behaviorText = annotations[behaviorAnnotation]
  if (behaviorText !== undefined) {
    try {
      const b = obj(JSON.parse(behaviorText))
      if (b) {
        const scaleUp = rulesFromInternal(member(b, 'ScaleUp'))
        const scaleDown = rulesFromInternal(member(b, 'ScaleDown'))
        if (scaleUp || scaleDown) behavior = compact({ scaleUp, scaleDown })
      }
    } catch {
      // a malformed annotation carries no behavior
    }
  }

  // autoscaling/v1 always meant "80% CPU" when it named no target; v2 says so explicitly.
  if (metrics.length === 0) metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: defaultCPUUtilization } } }]

  out.spec = compact({
    scaleTargetRef: refFromJson(spec?.scaleTargetRef as Json | undefined),
    minReplicas: spec?.minReplicas,
    maxReplicas: spec?.maxReplicas as number,
    metrics,
    behavior
  })

  const statuses = parseJsonArray(annotations[metricStatusesAnnotation])
  const conditions = parseJsonArray(annotations[conditionsAnnotation])?.map(conditionFromV1)
  if (hpa.status || statuses || conditions) {
    const s: Partial<v1.HorizontalPodAutoscalerStatus> = hpa.status ?? {}
    let currentMetrics: v2.MetricStatus[] | undefined
    if (s.currentCPUUtilizationPercentage !== undefined && s.currentCPUUtilizationPercentage !== null) {
      currentMetrics = [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: s.currentCPUUtilizationPercentage } } }]
    }
    // The annotation has more than the v1 field (raw values, other metrics): it wins.
    if (statuses) currentMetrics = statuses.map(metricStatusFromV1)
    out.status = compact({
      observedGeneration: s.observedGeneration,
      lastScaleTime: s.lastScaleTime,
      currentReplicas: s.currentReplicas || undefined,
      desiredReplicas: s.desiredReplicas ?? 0,
      currentMetrics,
      conditions
    })
  }

  dropRoundTripAnnotations(out)
  return out
}

/** A stored autoscaling/v2 object as autoscaling/v1. */
export function hpaV2ToV1(input: KubeObject): KubeObject {
  const hpa = input as HPAv2
  const spec = hpa.spec
  const status = hpa.status
  const out: HPAv1 = { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: structuredClone(hpa.metadata) }
  dropRoundTripAnnotations(out)

  const metrics = spec?.metrics ?? []
  // The first CPU resource metric decides; a CPU metric without a utilization target leaves the field unset.
  const cpu = metrics.find((m) => m.type === 'Resource' && m.resource?.name === 'cpu')
  out.spec = compact({
    scaleTargetRef: refFromJson(refJson(spec?.scaleTargetRef)),
    minReplicas: spec?.minReplicas,
    maxReplicas: spec?.maxReplicas as number,
    targetCPUUtilizationPercentage: cpu?.resource?.target?.averageUtilization
  })

  let currentCPU: number | undefined
  for (const m of status?.currentMetrics ?? []) {
    if (m.type === 'Resource' && m.resource?.name === 'cpu' && m.resource.current?.averageUtilization !== undefined) currentCPU = m.resource.current.averageUtilization
  }
  out.status = compact({
    observedGeneration: status?.observedGeneration,
    lastScaleTime: status?.lastScaleTime,
    currentReplicas: status?.currentReplicas ?? 0,
    desiredReplicas: status?.desiredReplicas ?? 0,
    currentCPUUtilizationPercentage: currentCPU
  })

  const extra: Record<string, string> = {}
  const others = metrics.filter((m) => !isCPUUtilization(m))
  if (others.length) extra[metricSpecsAnnotation] = JSON.stringify(others.map(metricSpecToV1))
  if (status?.currentMetrics?.length) extra[metricStatusesAnnotation] = JSON.stringify(status.currentMetrics.map(metricStatusToV1))
  if (spec?.behavior) extra[behaviorAnnotation] = JSON.stringify({ ScaleUp: rulesToInternal(spec.behavior.scaleUp), ScaleDown: rulesToInternal(spec.behavior.scaleDown) })
  if (status?.conditions?.length) extra[conditionsAnnotation] = JSON.stringify(status.conditions.map(conditionToV1))
  if (Object.keys(extra).length) out.metadata.annotations = { ...(out.metadata.annotations ?? {}), ...extra }
  return out
}
