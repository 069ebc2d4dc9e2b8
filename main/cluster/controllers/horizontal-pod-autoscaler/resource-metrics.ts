import { tryParseQuantity } from '../../apimachinery/quantity'
import type { Selector } from '../../apimachinery/label-selector'
import type { MetricsApi } from '../../apiserver/metrics-api'
import type { PodMetricsInfo } from './replica-calculator'

/**
 * The HPA's resource metrics client (metricsclient.GetResourceMetric): lists
 * PodMetrics of the namespace through metrics.k8s.io, keeps the selected
 * pods and sums their containers' usage of the resource in milli-units. A
 * pod with a container lacking the resource has no metric.
 */
export function getResourceMetric(api: MetricsApi | undefined, resource: string, namespace: string, selector: Selector): PodMetricsInfo {
  if (!api) throw new Error('unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)')
  const items = api.podMetrics(namespace).filter((m) => selector.matches(m.metadata.labels))
  if (!items.length) throw new Error('no metrics returned from resource metrics API')
  const out: PodMetricsInfo = new Map()
  for (const m of items) {
    let sum = 0
    let missing = m.containers.length === 0
    for (const c of m.containers) {
      const q = tryParseQuantity((c.usage as Record<string, string>)[resource] ?? '')
      if (!q) {
        missing = true
        break
      }
      sum += q.milliValue()
    }
    if (!missing) out.set(m.metadata.name, { value: sum, timestamp: Date.parse(m.timestamp), windowMs: parseWindow(m.window) })
  }
  return out
}

/** `30s`, `1m30s`, `15.5s` in ms. */
function parseWindow(window: string): number {
  let total = 0
  for (const [, n, unit] of window.matchAll(/([\d.]+)(h|ms|m|s)/g)) total += Number(n) * ({ h: 3_600_000, m: 60_000, s: 1000, ms: 1 } as Record<string, number>)[unit]
  return total
}
