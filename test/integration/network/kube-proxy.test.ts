import { afterEach, describe, expect, it } from 'vitest'
import type { Node, Pod, Service } from 'kubernetes-types/core/v1'
import { Cluster } from '../../../main/cluster/cluster'
import { endpointSliceComponent } from '../../../main/cluster/controllers/endpointslice'
import { kubeProxyComponent } from '../../../main/cluster/network/kube-proxy'
import { coreDnsComponent } from '../../../main/cluster/network/dns'
import { serviceChainNames } from '../../../main/cluster/network/kube-proxy/chain-names'
import { waitFor } from '../../support/wait'
import { createNode, createPod, servicesGVR, setStatus, webService } from '../controllers/endpoints-support'

/**
 * kube-proxy and CoreDNS as components of a headless cluster: the rules on
 * every node and the DNS records follow the Service and its endpoints as
 * the EndpointSlice controller writes them.
 */

let cluster: Cluster | undefined

afterEach(async () => {
  await cluster?.stop()
  cluster = undefined
})

const clusterIP = '10.96.77.7'
const svcChain = serviceChainNames({ namespace: 'default', name: 'web', port: 'http', protocol: 'TCP' }).cluster

async function start(): Promise<Cluster> {
  cluster = await Cluster.start({ clock: 'instant', components: [endpointSliceComponent, kubeProxyComponent, coreDnsComponent] })
  await createNode(cluster, 'node-1')
  await createNode(cluster, 'node-2')
  return cluster
}

/** Waits until a node's nat rules for web:http satisfy `check`. */
function rulesWhen(c: Cluster, node: string, check: (text: string) => boolean, what: string): Promise<string> {
  return waitFor(() => {
    const text = c.world.proxyRules.iptablesSave(node, { table: 'nat' })
    return text && check(text) ? text : undefined
  }, what)
}

const sepLines = (text: string) => text.split('\n').filter((l) => l.startsWith(`-A ${svcChain} `) && l.includes(' -> '))

describe('kube-proxy component', () => {
  it('programs every node as endpoints come, go ready and go away', async () => {
    const c = await start()
    const a = await createPod(c, 'a', { ip: '10.244.1.5', node: 'node-1' })
    await c.client.resource<Service>(servicesGVR).create(webService({ clusterIP, ports: [{ name: 'http', port: 80, targetPort: 'http' }] }))

    for (const node of ['node-1', 'node-2']) {
      const text = await rulesWhen(c, node, (t) => sepLines(t).length === 1, `one endpoint on ${node}`)
      expect(text).toContain(`-A KUBE-SERVICES -d ${clusterIP}/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 80 -j ${svcChain}`)
      expect(sepLines(text)[0]).toMatch(/--comment "default\/web:http -> 10\.244\.1\.5:8080" -j KUBE-SEP-[A-Z2-7]{16}$/)
    }

    const b = await createPod(c, 'b', { ip: '10.244.2.6', node: 'node-2' })
    let text = await rulesWhen(c, 'node-1', (t) => sepLines(t).length === 2, 'two endpoints')
    expect(sepLines(text)[0]).toContain('-m statistic --mode random --probability 0.50000000000')
    expect(sepLines(text)[1]).not.toContain('statistic')

    // a goes unready: only b is left.
    await setStatus(c, a, '10.244.1.5', false)
    text = await rulesWhen(c, 'node-1', (t) => sepLines(t).length === 1 && t.includes('10.244.2.6:8080'), 'only b')
    expect(text).not.toContain('10.244.1.5:8080')
    const ev = c.world.proxyRules.evaluate('node-1', { src: '10.244.1.9', dst: clusterIP, dport: 80, protocol: 'TCP' })
    expect(ev?.verdict).toBe('dnat')
    expect(ev?.dnat).toMatchObject({ ip: '10.244.2.6', port: 8080 })

    // no ready endpoint left: the filter table rejects.
    await setStatus(c, b as Pod, '10.244.2.6', false)
    await waitFor(() => c.world.proxyRules.iptablesSave('node-1', { table: 'filter' })?.includes('"default/web:http has no endpoints"'), 'the REJECT rule')
    const rejected = c.world.proxyRules.evaluate('node-2', { src: '10.244.2.9', dst: clusterIP, dport: 80, protocol: 'TCP' })
    expect(rejected?.verdict).toBe('reject')
    expect(rejected?.decidingRule?.rule).toBe(
      `-A KUBE-SERVICES -d ${clusterIP}/32 -p tcp -m comment --comment "default/web:http has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable`
    )
    expect(c.world.proxyRules.iptablesSave('node-1', { table: 'nat' })).not.toContain(svcChain)
  })

  it('drops a deleted node and forgets a deleted Service; CoreDNS follows the Service', async () => {
    const c = await start()
    await createPod(c, 'a', { ip: '10.244.1.5', node: 'node-1' })
    await c.client.resource<Service>(servicesGVR).create(webService({ clusterIP, ports: [{ name: 'http', port: 80, targetPort: 'http' }] }))
    await rulesWhen(c, 'node-2', (t) => sepLines(t).length === 1, 'rules on node-2')
    const pod: Pod = { metadata: { name: 'client', namespace: 'default' }, spec: { containers: [] } }
    expect(c.world.dns.resolve(pod, 'web').answers.map((r) => r.data)).toEqual([clusterIP])

    await c.client.resource<Node>({ group: '', version: 'v1', resource: 'nodes' }).delete(undefined, 'node-2')
    await waitFor(() => !c.world.proxyRules.nodes().includes('node-2'), 'node-2 gone from kube-proxy')

    await c.client.resource<Service>(servicesGVR).delete('default', 'web')
    const text = await rulesWhen(c, 'node-1', (t) => !t.includes(svcChain) && !t.includes('10.244.1.5'), 'web gone from node-1')
    // The kubernetes Service stays, under the chain name real clusters show for it.
    expect(text).toContain('-A KUBE-SERVICES -d 10.96.0.1/32 -p tcp -m comment --comment "default/kubernetes:https cluster IP" -m tcp --dport 443 -j KUBE-SVC-NPX46M4PTMTKRN6Y')
    await waitFor(() => c.world.dns.resolve(pod, 'web').rcode === 'NXDOMAIN', 'web gone from DNS')
  })
})
