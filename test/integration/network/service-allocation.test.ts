import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Endpoints, Service } from 'kubernetes-types/core/v1'
import type { EndpointSlice } from 'kubernetes-types/discovery/v1'
import { Cluster } from '../../../main/cluster/cluster'
import { StatusError } from '../../../main/cluster/apimachinery/errors'
import type { ResourceClient } from '../../../main/cluster/client/types'
import { ensureKubernetesService } from '../../../main/cluster/network/kubernetes-service'

const svcGVR = { group: '', version: 'v1', resource: 'services' }
const epGVR = { group: '', version: 'v1', resource: 'endpoints' }
const sliceGVR = { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' }

function svc(name: string, spec: Service['spec'] = {}): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec: { ports: [{ port: 80 }], ...spec } }
}

async function statusOf(p: Promise<unknown>): Promise<StatusError> {
  try {
    await p
  } catch (e) {
    expect(e).toBeInstanceOf(StatusError)
    return e as StatusError
  }
  throw new Error('expected the call to fail')
}

const inRange = (ip: string | undefined): boolean => !!ip && /^10\.(9[6-9]|10\d|11[01])\./.test(ip)

describe('Service ClusterIP and NodePort allocation through the client', () => {
  let cluster: Cluster
  let services: ResourceClient<Service>
  /** What the allocators hold after start-up (the kubernetes Service, once bootstrap creates it). */
  let base: { ips: number; ports: number }
  const used = () => ({ ips: cluster.resources.serviceAllocator.ips.used - base.ips, ports: cluster.resources.serviceAllocator.ports.used - base.ports })

  beforeEach(async () => {
    cluster = await Cluster.start({ clock: 'manual', components: [] })
    services = cluster.client.resource<Service>(svcGVR)
    cluster.resources.serviceAllocator.load()
    base = { ips: cluster.resources.serviceAllocator.ips.used, ports: cluster.resources.serviceAllocator.ports.used }
  })
  afterEach(async () => {
    await cluster.stop()
  })

  it('gives ClusterIP, NodePort and LoadBalancer Services an address; none to headless and ExternalName', async () => {
    const c = await services.create(svc('c'))
    expect(inRange(c.spec!.clusterIP)).toBe(true)
    expect(c.spec!.clusterIPs).toEqual([c.spec!.clusterIP])
    // Dynamic addresses stay out of the static subrange (10.96.0.1 - 10.96.1.0).
    expect(c.spec!.clusterIP).not.toMatch(/^10\.96\.0\./)
    const np = await services.create(svc('np', { type: 'NodePort' }))
    expect(inRange(np.spec!.clusterIP)).toBe(true)
    expect(np.spec!.ports![0].nodePort).toBeGreaterThanOrEqual(30000)
    expect(np.spec!.ports![0].nodePort).toBeLessThanOrEqual(32767)
    const lb = await services.create(svc('lb', { type: 'LoadBalancer', externalTrafficPolicy: 'Local' }))
    expect(lb.spec!.ports![0].nodePort).toBeGreaterThanOrEqual(30000)
    expect(lb.spec!.healthCheckNodePort).toBeGreaterThanOrEqual(30000)
    const h = await services.create(svc('h', { clusterIP: 'None' }))
    expect(h.spec!.clusterIPs).toEqual(['None'])
    const x = await services.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'x', namespace: 'default' }, spec: { type: 'ExternalName', externalName: 'example.com' } })
    expect(x.spec!.clusterIP).toBeUndefined()
    const ips = [c, np, lb].map((s) => s.spec!.clusterIP)
    expect(new Set(ips).size).toBe(3)
  })

  it('honours a requested clusterIP and nodePort, and answers 422 when taken or out of range', async () => {
    const dns = await services.create(svc('kube-dns', { clusterIP: '10.96.0.10' }))
    expect(dns.spec!.clusterIPs).toEqual(['10.96.0.10'])
    const taken = await statusOf(services.create(svc('x', { clusterIP: '10.96.0.10' })))
    expect(taken.code).toBe(422)
    expect(taken.message).toBe(
      'Service "x" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated'
    )
    const out = await statusOf(services.create(svc('y', { clusterIP: '10.112.0.1' })))
    expect(out.code).toBe(422)
    expect(out.message).toBe(
      'Service "y" is invalid: spec.clusterIPs: Invalid value: []string{"10.112.0.1"}: failed to allocate IP 10.112.0.1: the provided IP (10.112.0.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12'
    )
    const np = await services.create(svc('np', { type: 'NodePort', ports: [{ port: 80, nodePort: 30001 }] }))
    expect(np.spec!.ports![0].nodePort).toBe(30001)
    const dup = await statusOf(services.create(svc('np2', { type: 'NodePort', ports: [{ port: 80, nodePort: 30001 }] })))
    expect(dup.code).toBe(422)
    expect(dup.message).toBe('Service "np2" is invalid: spec.ports[0].nodePort: Invalid value: 30001: provided port is already allocated')
    const bad = await statusOf(services.create(svc('np3', { type: 'NodePort', ports: [{ port: 80, nodePort: 29999 }] })))
    expect(bad.message).toBe('Service "np3" is invalid: spec.ports[0].nodePort: Invalid value: 29999: provided port is not in the valid range. The range of valid ports is 30000-32767')
    // The failed creates reserved nothing: np2's clusterIP went back, so did the port on a rejected write.
    expect(used()).toEqual({ ips: 2, ports: 1 })
  })

  it('a create rejected by the store (name taken) releases what it allocated', async () => {
    await services.create(svc('a', { type: 'NodePort' }))
    const before = { ips: cluster.resources.serviceAllocator.ips.used, ports: cluster.resources.serviceAllocator.ports.used }
    const e = await statusOf(services.create(svc('a', { type: 'NodePort' })))
    expect(e.code).toBe(409)
    expect(cluster.resources.serviceAllocator.ips.used).toBe(before.ips)
    expect(cluster.resources.serviceAllocator.ports.used).toBe(before.ports)
  })

  it('dry run shows an allocation but keeps nothing', async () => {
    const d = await services.create(svc('d', { type: 'NodePort' }), { dryRun: 'All' })
    expect(inRange(d.spec!.clusterIP)).toBe(true)
    expect(used()).toEqual({ ips: 0, ports: 0 })
  })

  it('type changes allocate and release node ports; clusterIP may not change; delete releases', async () => {
    const c = await services.create(svc('web'))
    const np = await services.update({ ...c, spec: { ...c.spec, type: 'NodePort' } })
    const port = np.spec!.ports![0].nodePort!
    expect(port).toBeGreaterThanOrEqual(30000)
    expect(np.spec!.clusterIP).toBe(c.spec!.clusterIP)
    const alloc = cluster.resources.serviceAllocator
    expect(alloc.ports.has(port)).toBe(true)
    const back = await services.update({ ...np, spec: { ...np.spec, type: 'ClusterIP', ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }] } })
    expect(back.spec!.ports![0].nodePort).toBeUndefined()
    expect(alloc.ports.has(port)).toBe(false)
    const moved = await statusOf(services.update({ ...back, spec: { ...back.spec, clusterIP: '10.96.0.50', clusterIPs: ['10.96.0.50'] } }))
    expect(moved.code).toBe(422)
    expect(moved.message).toMatch(/spec\.clusterIPs\[0\]: Invalid value: .*10\.96\.0\.50.*: may not change once set/)
    // To ExternalName and back: the address goes, a new one comes.
    const ext = await services.update({ ...back, spec: { type: 'ExternalName', externalName: 'example.com', ports: back.spec!.ports } })
    expect(ext.spec!.clusterIP).toBeUndefined()
    expect(alloc.ips.has(c.spec!.clusterIP!)).toBe(false)
    const again = await services.update({ ...ext, spec: { type: 'ClusterIP', ports: ext.spec!.ports } })
    expect(inRange(again.spec!.clusterIP)).toBe(true)
    expect(used()).toEqual({ ips: 1, ports: 0 })
    await services.delete('default', 'web')
    expect(used()).toEqual({ ips: 0, ports: 0 })
  })

  it('creates the kubernetes Service (10.96.0.1) and its Endpoints, idempotently', async () => {
    await ensureKubernetesService(cluster.client, cluster.config)
    await ensureKubernetesService(cluster.client, cluster.config)
    const k = await services.get('default', 'kubernetes')
    expect(k.spec!.clusterIP).toBe('10.96.0.1')
    expect(k.spec!.ports).toEqual([{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }])
    expect(k.metadata!.labels).toEqual({ component: 'apiserver', provider: 'kubernetes' })
    expect(k.spec!.selector).toBeUndefined()
    const ep = await cluster.client.resource<Endpoints>(epGVR).get('default', 'kubernetes')
    expect(ep.subsets).toEqual([{ addresses: [{ ip: '172.18.0.2' }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }])
    const slice = await cluster.client.resource<EndpointSlice>(sliceGVR).get('default', 'kubernetes')
    expect(slice.endpoints.map((e) => e.addresses)).toEqual([['172.18.0.2']])
    expect(slice.metadata!.labels).toEqual({ 'kubernetes.io/service-name': 'kubernetes' })
  })
})

