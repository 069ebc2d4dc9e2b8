import type * as v1 from 'kubernetes-types/autoscaling/v1'
import type * as v2 from 'kubernetes-types/autoscaling/v2'
import type { LabelSelector } from 'kubernetes-types/meta/v1'
import type { KubeObject } from '../../apimachinery/types'

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

type Json = Record<string, unknown>

/** Drops undefined members so JSON.stringify prints only what Go's omitempty keeps. */
function compact<T extends Json>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k]
  return o
}

function selectorJson(sel: LabelSelector | undefined): Json | undefined {
  if (!sel) return undefined
  const matchLabels = sel.matchLabels && Object.fromEntries(Object.entries(sel.matchLabels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
  const matchExpressions = sel.matchExpressions?.map((e) => compact({ key: e.key, operator: e.operator, values: e.values }))
  return compact({ matchLabels, matchExpressions })
}

function refJson(ref: v2.CrossVersionObjectReference | undefined): Json {
  return compact({ kind: ref?.kind ?? '', name: ref?.name ?? '', apiVersion: ref?.apiVersion || undefined })
}

function refFromJson(ref: Json | undefined): v2.CrossVersionObjectReference {
  return compact({ kind: str(ref?.kind), name: str(ref?.name), apiVersion: str(ref?.apiVersion) || undefined })
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : ''
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' ? v : undefined
}

/** A Quantity field as Go decodes it: numbers and strings; anything else is absent. */
function qty(v: unknown): string | undefined {
  if (typeof v === 'string') return v
  if (typeof v === 'number') return String(v)
  return undefined
}

function obj(v: unknown): Json | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined
}

function selectorFrom(v: unknown): LabelSelector | undefined {
  return obj(v) as LabelSelector | undefined
}

// ---------------------------------------------------------------- metric specs

/** v2 MetricSpec -> the v1 annotation form. */
function metricSpecToV1(m: v2.MetricSpec): Json {
  const out: Json = { type: m.type }
  if (m.object) {
    out.object = compact({
      target: refJson(m.object.describedObject),
      metricName: m.object.metric?.name ?? '',
      targetValue: m.object.target?.value ?? '0',
      selector: selectorJson(m.object.metric?.selector),
      averageValue: m.object.target?.averageValue
    })
  }
  if (m.pods) {
    out.pods = compact({ metricName: m.pods.metric?.name ?? '', targetAverageValue: m.pods.target?.averageValue ?? '0', selector: selectorJson(m.pods.metric?.selector) })
  }
  if (m.resource) {
    out.resource = compact({ name: m.resource.name, targetAverageUtilization: m.resource.target?.averageUtilization, targetAverageValue: m.resource.target?.averageValue })
  }
  if (m.containerResource) {
    const c = m.containerResource
    out.containerResource = compact({ name: c.name, targetAverageUtilization: c.target?.averageUtilization, targetAverageValue: c.target?.averageValue, container: c.container })
  }
  if (m.external) {
    out.external = compact({
      metricName: m.external.metric?.name ?? '',
      metricSelector: selectorJson(m.external.metric?.selector),
      targetValue: m.external.target?.value,
      targetAverageValue: m.external.target?.averageValue
    })
  }
  return out
}

/** The v1 annotation form -> v2 MetricSpec. */
function metricSpecFromV1(m: Json): v2.MetricSpec {
  const out: v2.MetricSpec = { type: str(m.type) }
  const o = obj(m.object)
  if (o) {
    const averageValue = qty(o.averageValue)
    out.object = {
      describedObject: refFromJson(obj(o.target)),
      metric: compact({ name: str(o.metricName), selector: selectorFrom(o.selector) }),
      target: compact({ type: averageValue === undefined ? 'Value' : 'AverageValue', value: qty(o.targetValue) ?? '0', averageValue })
    }
  }
  const p = obj(m.pods)
  if (p) {
    out.pods = {
      metric: compact({ name: str(p.metricName), selector: selectorFrom(p.selector) }),
      target: { type: 'AverageValue', averageValue: qty(p.targetAverageValue) ?? '0' }
    }
  }
  const r = obj(m.resource)
  if (r) {
    const averageUtilization = num(r.targetAverageUtilization)
    out.resource = {
      name: str(r.name),
      target: compact({ type: averageUtilization === undefined ? 'AverageValue' : 'Utilization', averageValue: qty(r.targetAverageValue), averageUtilization })
    }
  }
  const c = obj(m.containerResource)
  if (c) {
    const averageUtilization = num(c.targetAverageUtilization)
    out.containerResource = {
      name: str(c.name),
      container: str(c.container),
      target: compact({ type: averageUtilization === undefined ? 'AverageValue' : 'Utilization', averageValue: qty(c.targetAverageValue), averageUtilization })
    }
  }
  const e = obj(m.external)
  if (e) {
    const value = qty(e.targetValue)
    out.external = {
      metric: compact({ name: str(e.metricName), selector: selectorFrom(e.metricSelector) }),
      target: compact({ type: value === undefined ? 'AverageValue' : 'Value', value, averageValue: qty(e.targetAverageValue) })
    }
  }
  return out
}

// ---------------------------------------------------------------- metric statuses

function metricStatusToV1(m: v2.MetricStatus): Json {
  const out: Json = { type: m.type }
  if (m.object) {
    out.object = compact({
      target: refJson(m.object.describedObject),
      metricName: m.object.metric?.name ?? '',
      currentValue: m.object.current?.value ?? '0',
      selector: selectorJson(m.object.metric?.selector),
      averageValue: m.object.current?.averageValue
    })
  }
  if (m.pods) {
    out.pods = compact({ metricName: m.pods.metric?.name ?? '', currentAverageValue: m.pods.current?.averageValue ?? '0', selector: selectorJson(m.pods.metric?.selector) })
  }
  if (m.resource) {
    out.resource = compact({ name: m.resource.name, currentAverageUtilization: m.resource.current?.averageUtilization, currentAverageValue: m.resource.current?.averageValue ?? '0' })
  }
  if (m.containerResource) {
    const c = m.containerResource
    out.containerResource = compact({ name: c.name, currentAverageUtilization: c.current?.averageUtilization, currentAverageValue: c.current?.averageValue ?? '0', container: c.container })
  }
  if (m.external) {
    out.external = compact({
      metricName: m.external.metric?.name ?? '',
      metricSelector: selectorJson(m.external.metric?.selector),
      currentValue: m.external.current?.value ?? '0',
      currentAverageValue: m.external.current?.averageValue
    })
  }
  return out
}

function metricStatusFromV1(m: Json): v2.MetricStatus {
  const out: v2.MetricStatus = { type: str(m.type) }
  const o = obj(m.object)
  if (o) {
    out.object = {
      current: compact({ value: qty(o.currentValue) ?? '0', averageValue: qty(o.averageValue) }),
      describedObject: refFromJson(obj(o.target)),
      metric: compact({ name: str(o.metricName), selector: selectorFrom(o.selector) })
    }
  }
  const p = obj(m.pods)
  if (p) out.pods = { current: { averageValue: qty(p.currentAverageValue) ?? '0' }, metric: compact({ name: str(p.metricName), selector: selectorFrom(p.selector) }) }
  const r = obj(m.resource)
  if (r) out.resource = { name: str(r.name), current: compact({ averageValue: qty(r.currentAverageValue) ?? '0', averageUtilization: num(r.currentAverageUtilization) }) }
  const c = obj(m.containerResource)
  if (c) {
    out.containerResource = {
      name: str(c.name),
      container: str(c.container),
      current: compact({ averageValue: qty(c.currentAverageValue) ?? '0', averageUtilization: num(c.currentAverageUtilization) })
    }
  }
  const e = obj(m.external)
  if (e) {
    out.external = {
      current: compact({ value: qty(e.currentValue) ?? '0', averageValue: qty(e.currentAverageValue) }),
      metric: compact({ name: str(e.metricName), selector: selectorFrom(e.metricSelector) })
    }
  }
  return out
}

// ---------------------------------------------------------------- conditions and behavior

function conditionToV1(c: v2.HorizontalPodAutoscalerCondition): Json {
  // metav1.Time is a struct: omitempty cannot drop it, so an unset time prints as null.
  return compact({ type: c.type, status: c.status, lastTransitionTime: c.lastTransitionTime ?? null, reason: c.reason || undefined, message: c.message || undefined })
}

function conditionFromV1(c: Json): v2.HorizontalPodAutoscalerCondition {
  return compact({
    type: str(c.type),
    status: str(c.status),
    lastTransitionTime: typeof c.lastTransitionTime === 'string' ? c.lastTransitionTime : undefined,
    reason: str(c.reason) || undefined,
    message: str(c.message) || undefined
  })
}

/** The internal Go struct has no JSON tags: field names print capitalised and nil pointers print as null. */
function rulesToInternal(r: v2.HPAScalingRules | undefined): Json | null {
  if (!r) return null
  return {
    StabilizationWindowSeconds: r.stabilizationWindowSeconds ?? null,
    SelectPolicy: r.selectPolicy ?? null,
    Policies: r.policies ? r.policies.map((p) => ({ Type: p.type, Value: p.value, PeriodSeconds: p.periodSeconds })) : null
  }
}

/** Go's encoding/json matches field names case-insensitively. */
function member(o: Json, name: string): unknown {
  if (Object.hasOwn(o, name)) return o[name]
  const lower = name.toLowerCase()
  const k = Object.keys(o).find((key) => key.toLowerCase() === lower)
  return k === undefined ? undefined : o[k]
}

function rulesFromInternal(v: unknown): v2.HPAScalingRules | undefined {
  const o = obj(v)
  if (!o) return undefined
  const policies = member(o, 'Policies')
  return compact({
    stabilizationWindowSeconds: num(member(o, 'StabilizationWindowSeconds')),
    selectPolicy: typeof member(o, 'SelectPolicy') === 'string' ? (member(o, 'SelectPolicy') as string) : undefined,
    policies: Array.isArray(policies)
      ? policies.map((p) => {
          const q = obj(p) ?? {}
          return { type: str(member(q, 'Type')), value: num(member(q, 'Value')) ?? 0, periodSeconds: num(member(q, 'PeriodSeconds')) ?? 0 }
        })
      : undefined
  })
}

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
