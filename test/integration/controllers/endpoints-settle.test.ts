import { afterEach, expect, it } from 'vitest'
import type { Service } from 'kubernetes-types/core/v1'
import { Cluster } from '../../../main/cluster/cluster'
import { deploymentComponent } from '../../../main/cluster/controllers/deployment'
import { endpointsComponent } from '../../../main/cluster/controllers/endpoints'
import { endpointSliceComponent } from '../../../main/cluster/controllers/endpointslice'
import { replicaSetComponent } from '../../../main/cluster/controllers/replica-set'
import { waitFor } from '../../support/wait'
import { deployment, fakeKubelet, reader, rolloutComplete } from './deployment-support'
import { createNode, servicesGVR, slicesGVR } from './endpoints-support'

let cluster: Cluster | undefined

afterEach(async () => {
  await cluster?.stop()
  cluster = undefined
})

/** Lets the event loop turn n times. */
async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r))
}

it('comes to rest: once Deployment, Endpoints and slices are in sync, nothing is written', async () => {
  const c = (cluster = await Cluster.start({
    clock: 'instant',
    components: [deploymentComponent, replicaSetComponent, endpointsComponent, endpointSliceComponent, fakeKubelet(() => true, 'node-1')]
  }))
  await createNode(c, 'node-1')
  const r = reader(c)
  await c.client.resource<Service>(servicesGVR).create({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default' },
    spec: { clusterIP: '10.96.0.10', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 80 }] }
  })
  await r.deployments.create(deployment('web', { replicas: 3 }))
  await waitFor(async () => rolloutComplete(await r.deployment('web')), 'the rollout')
  await waitFor(async () => {
    const slices = await c.client.resource<{ endpoints?: unknown[] }>(slicesGVR).list('default', { labelSelector: 'kubernetes.io/service-name=web' })
    return slices.items.reduce((n, s) => n + (s.endpoints?.length ?? 0), 0) === 3
  }, 'the slices')
  await turns(50)
  const revision = c.store.revision
  await turns(200)
  expect(c.store.revision).toBe(revision)
})
