import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Endpoints, Namespace, Service } from 'kubernetes-types/core/v1'
import { Cluster } from '../../../main/cluster/cluster'
import { apiServiceAvailabilityComponent } from '../../../main/cluster/controllers/apiservice-availability'
import type { APIServiceObject } from '../../../main/cluster/registry/kinds/apiservice'
import { waitFor } from '../../support/wait'

describe('APIService availability', () => {
  let cluster: Cluster
  const apiServices = () => cluster.client.resource<APIServiceObject>({ group: 'apiregistration.k8s.io', version: 'v1', resource: 'apiservices' })
  const available = async (name: string, reason: string) =>
    waitFor(async () => {
      const c = (await apiServices().get(undefined, name)).status?.conditions?.find((x) => x.type === 'Available')
      return c?.reason === reason ? c : undefined
    }, `${name} ${reason}`)

  beforeAll(async () => {
    cluster = await Cluster.start({ clock: 'instant', components: [apiServiceAvailabilityComponent] })
  }, 60_000)
  afterAll(async () => {
    await cluster?.stop()
  })

  it('follows the backing Service and its endpoints, and says Kubelab does not proxy to the server', async () => {
    await apiServices().create({
      apiVersion: 'apiregistration.k8s.io/v1',
      kind: 'APIService',
      metadata: { name: 'v1beta1.custom.metrics.k8s.io' },
      spec: { group: 'custom.metrics.k8s.io', version: 'v1beta1', groupPriorityMinimum: 100, versionPriority: 100, insecureSkipTLSVerify: true, service: { namespace: 'monitoring', name: 'prometheus-adapter' } }
    } as APIServiceObject)
    expect(await available('v1beta1.custom.metrics.k8s.io', 'ServiceNotFound')).toMatchObject({ status: 'False', message: 'service/prometheus-adapter in "monitoring" is not present' })
    await cluster.client.resource<Namespace>({ group: '', version: 'v1', resource: 'namespaces' }).create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'monitoring' } })
    await cluster.client.resource<Service>({ group: '', version: 'v1', resource: 'services' }).create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'prometheus-adapter', namespace: 'monitoring' },
      spec: { ports: [{ name: 'https', port: 443, targetPort: 6443 }] }
    })
    expect(await available('v1beta1.custom.metrics.k8s.io', 'EndpointsNotFound')).toMatchObject({ message: 'cannot find endpoints for service/prometheus-adapter in "monitoring"' })
    await cluster.client.resource<Endpoints>({ group: '', version: 'v1', resource: 'endpoints' }).create({
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'prometheus-adapter', namespace: 'monitoring' },
      subsets: [{ addresses: [{ ip: '10.244.1.5' }], ports: [{ name: 'https', port: 6443 }] }]
    })
    const failed = await available('v1beta1.custom.metrics.k8s.io', 'FailedDiscoveryCheck')
    expect(failed.message).toMatch(/^failing or missing response from https:\/\/10\.\d+\.\d+\.\d+:443\/apis\/custom\.metrics\.k8s\.io\/v1beta1: Kubelab does not proxy to aggregated API servers$/)
    // The autoregistered Local ones stay available.
    expect(await available('v1.apps', 'Local')).toMatchObject({ status: 'True' })
  })
})