describe('allocations after a restart', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kubelab-svc-alloc-'))
  })
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  it('are rebuilt from the stored Services: nothing is handed out twice', async () => {
    const dataDir = join(dir, 'data')
    let cluster = await Cluster.start({ dataDir, clock: 'manual', components: [] })
    let services = cluster.client.resource<Service>(svcGVR)
    cluster.resources.serviceAllocator.load()
    const base = cluster.resources.serviceAllocator.ips.used
    const a = await services.create(svc('a', { type: 'NodePort', ports: [{ port: 80, nodePort: 30500 }] }))
    await services.create(svc('b', { clusterIP: '10.96.0.10' }))
    await cluster.stop()

    cluster = await Cluster.start({ dataDir, clock: 'manual', components: [] })
    try {
      services = cluster.client.resource<Service>(svcGVR)
      const ipTaken = await statusOf(services.create(svc('c', { clusterIP: a.spec!.clusterIP })))
      expect(ipTaken.message).toContain('provided IP is already allocated')
      expect((await statusOf(services.create(svc('d', { clusterIP: '10.96.0.10' })))).code).toBe(422)
      const portTaken = await statusOf(services.create(svc('e', { type: 'NodePort', ports: [{ port: 80, nodePort: 30500 }] })))
      expect(portTaken.message).toContain('provided port is already allocated')
      const alloc = cluster.resources.serviceAllocator
      expect(alloc.ips.used).toBe(base + 2)
      expect(alloc.ports.used).toBe(1)
      await services.delete('default', 'a')
      const reuse = await services.create(svc('f', { type: 'NodePort', clusterIP: a.spec!.clusterIP, ports: [{ port: 80, nodePort: 30500 }] }))
      expect(reuse.spec!.clusterIP).toBe(a.spec!.clusterIP)
    } finally {
      await cluster.stop()
    }
  })
})
