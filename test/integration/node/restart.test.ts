import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Cluster } from '../../../main/cluster/cluster'
import { waitFor } from '../../support/wait'
import { clients, getPod, nodesReady, podManifest, podReady, runOn, startCluster } from './helpers'

const kindNodes = ['kubelab-control-plane', 'kubelab-worker', 'kubelab-worker2', 'kubelab-worker3']

async function readyPod(cluster: Cluster, name: string) {
  return waitFor(async () => {
    const p = await getPod(cluster, name)
    return p?.status?.phase === 'Running' && podReady(p) ? p : undefined
  }, `${name} Running and Ready`)
}

describe('a cluster restarted on its data dir', () => {
  let dataDir: string
  let cluster: Cluster | undefined

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'kubelab-node-'))
  })
  afterEach(async () => {
    await cluster?.stop()
    cluster = undefined
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('keeps nodes, CIDRs and running pods, and allocates neither an IP nor a CIDR twice', async () => {
    cluster = await startCluster({ dataDir })
    await nodesReady(cluster, kindNodes)
    expect(readdirSync(join(dataDir, 'nodes', 'kubelab-control-plane', 'manifests')).sort()).toEqual([
      'etcd.yaml',
      'kube-apiserver.yaml',
      'kube-controller-manager.yaml',
      'kube-scheduler.yaml'
    ])
    expect(existsSync(join(dataDir, 'nodes', 'kubelab-worker', 'manifests'))).toBe(true)
    for (const name of ['a', 'b', 'c']) await runOn(cluster, podManifest(name), 'kubelab-worker')
    const before = await Promise.all(['a', 'b', 'c'].map((n) => readyPod(cluster!, n)))
    const cidrs = (await clients(cluster).nodes.list()).items.map((n) => n.spec!.podCIDR)
    await cluster.stop()
    cluster = undefined

    cluster = await startCluster({ dataDir })
    await nodesReady(cluster, kindNodes)
    const nodes = (await clients(cluster).nodes.list()).items
    expect(nodes.map((n) => n.metadata!.name)).toEqual(kindNodes)
    expect(nodes.map((n) => n.spec!.podCIDR)).toEqual(cidrs)
    // The running pods were adopted as they were, not restarted.
    for (const old of before) {
      const now = await readyPod(cluster, old.metadata!.name!)
      expect(now.status!.podIP).toBe(old.status!.podIP)
      expect(now.status!.containerStatuses![0].containerID).toBe(old.status!.containerStatuses![0].containerID)
      expect(now.status!.containerStatuses![0].restartCount).toBe(0)
    }
    // New pods get addresses no running pod holds (an IPAM not rebuilt from the pods would start again at .2).
    for (const name of ['d', 'e']) await runOn(cluster, podManifest(name), 'kubelab-worker')
    const fresh = await Promise.all(['d', 'e'].map((n) => readyPod(cluster!, n)))
    const ips = [...before, ...fresh].map((p) => p.status!.podIP)
    expect(new Set(ips).size).toBe(ips.length)
    // A new node gets a CIDR no existing node holds.
    await clients(cluster).nodes.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'extra' } })
    const [extra] = await nodesReady(cluster, ['extra'])
    expect(cidrs).not.toContain(extra.spec!.podCIDR)
    expect(extra.spec!.podCIDR).toBe('10.244.4.0/24')
    // The control plane's mirror pods are still there, running.
    expect((await getPod(cluster, 'kube-apiserver-kubelab-control-plane', 'kube-system'))?.status?.phase).toBe('Running')
  })

  it("gives adopted containers their processes back: probes keep passing, servers answer, metrics go on", async () => {
    cluster = await startCluster({ dataDir })
    await nodesReady(cluster, kindNodes)
    await runOn(cluster, podManifest('web'), 'kubelab-worker')
    await readyPod(cluster, 'web')
    const system = async () => (await clients(cluster!).pods.list('kube-system')).items
    await waitFor(async () => (await system()).every((p) => podReady(p)), 'kube-system ready')
    await cluster.stop()
    cluster = undefined

    cluster = await startCluster({ dataDir })
    const reopened = cluster.clock.now()
    await nodesReady(cluster, kindNodes)
    // Past CoreDNS's and the control plane's liveness thresholds (up to 8 failures 10 s apart).
    await waitFor(() => cluster!.clock.now() > reopened + 150_000, 'two and a half minutes of cluster time')
    for (const pod of await system()) expect({ pod: pod.metadata!.name, restarts: pod.status!.containerStatuses![0].restartCount }).toEqual({ pod: pod.metadata!.name, restarts: 0 })
    const events = (await clients(cluster).events.list('kube-system')).items
    expect(events.filter((e) => e.reason === 'Unhealthy' && Date.parse(e.lastTimestamp ?? e.eventTime ?? '') >= reopened - 1000).map((e) => e.message)).toEqual([])
    const web = (await getPod(cluster, 'web'))!
    const uid = { namespace: 'default', name: 'web', uid: web.metadata!.uid! }
    expect(cluster.world.processes.listeningPorts(uid).map((l) => l.port)).toContain(80)
    expect(cluster.world.processes.runs(web.metadata!.uid!, 'web')).toBe(true)
  })
})
