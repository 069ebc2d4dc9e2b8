import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseAllDocuments } from 'yaml'
import type { Pod, Service } from 'kubernetes-types/core/v1'
import type { EndpointSlice } from 'kubernetes-types/discovery/v1'
import type { KubeObject } from '../../../../main/cluster/apimachinery/types'
import type { Cluster } from '../../../../main/cluster/cluster'
import type { PacketTraceObject, PacketTraceSpec } from '../../../../main/cluster/registry/kinds/packettrace'
import { waitFor } from '../../../support/wait'

export const guestbookDir = fileURLToPath(new URL('../../../fixtures/guestbook', import.meta.url))

const gvrOf: Record<string, { group: string; version: string; resource: string }> = {
  Deployment: { group: 'apps', version: 'v1', resource: 'deployments' },
  Service: { group: '', version: 'v1', resource: 'services' },
  NetworkPolicy: { group: 'networking.k8s.io', version: 'v1', resource: 'networkpolicies' }
}
export const podsGVR = { group: '', version: 'v1', resource: 'pods' }
export const servicesGVR = gvrOf.Service
export const nodesGVR = { group: '', version: 'v1', resource: 'nodes' }
export const slicesGVR = { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' }
export const tracesGVR = { group: 'kubelab.dev', version: 'v1alpha1', resource: 'packettraces' }

/** Creates every object of a manifest file (Deployments, Services, NetworkPolicies) in `default`. */
export async function applyManifest(cluster: Cluster, file: string): Promise<void> {
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
    const obj = doc.toJS() as KubeObject
    await cluster.client.resource(gvrOf[obj.kind!]).create({ ...obj, metadata: { namespace: 'default', ...obj.metadata } })
  }
}

export async function createObject(cluster: Cluster, obj: KubeObject): Promise<void> {
  await cluster.client.resource(gvrOf[obj.kind!]).create(obj)
}

/** Applies the three guestbook manifests and waits until every pod runs and every Service has ready endpoints. */
export async function startGuestbook(cluster: Cluster): Promise<void> {
  for (const f of ['redis-master.yaml', 'redis-slave.yaml', 'frontend.yaml']) await applyManifest(cluster, join(guestbookDir, f))
  await waitFor(async () => {
    const pods = (await cluster.client.resource<Pod>(podsGVR).list('default')).items
    const ready = pods.filter((p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'))
    return ready.length === 6
  }, 'six guestbook pods Ready', 30_000)
  for (const svc of ['redis-master', 'redis-slave', 'frontend']) await readyEndpoints(cluster, svc)
}

/** Waits until a Service has a ready endpoint and kube-proxy's rules on every node send to it. */
export async function readyEndpoints(cluster: Cluster, service: string, namespace = 'default'): Promise<void> {
  const ready = (slices: readonly EndpointSlice[]) =>
    slices.some((s) => s.metadata?.namespace === namespace && s.metadata?.labels?.['kubernetes.io/service-name'] === service && (s.endpoints ?? []).some((e) => e.conditions?.ready))
  await waitFor(async () => ready((await cluster.client.resource<EndpointSlice>(slicesGVR).list(namespace, { labelSelector: `kubernetes.io/service-name=${service}` })).items), `ready endpoints of ${service}`, 30_000)
  // kube-proxy and the trace engine see them through the shared informers, a watch event later.
  const informer = cluster.informers?.informerFor<EndpointSlice>(slicesGVR)
  if (informer) await waitFor(() => ready(informer.list()), `ready endpoints of ${service} in the shared informers`, 30_000)
}

export async function pods(cluster: Cluster, selector: string): Promise<Pod[]> {
  return (await cluster.client.resource<Pod>(podsGVR).list('default', { labelSelector: selector })).items
}

export async function service(cluster: Cluster, name: string): Promise<Service> {
  return cluster.client.resource<Service>(servicesGVR).get('default', name)
}

/** Creates a PacketTrace and returns the answer. */
export async function trace(cluster: Cluster, spec: PacketTraceSpec): Promise<PacketTraceObject> {
  return cluster.client.resource<PacketTraceObject>(tracesGVR).create({ apiVersion: 'kubelab.dev/v1alpha1', kind: 'PacketTrace', metadata: {}, spec })
}

export const ref = (p: { metadata?: { namespace?: string; name?: string } }): string => `${p.metadata?.namespace}/${p.metadata?.name}`
