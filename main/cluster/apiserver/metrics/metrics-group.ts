/**
 * The metrics.k8s.io group as discovery lists it once metrics-server's
 * APIService is available: v1beta1 with `nodes` (NodeMetrics, cluster-scoped)
 * and `pods` (PodMetrics, namespaced), both get and list only.
 */

export const metricsGroup = 'metrics.k8s.io'
export const metricsVersion = 'v1beta1'

/** One resource of an API group served outside the registry (an aggregated API). */
export interface AggregatedResource {
  resource: string
  kind: string
  namespaced: boolean
  verbs: string[]
}

/** A group/version served outside the registry. */
export interface AggregatedGroup {
  group: string
  version: string
  resources: AggregatedResource[]
}

export const metricsApiGroup: AggregatedGroup = {
  group: metricsGroup,
  version: metricsVersion,
  resources: [
    { resource: 'nodes', kind: 'NodeMetrics', namespaced: false, verbs: ['get', 'list'] },
    { resource: 'pods', kind: 'PodMetrics', namespaced: true, verbs: ['get', 'list'] }
  ]
}
