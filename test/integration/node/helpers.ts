import type { Lease } from 'kubernetes-types/coordination/v1'
import type { Event, Node, Pod } from 'kubernetes-types/core/v1'
import { isNotFound } from '../../../main/cluster/apimachinery/errors'
import { Cluster, type ClusterOptions } from '../../../main/cluster/cluster'
import type { ComponentFactory } from '../../../main/cluster/component'
import { nodeIpamComponent } from '../../../main/cluster/controllers/node-ipam'
import { nodesComponent } from '../../../main/cluster/node'
import { waitFor } from '../../support/wait'

export const podsGVR = { group: '', version: 'v1', resource: 'pods' }
export const nodesGVR = { group: '', version: 'v1', resource: 'nodes' }
export const eventsGVR = { group: '', version: 'v1', resource: 'events' }
export const leasesGVR = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases' }

/** A cluster on the instant clock with the node IPAM controller and the nodes (and nothing else). */
export function startCluster(options: ClusterOptions & { nodes?: ComponentFactory } = {}): Promise<Cluster> {
  const { nodes, ...rest } = options
  return Cluster.start({ clock: 'instant', components: [nodeIpamComponent, nodes ?? nodesComponent], ...rest })
}

export function clients(cluster: Cluster) {
  return {
    pods: cluster.client.resource<Pod>(podsGVR),
    nodes: cluster.client.resource<Node>(nodesGVR),
    events: cluster.client.resource<Event>(eventsGVR),
    leases: cluster.client.resource<Lease>(leasesGVR)
  }
}

export function isReady(node: Node | undefined): boolean {
  return node?.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True'
}

/** Waits until the named nodes report Ready (and have their podCIDR). */
export async function nodesReady(cluster: Cluster, names: string[]): Promise<Node[]> {
  const { nodes } = clients(cluster)
  return waitFor(async () => {
    const all = (await nodes.list()).items
    const wanted = names.map((n) => all.find((x) => x.metadata?.name === n))
    return wanted.every((n) => isReady(n) && n?.spec?.podCIDR) ? (wanted as Node[]) : undefined
  }, `nodes ${names.join(', ')} Ready`)
}

/** A one-container pod in default. */
export function podManifest(name: string, annotations: Record<string, string> = {}, image = 'nginx:1.27'): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', annotations }, spec: { containers: [{ name: 'web', image }] } }
}

/** Creates the pod and binds it to the node, as the scheduler would. */
export async function runOn(cluster: Cluster, pod: Pod, node: string): Promise<void> {
  await clients(cluster).pods.create(pod)
  await cluster.client.bind({ metadata: { name: pod.metadata!.name, namespace: pod.metadata!.namespace }, target: { kind: 'Node', name: node } })
}

export async function getPod(cluster: Cluster, name: string, namespace = 'default'): Promise<Pod | undefined> {
  try {
    return await clients(cluster).pods.get(namespace, name)
  } catch (e) {
    if (isNotFound(e)) return undefined
    throw e
  }
}

export function podReady(pod: Pod | undefined): boolean {
  return pod?.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True'
}

/** Events about one object, oldest first (`reason: message`). */
export async function eventsAbout(cluster: Cluster, kind: string, name: string): Promise<Event[]> {
  const items = (await clients(cluster).events.list()).items.filter((e) => e.involvedObject.kind === kind && e.involvedObject.name === name)
  const order = (e: Event) => BigInt(`0x${e.metadata!.name!.split('.').pop()}`)
  return items.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0))
}

export function lines(events: Event[]): string[] {
  return events.map((e) => `${e.reason}: ${e.message}`)
}

/** Whether ip lies in cidr (IPv4). */
export function inCIDR(ip: string, cidr: string): boolean {
  const toInt = (s: string) => s.split('.').reduce((n, o) => n * 256 + Number(o), 0)
  const [base, bits] = cidr.split('/')
  const size = 2 ** (32 - Number(bits))
  return Math.floor(toInt(ip) / size) === Math.floor(toInt(base) / size)
}
