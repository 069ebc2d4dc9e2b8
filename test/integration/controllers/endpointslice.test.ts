import { afterEach, describe, expect, it } from 'vitest'
import type { EndpointSlice } from 'kubernetes-types/discovery/v1'
import type { Event, Pod, Service } from 'kubernetes-types/core/v1'
import { Cluster } from '../../../main/cluster/cluster'
import { endpointsComponent } from '../../../main/cluster/controllers/endpoints'
import { endpointSliceComponent } from '../../../main/cluster/controllers/endpointslice'
import { waitFor } from '../../support/wait'
import { createNode, createPod, podsGVR, servicesGVR, slicesGVR, webService } from './endpoints-support'

let cluster: Cluster | undefined

async function start(): Promise<Cluster> {
  cluster = await Cluster.start({ clock: 'instant', components: [endpointsComponent, endpointSliceComponent] })
  await createNode(cluster, 'node-1')
  return cluster
}

afterEach(async () => {
  await cluster?.stop()
  cluster = undefined
})

async function slicesWhen(c: Cluster, check: (slices: EndpointSlice[]) => boolean): Promise<EndpointSlice[]> {
  return waitFor(async () => {
    const list = await c.client.resource<EndpointSlice>(slicesGVR).list('default', { labelSelector: 'kubernetes.io/service-name=web' })
    return check(list.items) ? list.items : undefined
  }, 'the EndpointSlices of web')
}

const count = (slices: EndpointSlice[]) => slices.reduce((n, s) => n + (s.endpoints?.length ?? 0), 0)

describe('endpointslice controller', () => {
  it('mirrors the pods in slices named after the Service, one per set of ports', async () => {
    const c = await start()
    const a = await createPod(c, 'a', { ip: '10.244.0.5' })
    await createPod(c, 'b', { ip: '10.244.0.4', ready: false })
    await createPod(c, 'c', { ip: '10.244.0.6', namedPort: false })
    const svc = await c.client.resource<Service>(servicesGVR).create(webService())
    const slices = await slicesWhen(c, (s) => s.length === 2 && count(s) === 3)
    for (const slice of slices) {
      expect(slice.metadata?.name).toMatch(/^web-[a-z0-9]{5}$/)
      expect(slice.addressType).toBe('IPv4')
      expect(slice.metadata?.labels).toEqual({
        tier: 'frontend',
        'kubernetes.io/service-name': 'web',
        'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io'
      })
      expect(slice.metadata?.ownerReferences).toEqual([
        { apiVersion: 'v1', kind: 'Service', name: 'web', uid: svc.metadata?.uid, controller: true, blockOwnerDeletion: true }
      ])
    }
    const both = slices.find((s) => s.ports?.length === 2)!
    const metricsOnly = slices.find((s) => s.ports?.length === 1)!
    expect([...both.ports!].sort((x, y) => (x.port ?? 0) - (y.port ?? 0))).toEqual([
      { name: 'http', port: 8080, protocol: 'TCP' },
      { name: 'metrics', port: 9090, protocol: 'TCP' }
    ])
    expect(metricsOnly.ports).toEqual([{ name: 'metrics', port: 9090, protocol: 'TCP' }])
    expect(metricsOnly.endpoints?.map((e) => e.addresses)).toEqual([['10.244.0.6']])
    const byName = Object.fromEntries(both.endpoints!.map((e) => [e.targetRef?.name, e]))
    expect(byName.a).toEqual({
      addresses: ['10.244.0.5'],
      conditions: { ready: true, serving: true, terminating: false },
      nodeName: 'node-1',
      zone: 'zone-a',
      targetRef: { kind: 'Pod', namespace: 'default', name: 'a', uid: a.metadata?.uid }
    })
    expect(byName.b.conditions).toEqual({ ready: false, serving: false, terminating: false })
  })

  it('keeps terminating pods, marked terminating and not ready', async () => {
    const c = await start()
    await c.client.resource<Service>(servicesGVR).create(webService())
    await createPod(c, 'a', { ip: '10.244.0.5' })
    await slicesWhen(c, (s) => count(s) === 1)
    await c.client.resource<Pod>(podsGVR).delete('default', 'a')
    const [slice] = await slicesWhen(c, (s) => s[0]?.endpoints?.[0]?.conditions?.terminating === true)
    expect(slice.endpoints?.[0].conditions).toEqual({ ready: false, serving: true, terminating: true })
  })

  it('keeps an empty placeholder slice for a Service without pods', async () => {
    const c = await start()
    await c.client.resource<Service>(servicesGVR).create(webService())
    const [slice] = await slicesWhen(c, (s) => s.length === 1)
    expect(slice.endpoints ?? []).toEqual([])
    expect(slice.ports ?? []).toEqual([])
    // The first pod fills the placeholder rather than replacing it.
    await createPod(c, 'a', { ip: '10.244.0.5' })
    const [filled] = await slicesWhen(c, (s) => count(s) === 1)
    expect(filled.metadata?.name).toBe(slice.metadata?.name)
  })

  it('leaves out a pod whose node is unknown, and says so in an event on the Service', async () => {
    const c = await start()
    await createPod(c, 'a', { ip: '10.244.0.5' })
    await createPod(c, 'lost', { ip: '10.244.9.5', node: 'gone' })
    await c.client.resource<Service>(servicesGVR).create(webService())
    const [slice] = await slicesWhen(c, (s) => count(s) === 1)
    expect(slice.endpoints?.[0].targetRef?.name).toBe('a')
    const event = await waitFor(async () => {
      const list = await c.client.resource<Event>({ group: '', version: 'v1', resource: 'events' }).list('default')
      return list.items.find((e) => e.reason === 'FailedToUpdateEndpointSlices')
    }, 'the warning event')
    expect(event.type).toBe('Warning')
    expect(event.involvedObject.kind).toBe('Service')
    expect(event.message).toBe('Error updating Endpoint Slices for Service default/web: skipping Pod lost for Service default/web: Node gone Not Found')
  })

  it('undoes a hand edit of a slice it manages', async () => {
    const c = await start()
    await createPod(c, 'a', { ip: '10.244.0.5' })
    await c.client.resource<Service>(servicesGVR).create(webService({ ports: [{ port: 80, targetPort: 8080 }] }))
    const [written] = await slicesWhen(c, (s) => count(s) === 1)
    await c.client.resource<EndpointSlice>(slicesGVR).update({ ...written, endpoints: [{ addresses: ['192.168.1.99'] }] })
    const [restored] = await slicesWhen(c, (s) => s.length === 1 && s[0].endpoints?.[0]?.addresses[0] === '10.244.0.5')
    expect(restored.metadata?.name).toBe(written.metadata?.name)
  })

  it('puts at most 100 endpoints in a slice', async () => {
    const c = await start()
    await c.client.resource<Service>(servicesGVR).create(webService({ ports: [{ port: 80, targetPort: 8080 }] }))
    for (let i = 0; i < 250; i++) await createPod(c, `p${i}`, { ip: `10.244.${Math.floor(i / 200)}.${(i % 200) + 2}` })
    const slices = await slicesWhen(c, (s) => count(s) === 250)
    expect(slices.map((s) => s.endpoints?.length ?? 0).sort((x, y) => y - x)).toEqual([100, 100, 50])
  })
})
