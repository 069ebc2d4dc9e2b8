/**
 * What the API front serves as metrics.k8s.io/v1beta1 (NodeMetrics,
 * PodMetrics), as kube-apiserver proxies that group to metrics-server. The
 * front declares this small interface; the simulated nodes implement it
 * (node/metrics.ts) from the container behaviour model, and cluster.ts wires
 * the implementation in. Quantities are canonical strings (`1234567n`, `3072Ki`).
 */

/** `{ cpu, memory }`, as metrics-server reports usage. */
export type ResourceUsage = { cpu: string; memory: string }

/** metrics.k8s.io/v1beta1 NodeMetrics. */
export interface NodeMetrics {
  kind: 'NodeMetrics'
  apiVersion: 'metrics.k8s.io/v1beta1'
  metadata: { name: string; creationTimestamp: string; labels?: Record<string, string> }
  /** When the usage was measured (RFC 3339). */
  timestamp: string
  /** Over how long the usage is averaged (`30s`). */
  window: string
  usage: ResourceUsage
}

/** metrics.k8s.io/v1beta1 PodMetrics. */
export interface PodMetrics {
  kind: 'PodMetrics'
  apiVersion: 'metrics.k8s.io/v1beta1'
  metadata: { name: string; namespace: string; creationTimestamp: string; labels?: Record<string, string> }
  timestamp: string
  window: string
  containers: { name: string; usage: ResourceUsage }[]
}

/** The resource metrics pipeline (metrics-server's place). */
export interface MetricsApi {
  /** Metrics of every node that reports them. */
  nodeMetrics(): NodeMetrics[]
  /** Metrics of every running pod, in one namespace or (undefined) all. */
  podMetrics(namespace?: string): PodMetrics[]
}
