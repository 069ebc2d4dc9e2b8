import { afterEach, describe, expect, it } from 'vitest'
import type { Pod, Service } from 'kubernetes-types/core/v1'
import { Cluster } from '../../../main/cluster/cluster'
import { endpointSliceComponent } from '../../../main/cluster/controllers/endpointslice'
import { kubeProxyComponent } from '../../../main/cluster/network/kube-proxy'
import { coreDnsComponent } from '../../../main/cluster/network/dns'
import { waitFor } from '../../support/wait'
import { createNode, podsGVR, servicesGVR, setStatus } from '../controllers/endpoints-support'

/**
 * CoreDNS and kube-proxy on a headless Service in a headless cluster: the
 * EndpointSlice controller publishes the pods (with their hostname when the
 * pod's subdomain names the Service), CoreDNS answers for them, kube-proxy
 * writes no rule for them.
 */

let cluster: Cluster | undefined

afterEach(async () => {
  await cluster?.stop()
  cluster = undefined
})

async function dbPod(c: Cluster, name: string, ip: string, ready: boolean, hostname?: string): Promise<Pod> {
  const pod = await c.client.resource<Pod>(podsGVR).create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { app: 'db' } },
    spec: { nodeName: 'node-1', ...(hostname ? { hostname, subdomain: 'db' } : {}), containers: [{ name: 'pg', image: 'postgres:17', ports: [{ name: 'pg', containerPort: 5432 }] }] }
  })
  return setStatus(c, pod, ip, ready)
}

describe('CoreDNS component on a headless Service', () => {
  it('answers the ready pods, their hostnames and SRV records; kube-proxy ignores the Service', async () => {
    const c = (cluster = await Cluster.start({ clock: 'instant', components: [endpointSliceComponent, kubeProxyComponent, coreDnsComponent] }))
    await createNode(c, 'node-1')
    const db: Service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'db', namespace: 'default' },
      spec: { clusterIP: 'None', selector: { app: 'db' }, ports: [{ name: 'pg', port: 5432, targetPort: 'pg' }] }
    }
    await c.client.resource<Service>(servicesGVR).create(db)
    await dbPod(c, 'db-0', '10.244.1.5', true, 'db-0')
    await dbPod(c, 'db-1', '10.244.1.6', true)
    await dbPod(c, 'db-2', '10.244.1.7', false, 'db-2')

    const answer = await waitFor(() => {
      const a = c.world.dns.lookup('db.default.svc.cluster.local')
      return a.answers.length === 2 ? a : undefined
    }, 'two A records for db')
    expect(answer.answers.map((r) => r.data)).toEqual(['10.244.1.5', '10.244.1.6'])
    expect(c.world.dns.lookup('db-0.db.default.svc.cluster.local').answers.map((r) => r.data)).toEqual(['10.244.1.5'])
    expect(c.world.dns.lookup('10-244-1-6.db.default.svc.cluster.local').answers.map((r) => r.data)).toEqual(['10.244.1.6'])
    expect(c.world.dns.lookup('db-2.db.default.svc.cluster.local').rcode).toBe('NXDOMAIN')
    expect(c.world.dns.lookup('_pg._tcp.db.default.svc.cluster.local', 'SRV').answers.map((r) => `${r.port} ${r.data}`)).toEqual([
      '5432 db-0.db.default.svc.cluster.local.',
      '5432 10-244-1-6.db.default.svc.cluster.local.'
    ])

    const client: Pod = { metadata: { name: 'client', namespace: 'shop' }, spec: { containers: [] } }
    const resolved = c.world.dns.resolve(client, 'db.default')
    expect(resolved.answers.map((r) => r.data)).toEqual(['10.244.1.5', '10.244.1.6'])
    expect(resolved.queries.map((q) => q.name)).toEqual(['db.default.shop.svc.cluster.local.', 'db.default.svc.cluster.local.'])
    expect(c.world.dns.resolvConfText(client)).toBe('search shop.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n')

    // Headless: no kube-proxy rule mentions it.
    await waitFor(() => c.world.proxyRules.nodes().includes('node-1'), 'kube-proxy on node-1')
    expect(c.world.proxyRules.iptablesSave('node-1')).not.toContain('default/db')
  })
})
