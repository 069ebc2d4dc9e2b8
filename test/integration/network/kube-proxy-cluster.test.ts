import { afterEach, describe, expect, it } from 'vitest'
import type { Event, Node, Pod } from 'kubernetes-types/core/v1'
import { Cluster } from '../../../main/cluster/cluster'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { waitFor } from '../../support/wait'

/**
 * The default cluster (kind-like: a control plane and three workers, the
 * kubeadm addons): kube-proxy programs the kube-dns Service on every node
 * under the chain names a real cluster shows, and a DNS packet from a pod is
 * DNATed to a CoreDNS pod.
 */

let cluster: Cluster | undefined

afterEach(async () => {
  await cluster?.stop()
  cluster = undefined
})

const kubeDnsUDP = 'KUBE-SVC-TCOU7JCQXEZGVUNU'
const kubeDnsTCP = 'KUBE-SVC-ERIFXISQEP7F7OF4'

describe('kube-proxy in the default cluster', () => {
  it('routes the kube-dns Service to the CoreDNS pods on every node', async () => {
    const c = (cluster = await Cluster.start({ clock: 'instant' }))
    const nodes = ['kubelab-control-plane', 'kubelab-worker', 'kubelab-worker2', 'kubelab-worker3']
    const coreDnsIPs = await waitFor(
      async () => {
        const pods = await c.client.resource<Pod>({ group: '', version: 'v1', resource: 'pods' }).list('kube-system', { labelSelector: 'k8s-app=kube-dns' })
        const ips = pods.items.filter((p) => p.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True')).map((p) => p.status!.podIP!)
        if (ips.length !== 2) return undefined
        const programmed = nodes.every((n) => ips.every((ip) => c.world.proxyRules.iptablesSave(n, { table: 'nat' })?.includes(`--to-destination ${ip}:53`)))
        return programmed ? ips.sort() : undefined
      },
      'kube-dns programmed on every node',
      30_000
    )
    for (const node of nodes) {
      const nat = c.world.proxyRules.iptablesSave(node, { table: 'nat' })!
      expect(nat).toContain(`-A KUBE-SERVICES -d 10.96.0.10/32 -p udp -m comment --comment "kube-system/kube-dns:dns cluster IP" -m udp --dport 53 -j ${kubeDnsUDP}`)
      expect(nat).toContain(`-A KUBE-SERVICES -d 10.96.0.10/32 -p tcp -m comment --comment "kube-system/kube-dns:dns-tcp cluster IP" -m tcp --dport 53 -j ${kubeDnsTCP}`)
      expect(nat).toContain('-A KUBE-SERVICES -d 10.96.0.1/32 -p tcp -m comment --comment "default/kubernetes:https cluster IP" -m tcp --dport 443 -j KUBE-SVC-NPX46M4PTMTKRN6Y')
    }
    const ev = c.world.proxyRules.evaluate('kubelab-worker', { src: '10.244.1.9', dst: '10.96.0.10', dport: 53, protocol: 'UDP' })!
    expect(ev.verdict).toBe('dnat')
    expect(coreDnsIPs).toContain(ev.dnat!.ip)
    expect(ev.dnat!.port).toBe(53)
    expect(ev.service).toEqual({ namespace: 'kube-system', name: 'kube-dns', port: 'dns', protocol: 'UDP' })
    expect(c.world.dns.clusterDNSIP()).toBe('10.96.0.10')
    const client: Pod = { metadata: { name: 'x', namespace: 'default' }, spec: { containers: [] } }
    expect(c.world.dns.resolve(client, 'kubernetes').answers.map((r) => r.data)).toEqual(['10.96.0.1'])
    expect(c.world.dns.resolve(client, 'kube-dns.kube-system').answers.map((r) => r.data)).toEqual(['10.96.0.10'])
  })

  it('records kube-proxy\'s Starting event about each node once it is Ready, and again after the node reboots', async () => {
    const c = (cluster = await Cluster.start({ clock: 'instant' }))
    const nodes = ['kubelab-control-plane', 'kubelab-worker', 'kubelab-worker2', 'kubelab-worker3']
    const eventsGVR = { group: '', version: 'v1', resource: 'events' }
    const starts = async (node: string): Promise<Event[]> =>
      (await c.client.resource<Event>(eventsGVR).list('default')).items.filter((e) => e.reportingComponent === 'kube-proxy' && e.involvedObject.name === node)
    for (const node of nodes) await waitFor(async () => (await starts(node)).length === 1, `kube-proxy Starting on ${node}`, 30_000)
    const [first] = await starts('kubelab-worker3')
    // As kube-proxy's events.k8s.io recorder writes it (server.go), seen through core/v1.
    expect(first).toMatchObject({
      involvedObject: { kind: 'Node', name: 'kubelab-worker3', uid: 'kubelab-worker3' },
      reason: 'Starting',
      message: '',
      action: 'StartKubeProxy',
      type: 'Normal',
      reportingComponent: 'kube-proxy',
      reportingInstance: 'kube-proxy-kubelab-worker3',
      source: {}
    })
    expect(first.eventTime).toBeTruthy()

    const power = async (state: 'off' | 'on'): Promise<void> => {
      const nodesApi = c.client.resource<Node>({ group: '', version: 'v1', resource: 'nodes' })
      const node = structuredClone(await nodesApi.get(undefined, 'kubelab-worker3'))
      node.metadata!.annotations = { ...node.metadata!.annotations, 'sim.kubelab.dev/power': state }
      await nodesApi.update(node)
    }
    await power('off')
    await c.clock.sleep(5_000)
    expect(await starts('kubelab-worker3')).toHaveLength(1)
    await power('on')
    await waitFor(async () => (await starts('kubelab-worker3')).length === 2, 'a second Starting after the reboot', 30_000)
    expect((await starts('kubelab-worker2')).length).toBe(1)
  })

  it('a cluster opened again on its data dir restarts its kubelets, not its machines: same boot ids, no new Starting; a reboot after it gets one', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'kubelab-proxy-'))
    try {
      const eventsGVR = { group: '', version: 'v1', resource: 'events' }
      const nodesGVR = { group: '', version: 'v1', resource: 'nodes' }
      const starts = async (c: Cluster, node: string): Promise<number> =>
        (await c.client.resource<Event>(eventsGVR).list('default')).items.filter((e) => e.reportingComponent === 'kube-proxy' && e.involvedObject.name === node).length
      const bootID = async (c: Cluster, node: string) => (await c.client.resource<Node>(nodesGVR).get(undefined, node)).status?.nodeInfo?.bootID
      let c = (cluster = await Cluster.start({ clock: 'instant', dataDir }))
      await waitFor(async () => (await starts(c, 'kubelab-worker')) === 1, 'the first Starting', 30_000)
      const before = await bootID(c, 'kubelab-worker')
      await c.stop()
      c = cluster = await Cluster.start({ clock: 'instant', dataDir })
      const kubeletStarts = async () =>
        (await c.client.resource<Event>(eventsGVR).list('default')).items.filter((e) => e.source?.component === 'kubelet' && e.reason === 'Starting' && e.involvedObject.name === 'kubelab-worker').length
      await waitFor(async () => (await kubeletStarts()) === 2, 'the kubelet Starting again', 30_000)
      await c.clock.sleep(30_000)
      expect(await bootID(c, 'kubelab-worker')).toBe(before)
      for (const node of ['kubelab-control-plane', 'kubelab-worker', 'kubelab-worker2', 'kubelab-worker3']) expect(await starts(c, node)).toBe(1)
      const rebooted = (await c.client.resource<Event>(eventsGVR).list('default')).items.filter((e) => e.reason === 'Rebooted')
      expect(rebooted).toEqual([])

      const nodesApi = c.client.resource<Node>(nodesGVR)
      for (const state of ['off', 'on']) {
        const node = structuredClone(await nodesApi.get(undefined, 'kubelab-worker'))
        node.metadata!.annotations = { ...node.metadata!.annotations, 'sim.kubelab.dev/power': state }
        await nodesApi.update(node)
        await c.clock.sleep(5_000)
      }
      await waitFor(async () => (await starts(c, 'kubelab-worker')) === 2, 'a Starting after the reboot', 30_000)
      expect(await bootID(c, 'kubelab-worker')).not.toBe(before)
    } finally {
      await cluster?.stop()
      cluster = undefined
      await rm(dataDir, { recursive: true, force: true })
    }
  })
})
