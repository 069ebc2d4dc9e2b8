import type { Node, Pod, Service } from 'kubernetes-types/core/v1'
import type { Mutable } from '../../../main/cluster/apimachinery/types'
import type { Cluster } from '../../../main/cluster/cluster'

/**
 * Test support for the Endpoints and EndpointSlice controllers: nodes,
 * Services and pods made by hand (no scheduler, no kubelet), and pod status
 * written as a kubelet would.
 */

export const podsGVR = { group: '', version: 'v1', resource: 'pods' }
export const servicesGVR = { group: '', version: 'v1', resource: 'services' }
export const endpointsGVR = { group: '', version: 'v1', resource: 'endpoints' }
export const slicesGVR = { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' }
const nodesGVR = { group: '', version: 'v1', resource: 'nodes' }

/** A node in zone-a. */
export async function createNode(cluster: Cluster, name: string): Promise<void> {
  const node: Node = { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'topology.kubernetes.io/zone': 'zone-a' } } }
  await cluster.client.resource<Node>(nodesGVR).create(node)
}

/** Service `web` selecting app=web: port http (80 → the pods' port named http) and metrics (9090 → 9090). */
export function webService(extra: Partial<NonNullable<Service['spec']>> = {}): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default', labels: { tier: 'frontend' } },
    spec: {
      // Set by hand: no IP allocator runs in these tests.
      clusterIP: '10.96.0.10',
      selector: { app: 'web' },
      ports: [
        { name: 'http', port: 80, targetPort: 'http' },
        { name: 'metrics', port: 9090, targetPort: 9090 }
      ],
      ...extra
    }
  }
}

/** Options of a test pod. */
export interface PodOptions {
  labels?: Record<string, string>
  /** Whether the app container declares its port named http (8080). */
  namedPort?: boolean
  ip?: string
  ready?: boolean
  node?: string
}

/** Creates a pod bound to a node, then writes its status (IP, Running, Ready) as its kubelet would. */
export async function createPod(cluster: Cluster, name: string, options: PodOptions = {}): Promise<Pod> {
  const pods = cluster.client.resource<Pod>(podsGVR)
  const ports = options.namedPort === false ? [] : [{ name: 'http', containerPort: 8080 }]
  const created = await pods.create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: options.labels ?? { app: 'web' } },
    spec: { nodeName: options.node ?? 'node-1', containers: [{ name: 'app', image: 'nginx:1.27', ports }] }
  })
  if (!options.ip) return created
  return setStatus(cluster, created, options.ip, options.ready ?? true)
}

/** Writes the pod's IP and readiness. */
export async function setStatus(cluster: Cluster, pod: Pod, ip: string, ready: boolean): Promise<Pod> {
  const copy = structuredClone(pod) as Mutable<Pod>
  copy.status = {
    ...copy.status,
    phase: 'Running',
    podIP: ip,
    podIPs: [{ ip }],
    conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: cluster.clock.rfc3339() }]
  }
  return cluster.client.resource<Pod>(podsGVR).updateStatus(copy)
}
