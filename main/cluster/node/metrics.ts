import type { Node, Pod } from 'kubernetes-types/core/v1'
import { newQuantity, newScaledQuantity } from '../apimachinery/quantity'
import type { MetricsApi, NodeMetrics, PodMetrics, ResourceUsage } from '../apiserver/metrics-api'
import type { Clock } from '../clock/types'
import { IndexNames } from '../client/indexer-builtins'
import type { Informer } from '../client/informer'
import type { ResourceUse } from '../world/container-processes'
import type { ClusterWorld } from '../world'
import { configMirrorAnnotation } from './kubelet/static-pod'

/**
 * The resource metrics pipeline, in metrics-server's place: it reads what
 * every running container uses from the container behaviour model (as
 * metrics-server scrapes each kubelet's /metrics/resource) and answers
 * metrics.k8s.io for the API front. A node's usage is its pods' plus what
 * the node's own system (kubelet, containerd) uses; a node that is not Ready
 * is not scraped, so it has no metrics.
 */

/** Over how long usage is averaged: the load window of the process table. */
export const metricsWindow = '30s'


/** What a node's system processes (kubelet, containerd, systemd) use besides its pods. */
export const nodeSystemUse: ResourceUse = { cpuNanocores: 25_000_000, memoryBytes: 180 * 1024 * 1024 }

export interface ResourceMetricsOptions {
  world: ClusterWorld
  clock: Clock
  /**
   * The shared pod informer (indexed by namespace and spec.nodeName), asked
   * for on first use: a cluster without nodes keeps no pod cache for metrics.
   */
  pods: () => Informer<Pod>
  nodes: () => Informer<Node>
}

/** Canonical quantities as metrics-server writes them: CPU in nanocores (`1234567n`, `300m`), memory in binary units (`3076Ki`). */
export function usageQuantities(use: ResourceUse): ResourceUsage {
  return { cpu: newScaledQuantity(Math.round(use.cpuNanocores), -9).toString(), memory: newQuantity(Math.round(use.memoryBytes), 'BinarySI').toString() }
}

function nodeReady(node: Node): boolean {
  return node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false
}

export class ResourceMetrics implements MetricsApi {
  constructor(private readonly options: ResourceMetricsOptions) {}

  /** What each running container of a pod uses, in spec order; empty when none runs. */
  containerUse(pod: Pod): { name: string; use: ResourceUse }[] {
    if (pod.status?.phase !== 'Running') return []
    // A mirror pod stands for a static pod, whose processes run under the static pod's uid (its config hash).
    const uid = pod.metadata?.annotations?.[configMirrorAnnotation] ?? pod.metadata?.uid ?? ''
    const running = new Set((pod.status.containerStatuses ?? []).filter((s) => s.state?.running).map((s) => s.name))
    const out: { name: string; use: ResourceUse }[] = []
    for (const c of pod.spec?.containers ?? []) {
      const use = running.has(c.name) ? this.options.world.processes.usage(uid, c.name) : undefined
      if (use) out.push({ name: c.name, use })
    }
    return out
  }

  podMetrics(namespace?: string): PodMetrics[] {
    const pods = this.options.pods()
    const now = this.options.clock.rfc3339()
    const list = namespace === undefined ? pods.list() : pods.byIndex(IndexNames.namespace, namespace)
    // A node that is not Ready cannot be scraped: its pods have no metrics.
    const scraped = new Set(this.options.nodes().list().filter(nodeReady).map((n) => n.metadata?.name))
    const out: PodMetrics[] = []
    for (const pod of list) {
      if (!scraped.has(pod.spec?.nodeName)) continue
      const containers = this.containerUse(pod)
      if (!containers.length) continue
      const m = pod.metadata ?? {}
      out.push({
        kind: 'PodMetrics',
        apiVersion: 'metrics.k8s.io/v1beta1',
        metadata: { name: m.name ?? '', namespace: m.namespace ?? '', creationTimestamp: now, ...(m.labels ? { labels: { ...m.labels } } : {}) },
        timestamp: now,
        window: metricsWindow,
        containers: containers.map((c) => ({ name: c.name, usage: usageQuantities(c.use) }))
      })
    }
    return out.sort((a, b) => a.metadata.namespace.localeCompare(b.metadata.namespace) || a.metadata.name.localeCompare(b.metadata.name))
  }

  nodeMetrics(): NodeMetrics[] {
    const pods = this.options.pods()
    const now = this.options.clock.rfc3339()
    const out: NodeMetrics[] = []
    for (const node of this.options.nodes().list()) {
      if (!nodeReady(node)) continue
      const name = node.metadata?.name ?? ''
      const total = { ...nodeSystemUse }
      for (const pod of pods.byIndex(IndexNames.nodeName, name)) {
        for (const c of this.containerUse(pod)) {
          total.cpuNanocores += c.use.cpuNanocores
          total.memoryBytes += c.use.memoryBytes
        }
      }
      const labels = node.metadata?.labels
      out.push({
        kind: 'NodeMetrics',
        apiVersion: 'metrics.k8s.io/v1beta1',
        metadata: { name, creationTimestamp: now, ...(labels ? { labels: { ...labels } } : {}) },
        timestamp: now,
        window: metricsWindow,
        usage: usageQuantities(total)
      })
    }
    return out.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
  }
}
