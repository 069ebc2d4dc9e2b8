import type { Node } from 'kubernetes-types/core/v1'
import { afterEach, describe, expect, it } from 'vitest'
import type { Cluster } from '../../../main/cluster/cluster'
import { waitFor } from '../../support/wait'
import { clients, eventsAbout, getPod, isReady, lines, nodesReady, podManifest, runOn, startCluster } from './helpers'

const kindNodes = ['kubelab-control-plane', 'kubelab-worker', 'kubelab-worker2', 'kubelab-worker3']

async function annotate(cluster: Cluster, node: string, annotations: Record<string, string>): Promise<void> {
  const { nodes } = clients(cluster)
  const current = structuredClone(await nodes.get(undefined, node))
  current.metadata!.annotations = { ...current.metadata!.annotations, ...annotations }
  await nodes.update(current)
}

async function renewTime(cluster: Cluster, node: string): Promise<string | undefined> {
  return (await clients(cluster).leases.get('kube-node-lease', node)).spec?.renewTime
}

describe('simulated nodes', () => {
  let cluster: Cluster
  afterEach(async () => {
    await cluster?.stop()
  })

  it('a new cluster gets kind-style nodes, registered as their kubelets register them', async () => {
    cluster = await startCluster()
    const nodes = await nodesReady(cluster, kindNodes)
    const [cp, w1, w2, w3] = nodes
    expect(cp.metadata!.labels).toEqual({
      'beta.kubernetes.io/arch': 'amd64',
      'beta.kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/hostname': 'kubelab-control-plane',
      'kubernetes.io/os': 'linux',
      'node-role.kubernetes.io/control-plane': '',
      'node.kubernetes.io/exclude-from-external-load-balancers': ''
    })
    expect(cp.spec!.taints).toEqual([{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }])
    expect(w1.spec!.taints).toBeUndefined()
    expect(w1.metadata!.labels!['kubernetes.io/hostname']).toBe('kubelab-worker')
    expect(nodes.map((n) => n.status!.addresses)).toEqual(
      ['172.18.0.2', '172.18.0.3', '172.18.0.4', '172.18.0.5'].map((ip, i) => [
        { type: 'InternalIP', address: ip },
        { type: 'Hostname', address: kindNodes[i] }
      ])
    )
    expect(nodes.map((n) => n.spec!.podCIDR)).toEqual(['10.244.0.0/24', '10.244.1.0/24', '10.244.2.0/24', '10.244.3.0/24'])
    expect(w2.spec!.podCIDRs).toEqual(['10.244.2.0/24'])
    expect(w3.status!.capacity).toMatchObject({ cpu: '4', memory: '8048204Ki', pods: '110' })
    expect(w3.status!.allocatable).toMatchObject({ cpu: '4', pods: '110' })
    expect(w3.status!.daemonEndpoints).toEqual({ kubeletEndpoint: { Port: 10250 } })
    expect(w3.status!.nodeInfo).toMatchObject({
      kubeletVersion: 'v1.32.4',
      kubeProxyVersion: 'v1.32.4',
      operatingSystem: 'linux',
      architecture: 'amd64',
      containerRuntimeVersion: expect.stringMatching(/^containerd:\/\/1\.7\./)
    })
    expect(w3.status!.nodeInfo!.machineID).toMatch(/^[0-9a-f]{32}$/)
    expect(w3.status!.conditions!.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['MemoryPressure', 'False', 'KubeletHasSufficientMemory'],
      ['DiskPressure', 'False', 'KubeletHasNoDiskPressure'],
      ['PIDPressure', 'False', 'KubeletHasSufficientPID'],
      ['Ready', 'True', 'KubeletReady']
    ])
    expect(w3.status!.conditions![3].message).toBe('kubelet is posting ready status')
    const events = await waitFor(async () => {
      const list = lines(await eventsAbout(cluster, 'Node', 'kubelab-worker'))
      return list.length >= 5 ? list : undefined
    }, 'five node events')
    expect(events.slice(0, 5)).toEqual([
      'Starting: Starting kubelet.',
      'NodeAllocatableEnforced: Updated Node Allocatable limit across pods',
      'NodeHasSufficientMemory: Node kubelab-worker status is now: NodeHasSufficientMemory',
      'NodeHasNoDiskPressure: Node kubelab-worker status is now: NodeHasNoDiskPressure',
      'NodeHasSufficientPID: Node kubelab-worker status is now: NodeHasSufficientPID'
    ])
    // A kubelet refers to its node by name: the name is the uid, and there is no apiVersion (kubelet.go's nodeRef).
    const starting = (await eventsAbout(cluster, 'Node', 'kubelab-worker')).find((e) => e.reason === 'Starting')
    expect(starting?.involvedObject).toEqual({ kind: 'Node', name: 'kubelab-worker', uid: 'kubelab-worker' })
    expect(starting?.metadata?.namespace).toBe('default')
  })

  it('makes as many workers as the config asks', async () => {
    cluster = await startCluster({ config: { name: 'lab', workers: 1 } })
    await nodesReady(cluster, ['lab-control-plane', 'lab-worker'])
    expect((await clients(cluster).nodes.list()).items.map((n) => n.metadata!.name)).toEqual(['lab-control-plane', 'lab-worker'])
  })

  it('heartbeats with a Lease in kube-node-lease, renewed every 10 s', async () => {
    cluster = await startCluster()
    await nodesReady(cluster, kindNodes)
    const { leases, nodes } = clients(cluster)
    const lease = await leases.get('kube-node-lease', 'kubelab-worker')
    const node = await nodes.get(undefined, 'kubelab-worker')
    expect(lease.spec).toMatchObject({ holderIdentity: 'kubelab-worker', leaseDurationSeconds: 40 })
    expect(lease.spec!.renewTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/)
    expect(lease.metadata!.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Node', name: 'kubelab-worker', uid: node.metadata!.uid }])
    const before = Date.parse(lease.spec!.renewTime!)
    await cluster.clock.sleep(35_000)
    const after = Date.parse((await renewTime(cluster, 'kubelab-worker'))!)
    expect(after - before).toBeGreaterThanOrEqual(30_000)
    expect(after - before).toBeLessThanOrEqual(40_000)
  })

  it('writes NodeStatus only when it changes or every 5 minutes', async () => {
    cluster = await startCluster()
    await nodesReady(cluster, kindNodes)
    const { nodes } = clients(cluster)
    const heartbeat = async () => Date.parse((await nodes.get(undefined, 'kubelab-worker2')).status!.conditions!.find((c) => c.type === 'Ready')!.lastHeartbeatTime!)
    const first = await heartbeat()
    await cluster.clock.sleep(60_000)
    expect(await heartbeat()).toBe(first)
    await cluster.clock.sleep(5 * 60_000)
    expect((await heartbeat()) - first).toBeGreaterThanOrEqual(5 * 60_000)
  })

  it('powered off, a node stops its Lease and its pods; powered on, it reboots and serves them again', async () => {
    cluster = await startCluster()
    await nodesReady(cluster, kindNodes)
    await runOn(cluster, podManifest('web'), 'kubelab-worker3')
    const running = await waitFor(async () => {
      const p = await getPod(cluster, 'web')
      return p?.status?.phase === 'Running' ? p : undefined
    }, 'web Running')

    await annotate(cluster, 'kubelab-worker3', { 'sim.kubelab.dev/power': 'off' })
    await cluster.clock.sleep(1000)
    const frozen = await renewTime(cluster, 'kubelab-worker3')
    const other = await renewTime(cluster, 'kubelab-worker2')
    await cluster.clock.sleep(60_000)
    expect(await renewTime(cluster, 'kubelab-worker3')).toBe(frozen)
    expect(await renewTime(cluster, 'kubelab-worker2')).not.toBe(other)
    // A powered-off kubelet writes nothing: a pod bound meanwhile stays as the scheduler left it.
    await runOn(cluster, podManifest('late'), 'kubelab-worker3')
    await cluster.clock.sleep(30_000)
    expect((await getPod(cluster, 'late'))!.status!.startTime).toBeUndefined()
    expect((await getPod(cluster, 'web'))!.metadata!.resourceVersion).toBe(running.metadata!.resourceVersion)

    await annotate(cluster, 'kubelab-worker3', { 'sim.kubelab.dev/power': 'on' })
    await waitFor(async () => (await renewTime(cluster, 'kubelab-worker3')) !== frozen, 'the lease renewed again')
    const web = await waitFor(async () => {
      const p = await getPod(cluster, 'web')
      return p?.status?.containerStatuses?.[0].restartCount === 1 && p.status.containerStatuses[0].ready ? p : undefined
    }, 'web restarted after the reboot')
    expect(web.status!.containerStatuses![0].lastState?.terminated).toMatchObject({ exitCode: 255, reason: 'Unknown' })
    await waitFor(async () => (await getPod(cluster, 'late'))?.status?.phase === 'Running', 'late Running')
    const nodeEvents = lines(await eventsAbout(cluster, 'Node', 'kubelab-worker3'))
    expect(nodeEvents.some((e) => /^Rebooted: Node kubelab-worker3 has been rebooted, boot id: [0-9a-f-]{36}$/.test(e))).toBe(true)
    expect(lines(await eventsAbout(cluster, 'Pod', 'web'))).toContain('SandboxChanged: Pod sandbox changed, it will be killed and re-created.')
  })

  it('a new Node object gets a podCIDR and a kubelet; deleting it stops the kubelet', async () => {
    cluster = await startCluster()
    await nodesReady(cluster, kindNodes)
    const { nodes, leases } = clients(cluster)
    await nodes.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'extra' } })
    const [extra] = await nodesReady(cluster, ['extra'])
    expect(extra.spec!.podCIDR).toBe('10.244.4.0/24')
    expect(extra.status!.addresses).toEqual([
      { type: 'InternalIP', address: '172.18.0.6' },
      { type: 'Hostname', address: 'extra' }
    ])
    expect(extra.metadata!.labels).toMatchObject({ 'kubernetes.io/hostname': 'extra', 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64' })
    expect((await leases.get('kube-node-lease', 'extra')).spec!.holderIdentity).toBe('extra')
    await runOn(cluster, podManifest('there'), 'extra')
    const pod = await waitFor(async () => {
      const p = await getPod(cluster, 'there')
      return p?.status?.phase === 'Running' ? p : undefined
    }, 'a pod on the new node Running')
    expect(pod.status!.podIP).toBe('10.244.4.2')

    await nodes.delete(undefined, 'extra')
    await cluster.clock.sleep(1000)
    const last = await renewTime(cluster, 'extra')
    await cluster.clock.sleep(60_000)
    expect(await renewTime(cluster, 'extra')).toBe(last)
  })

  it('reports CIDRNotAvailable for a node when the pod range is full', async () => {
    cluster = await startCluster({ config: { workers: 1, network: { podCIDR: '10.244.0.0/23', nodeCIDR: '172.18.0.0/16', nodePodCIDRMaskSize: 24, serviceCIDR: '10.96.0.0/12' } } })
    await nodesReady(cluster, ['kubelab-control-plane', 'kubelab-worker'])
    const { nodes } = clients(cluster)
    await nodes.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'overflow' } })
    const event = await waitFor(async () => (await eventsAbout(cluster, 'Node', 'overflow')).find((e) => e.reason === 'CIDRNotAvailable'), 'CIDRNotAvailable')
    expect(event.message).toBe('Node overflow status is now: CIDRNotAvailable')
    expect(event.source?.component).toBe('cidrAllocator')
    const overflow: Node = await nodes.get(undefined, 'overflow')
    expect(overflow.spec?.podCIDR).toBeUndefined()
    expect(isReady(overflow)).toBe(false)
    // Freeing a CIDR lets the waiting node have it.
    await nodes.delete(undefined, 'kubelab-worker')
    await nodesReady(cluster, ['overflow'])
    expect((await nodes.get(undefined, 'overflow')).spec!.podCIDR).toBe('10.244.1.0/24')
  })
})
