import { afterEach, describe, expect, it } from 'vitest'
import type { Endpoints, Pod, Service } from 'kubernetes-types/core/v1'
import { Cluster } from '../../../main/cluster/cluster'
import { endpointsComponent } from '../../../main/cluster/controllers/endpoints'
import { waitFor } from '../../support/wait'
import { createNode, createPod, endpointsGVR, podsGVR, servicesGVR, setStatus, webService } from './endpoints-support'

let cluster: Cluster | undefined

async function start(): Promise<Cluster> {
  cluster = await Cluster.start({ clock: 'instant', components: [endpointsComponent] })
  await createNode(cluster, 'node-1')
  return cluster
}

afterEach(async () => {
  await cluster?.stop()
  cluster = undefined
})

async function endpointsWhen(c: Cluster, name: string, check: (ep: Endpoints) => boolean): Promise<Endpoints> {
  return waitFor(async () => {
    const ep = await c.client.resource<Endpoints>(endpointsGVR).get('default', name)
    return check(ep) ? ep : undefined
  }, `Endpoints ${name}`)
}

const ips = (addresses: Array<{ ip: string }> | undefined) => (addresses ?? []).map((a) => a.ip)

describe('endpoints controller', () => {
  it('lists ready pods in addresses, others in notReadyAddresses, per resolved port', async () => {
    const c = await start()
    const a = await createPod(c, 'a', { ip: '10.244.0.5' })
    await createPod(c, 'b', { ip: '10.244.0.4', ready: false })
    await createPod(c, 'c', { ip: '10.244.0.6', namedPort: false })
    await createPod(c, 'unrelated', { ip: '10.244.0.7', labels: { app: 'db' } })
    await c.client.resource<Service>(servicesGVR).create(webService())
    const ep = await endpointsWhen(c, 'web', (e) => (e.subsets ?? []).length === 2)
    // RepackSubsets groups ports by the set of addresses serving them.
    const http = ep.subsets!.find((s) => s.ports?.[0]?.name === 'http')!
    const metrics = ep.subsets!.find((s) => s.ports?.[0]?.name === 'metrics')!
    expect(http.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }])
    expect(ips(http.addresses)).toEqual(['10.244.0.5'])
    expect(ips(http.notReadyAddresses)).toEqual(['10.244.0.4'])
    // Pod c has no port named http: it serves metrics only.
    expect(metrics.ports).toEqual([{ name: 'metrics', port: 9090, protocol: 'TCP' }])
    expect(ips(metrics.addresses)).toEqual(['10.244.0.5', '10.244.0.6'])
    expect(ips(metrics.notReadyAddresses)).toEqual(['10.244.0.4'])
    const both = http
    expect(both.addresses![0]).toEqual({
      ip: '10.244.0.5',
      nodeName: 'node-1',
      targetRef: { kind: 'Pod', namespace: 'default', name: 'a', uid: a.metadata?.uid }
    })
    expect(ep.metadata?.labels).toEqual({ tier: 'frontend' })
    expect(ep.metadata?.annotations?.['endpoints.kubernetes.io/last-change-trigger-time']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
  })

  it('follows readiness, labels, terminating pods and pods without IP', async () => {
    const c = await start()
    await c.client.resource<Service>(servicesGVR).create(webService({ ports: [{ port: 80, targetPort: 8080 }] }))
    const a = await createPod(c, 'a', { ip: '10.244.0.5', ready: false })
    await createPod(c, 'no-ip')
    await endpointsWhen(c, 'web', (e) => ips(e.subsets?.[0]?.notReadyAddresses).join() === '10.244.0.5')
    await setStatus(c, a, '10.244.0.5', true)
    await endpointsWhen(c, 'web', (e) => ips(e.subsets?.[0]?.addresses).join() === '10.244.0.5' && !e.subsets?.[0]?.notReadyAddresses)
    const b = await createPod(c, 'b', { ip: '10.244.0.6' })
    await endpointsWhen(c, 'web', (e) => ips(e.subsets?.[0]?.addresses).join() === '10.244.0.5,10.244.0.6')
    // A pod on a node is deleted gracefully: while it terminates it is no endpoint.
    const deleted = await c.client.resource<Pod>(podsGVR).delete('default', 'a')
    expect(deleted.metadata?.deletionTimestamp).toBeDefined()
    await endpointsWhen(c, 'web', (e) => ips(e.subsets?.[0]?.addresses).join() === '10.244.0.6')
    const relabelled = structuredClone(b)
    relabelled.metadata!.labels = { app: 'other' }
    await c.client.resource<Pod>(podsGVR).update(relabelled)
    const empty = await endpointsWhen(c, 'web', (e) => !e.subsets)
    expect(empty.subsets).toBeUndefined()
  })

  it('publishes not-ready pods as ready when the Service asks for it', async () => {
    const c = await start()
    await createPod(c, 'a', { ip: '10.244.0.5', ready: false })
    await c.client.resource<Service>(servicesGVR).create(webService({ publishNotReadyAddresses: true }))
    const ep = await endpointsWhen(c, 'web', (e) => !!e.subsets?.length)
    expect(ips(ep.subsets![0].addresses)).toEqual(['10.244.0.5'])
    expect(ep.subsets![0].notReadyAddresses).toBeUndefined()
  })

  it('leaves Services without selector alone and removes the Endpoints of deleted Services', async () => {
    const c = await start()
    const endpoints = c.client.resource<Endpoints>(endpointsGVR)
    const services = c.client.resource<Service>(servicesGVR)
    await services.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'external', namespace: 'default' }, spec: { ports: [{ port: 5432 }] } })
    const manual: Endpoints = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'external', namespace: 'default' },
      subsets: [{ addresses: [{ ip: '192.168.1.10' }], ports: [{ port: 5432 }] }]
    }
    await endpoints.create(manual)
    await createPod(c, 'a', { ip: '10.244.0.5' })
    await services.create(webService())
    await endpointsWhen(c, 'web', (e) => !!e.subsets?.length)
    expect(ips((await endpoints.get('default', 'external')).subsets?.[0]?.addresses)).toEqual(['192.168.1.10'])
    await services.delete('default', 'web')
    await waitFor(async () => !(await endpoints.list('default')).items.some((e) => e.metadata?.name === 'web'), 'the Endpoints to go')
    expect(ips((await endpoints.get('default', 'external')).subsets?.[0]?.addresses)).toEqual(['192.168.1.10'])
  })

  it('undoes a hand edit of the Endpoints it manages (its own writes coming back are not synced again)', async () => {
    const c = await start()
    const endpoints = c.client.resource<Endpoints>(endpointsGVR)
    await createPod(c, 'a', { ip: '10.244.0.5' })
    await c.client.resource<Service>(servicesGVR).create(webService())
    const written = await endpointsWhen(c, 'web', (e) => !!e.subsets?.length)
    await endpoints.update({ ...written, subsets: [{ addresses: [{ ip: '192.168.1.99' }], ports: [{ name: 'http', port: 8080 }] }] })
    await endpointsWhen(c, 'web', (e) => ips(e.subsets?.[0]?.addresses).includes('10.244.0.5'))
    await createPod(c, 'b', { ip: '10.244.0.6' })
    await endpointsWhen(c, 'web', (e) => ips(e.subsets?.find((s) => s.ports?.some((p) => p.name === 'http'))?.addresses).join() === '10.244.0.5,10.244.0.6')
  })
})
