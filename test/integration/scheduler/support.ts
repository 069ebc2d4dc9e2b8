import type { Event, Node, Pod, Taint } from 'kubernetes-types/core/v1'
import { Cluster } from '../../../main/cluster/cluster'
import { schedulerComponent } from '../../../main/cluster/scheduler'
import type { ResourceClient } from '../../../main/cluster/client/types'
import { waitFor } from '../../support/wait'

export const podsGVR = { group: '', version: 'v1', resource: 'pods' }
export const nodesGVR = { group: '', version: 'v1', resource: 'nodes' }
export const eventsGVR = { group: '', version: 'v1', resource: 'events' }

/** A running cluster with only the scheduler, and typed clients. */
export interface TestCluster {
  cluster: Cluster
  pods: ResourceClient<Pod>
  nodes: ResourceClient<Node>
  events: ResourceClient<Event>
}

export async function startCluster(): Promise<TestCluster> {
  const cluster = await Cluster.start({ clock: 'instant', components: [schedulerComponent] })
  return {
    cluster,
    pods: cluster.client.resource<Pod>(podsGVR),
    nodes: cluster.client.resource<Node>(nodesGVR),
    events: cluster.client.resource<Event>(eventsGVR)
  }
}

/** Registers a node as a kubelet would (no kubelet runs here): the object, then its status with allocatable and Ready. */
export async function addNode(
  t: TestCluster,
  name: string,
  o: { cpu?: string; memory?: string; pods?: string; labels?: Record<string, string>; taints?: Taint[]; ready?: boolean } = {}
): Promise<Node> {
  const created = await t.nodes.create({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', ...(o.labels ?? {}) } },
    spec: o.taints ? { taints: o.taints } : {}
  })
  const resources = { cpu: o.cpu ?? '2', memory: o.memory ?? '4Gi', pods: o.pods ?? '110' }
  return t.nodes.updateStatus({
    ...structuredClone(created),
    status: {
      capacity: resources,
      allocatable: resources,
      conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }]
    }
  })
}

/** A pod with one container. */
export function pod(name: string, o: Partial<NonNullable<Pod['spec']>> & { requests?: Record<string, string>; labels?: Record<string, string>; ownerReferences?: NonNullable<Pod['metadata']>['ownerReferences'] } = {}): Pod {
  const { requests, labels, ownerReferences, ...spec } = o
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: labels ?? {}, ...(ownerReferences ? { ownerReferences } : {}) },
    spec: { containers: [{ name: 'app', image: 'nginx:1.27', resources: requests ? { requests } : {} }], ...spec }
  }
}

/** Waits until the pod is bound; returns its node. */
export async function boundNode(t: TestCluster, name: string): Promise<string> {
  return waitFor(async () => (await t.pods.get('default', name)).spec?.nodeName, `pod ${name} to be bound`)
}

/** Waits until the pod's PodScheduled condition is False, and returns that condition. */
export async function unschedulableCondition(t: TestCluster, name: string) {
  return waitFor(async () => (await t.pods.get('default', name)).status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False'), `pod ${name} to be marked unschedulable`)
}

/** Waits for an event about a pod with that reason; returns it. */
export async function eventFor(t: TestCluster, podName: string, reason: string): Promise<Event> {
  return waitFor(async () => (await t.events.list('default')).items.find((e) => e.involvedObject.name === podName && e.reason === reason), `a ${reason} event for ${podName}`)
}

/** A PriorityClass of value 1000 (pods get their priority from a class, through Priority admission); returns its name. */
export async function urgentClass(t: TestCluster): Promise<string> {
  await t.cluster.client.resource({ group: 'scheduling.k8s.io', version: 'v1', resource: 'priorityclasses' }).create({
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: 'urgent' },
    value: 1000
  } as never)
  return 'urgent'
}
