import ipaddr from 'ipaddr.js'
import type { Endpoints, Service } from 'kubernetes-types/core/v1'
import type { EndpointSlice } from 'kubernetes-types/discovery/v1'
import { isAlreadyExists, isNotFound } from '../apimachinery/errors'
import type { Client } from '../client/types'
import { type ClusterConfig, firstServiceIP } from '../config/cluster-config'

/** The control plane's InternalIP: the node network's .2 (.1 is the gateway), as kind's first container. */
export function controlPlaneIP(nodeCIDR: string): string {
  const [addr, bits] = ipaddr.IPv4.parseCIDR(nodeCIDR)
  const size = 2 ** (32 - bits)
  const n = Math.floor(addr.toByteArray().reduce((a, b) => a * 256 + b, 0) / size) * size + 2
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.')
}

/** The `kubernetes` Service in `default`, as the apiserver's bootstrap controller writes it. */
export function kubernetesService(config: ClusterConfig): Service {
  const ip = firstServiceIP(config.network.serviceCIDR)
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: {
      type: 'ClusterIP',
      clusterIP: ip,
      clusterIPs: [ip],
      sessionAffinity: 'None',
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }]
    }
  }
}

/** Its Endpoints: the apiserver on the control-plane node. */
export function kubernetesEndpoints(config: ClusterConfig): Endpoints {
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    subsets: [{ addresses: [{ ip: controlPlaneIP(config.network.nodeCIDR) }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }]
  }
}

/** Its EndpointSlice, as the apiserver's endpoint reconciler writes it (no managed-by label: no controller owns it). */
export function kubernetesEndpointSlice(config: ClusterConfig): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes' } },
    addressType: 'IPv4',
    endpoints: [{ addresses: [controlPlaneIP(config.network.nodeCIDR)], conditions: { ready: true } }],
    ports: [{ name: 'https', port: 6443, protocol: 'TCP' }]
  }
}

/**
 * Creates the `kubernetes` Service (ClusterIP: the service range's first
 * address), its Endpoints and its EndpointSlice when missing; idempotent, so a restart changes nothing.
 */
export async function ensureKubernetesService(client: Client, config: ClusterConfig): Promise<void> {
  const services = client.resource<Service>({ group: '', version: 'v1', resource: 'services' })
  const endpoints = client.resource<Endpoints>({ group: '', version: 'v1', resource: 'endpoints' })
  const slices = client.resource<EndpointSlice>({ group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' })
  await createIfMissing(() => services.get('default', 'kubernetes'), () => services.create(kubernetesService(config)))
  await createIfMissing(() => endpoints.get('default', 'kubernetes'), () => endpoints.create(kubernetesEndpoints(config)))
  await createIfMissing(() => slices.get('default', 'kubernetes'), () => slices.create(kubernetesEndpointSlice(config)))
}

async function createIfMissing(get: () => Promise<unknown>, create: () => Promise<unknown>): Promise<void> {
  try {
    await get()
    return
  } catch (e) {
    if (!isNotFound(e)) throw e
  }
  try {
    await create()
  } catch (e) {
    if (!isAlreadyExists(e)) throw e
  }
}
