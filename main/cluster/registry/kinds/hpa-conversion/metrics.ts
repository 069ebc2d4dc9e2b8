import type * as v2 from 'kubernetes-types/autoscaling/v2'
import { compact, selectorJson, refJson, refFromJson, str, num, qty, obj, selectorFrom, type Json } from './json-values'

/** Metric specs, metric statuses and conditions between v2 and the v1 annotations' (v2beta1-shaped) JSON. */
export function metricSpecToV1(m: v2.MetricSpec): Json {
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
export function metricSpecFromV1(m: Json): v2.MetricSpec {
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

export function metricStatusToV1(m: v2.MetricStatus): Json {
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

export function metricStatusFromV1(m: Json): v2.MetricStatus {
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

export function conditionToV1(c: v2.HorizontalPodAutoscalerCondition): Json {
  // metav1.Time is a struct: omitempty cannot drop it, so an unset time prints as null.
  return compact({ type: c.type, status: c.status, lastTransitionTime: c.lastTransitionTime ?? null, reason: c.reason || undefined, message: c.message || undefined })
}

export function conditionFromV1(c: Json): v2.HorizontalPodAutoscalerCondition {
  return compact({
    type: str(c.type),
    status: str(c.status),
    lastTransitionTime: typeof c.lastTransitionTime === 'string' ? c.lastTransitionTime : undefined,
    reason: str(c.reason) || undefined,
    message: str(c.message) || undefined
  })
}

/** The internal Go struct has no JSON tags: field names print capitalised and nil pointers print as null. */
