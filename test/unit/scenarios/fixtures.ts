/**
 * Small Kubernetes objects for the lesson tests, shaped as the API serves
 * them (only the fields the checks read), and a CheckContext over them.
 */
import type { KubeObject } from '../../../main/cluster/apimachinery/types'
import type { CheckContext, TraceRecord } from '../../../main/cluster/scenarios/types'

export interface PodOptions {
  ns?: string
  node?: string
  ready?: boolean
  phase?: string
  deleting?: boolean
  annotations?: Record<string, string>
  containers?: number
}

export function pod(name: string, labels: Record<string, string>, o: PodOptions = {}): KubeObject {
  const ready = o.ready ?? true
  const containers = Array.from({ length: o.containers ?? 1 }, (_, i) => ({ name: `c${i}`, image: 'nginx' }))
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: o.ns ?? 'default', labels, uid: `uid-${name}`, annotations: o.annotations, ...(o.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) },
    spec: { nodeName: o.node ?? 'kubelab-worker', containers },
    status: {
      phase: o.phase ?? 'Running',
      podIP: '10.244.1.5',
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
      containerStatuses: containers.map((c) => ({ name: c.name, ready }))
    }
  }
}

export function rc(name: string, replicas: number, selector: Record<string, string>, ns = 'default'): KubeObject {
  return { apiVersion: 'v1', kind: 'ReplicationController', metadata: { name, namespace: ns }, spec: { replicas, selector } }
}

export function deployment(name: string, replicas: number, matchLabels: Record<string, string>, ns = 'default'): KubeObject {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: ns }, spec: { replicas, selector: { matchLabels } } }
}

export function service(name: string, selector: Record<string, string>, ports: Array<{ port: number; nodePort?: number }> = [{ port: 80 }], ns = 'default'): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec: { selector, ports } }
}

export function endpoints(name: string, ready: number, ns = 'default'): KubeObject {
  const addresses = Array.from({ length: ready }, (_, i) => ({ ip: `10.244.1.${i + 10}` }))
  return { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace: ns }, subsets: ready ? [{ addresses, ports: [{ port: 80 }] }] : [] }
}

export function node(name: string, o: { ready?: 'True' | 'False' | 'Unknown'; power?: 'on' | 'off'; controlPlane?: boolean; ip?: string } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: o.controlPlane ? { 'node-role.kubernetes.io/control-plane': '' } : {},
      annotations: o.power ? { 'sim.kubelab.dev/power': o.power } : {}
    },
    status: { conditions: [{ type: 'Ready', status: o.ready ?? 'True' }], addresses: [{ type: 'InternalIP', address: o.ip ?? '172.18.0.3' }] }
  }
}

/** The default cluster's nodes: the control plane and three workers, all Ready. */
export const defaultNodes = (): KubeObject[] => [
  node('kubelab-control-plane', { controlPlane: true, ip: '172.18.0.2' }),
  node('kubelab-worker', { ip: '172.18.0.3' }),
  node('kubelab-worker2', { ip: '172.18.0.4' }),
  node('kubelab-worker3', { ip: '172.18.0.5' })
]

const resourceOf: Record<string, string> = {
  Pod: 'pods',
  ReplicationController: 'replicationcontrollers',
  Deployment: 'deployments.apps',
  Service: 'services',
  Endpoints: 'endpoints',
  Node: 'nodes',
  Namespace: 'namespaces',
  Event: 'events',
  PersistentVolume: 'persistentvolumes',
  PersistentVolumeClaim: 'persistentvolumeclaims'
}

/** A CheckContext over a fixed set of objects, as the informers would cache them. */
export function contextOf(objects: KubeObject[], extra: Partial<Pick<CheckContext, 'selected' | 'traces' | 'dataDir'>> = {}): CheckContext {
  const of = (resource: string) => objects.filter((o) => resourceOf[o.kind ?? ''] === resource)
  return {
    list: (resource, namespace) => of(resource).filter((o) => namespace === undefined || o.metadata.namespace === namespace),
    find: (ref) => of(ref.resource).find((o) => o.metadata.name === ref.name && (o.metadata.namespace ?? undefined) === (ref.namespace ?? undefined)),
    selected: extra.selected ?? null,
    traces: extra.traces ?? [],
    dataDir: extra.dataDir
  }
}

export function trace(step: string, verdict: 'Delivered' | 'Dropped', reason: string): TraceRecord {
  return { step, request: { source: { pod: 'default/client' }, destination: { address: 'shop', port: 80 } }, result: { verdict, reason, hops: [] } }
}
