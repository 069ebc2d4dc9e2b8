import type { ServerResponse } from 'node:http'
import { methodNotAllowed, notFound, notFoundPath } from '../../apimachinery/errors'
import { parseLabelSelector } from '../../apimachinery/label-selector'
import type { MetricsApi, NodeMetrics, PodMetrics } from '../metrics-api'
import type { ResourceRequest } from '../request-info'
import { writeJSON } from '../respond'
import { metricsGroup, metricsVersion } from './metrics-group'

/**
 * GET and LIST of metrics.k8s.io/v1beta1 nodes and pods, answered as
 * metrics-server answers them: NodeMetricsList / PodMetricsList (label
 * selectors honoured), one object by name, 404 `podmetrics.metrics.k8s.io
 * "ns/name" not found`, 405 for every other verb.
 */

const listMeta = { resourceVersion: '' }

function selected<T extends { metadata: { labels?: Record<string, string> } }>(items: T[], query: URLSearchParams): T[] {
  const raw = query.get('labelSelector')
  const selector = raw ? parseLabelSelector(raw) : undefined
  return selector && !selector.empty() ? items.filter((i) => selector.matches(i.metadata.labels)) : items
}

function nodes(api: MetricsApi, info: ResourceRequest, query: URLSearchParams, res: ServerResponse): void {
  if (info.namespace) throw notFoundPath()
  const all = api.nodeMetrics()
  if (info.name) {
    const one = all.find((n) => n.metadata.name === info.name)
    if (!one) throw notFound({ group: metricsGroup, resource: 'nodemetrics' }, info.name)
    return writeJSON(res, 200, one)
  }
  writeJSON(res, 200, { kind: 'NodeMetricsList', apiVersion: `${metricsGroup}/${metricsVersion}`, metadata: listMeta, items: selected<NodeMetrics>(all, query) })
}

function pods(api: MetricsApi, info: ResourceRequest, query: URLSearchParams, res: ServerResponse): void {
  const all = api.podMetrics(info.namespace)
  if (info.name) {
    const one = all.find((p) => p.metadata.name === info.name)
    if (!one) throw notFound({ group: metricsGroup, resource: 'podmetrics' }, `${info.namespace ?? ''}/${info.name}`)
    return writeJSON(res, 200, one)
  }
  writeJSON(res, 200, { kind: 'PodMetricsList', apiVersion: `${metricsGroup}/${metricsVersion}`, metadata: listMeta, items: selected<PodMetrics>(all, query) })
}

/** Serves one request to the metrics group. */
export function serveMetrics(api: MetricsApi, info: ResourceRequest, query: URLSearchParams, res: ServerResponse): void {
  if (info.version !== metricsVersion || info.subresource) throw notFoundPath()
  if (info.resource !== 'nodes' && info.resource !== 'pods') throw notFoundPath()
  if (info.verb !== 'get' && info.verb !== 'list') throw methodNotAllowed()
  if (info.resource === 'nodes') return nodes(api, info, query, res)
  return pods(api, info, query, res)
}
