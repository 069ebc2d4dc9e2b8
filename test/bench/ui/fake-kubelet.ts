/**
 * KWOK-style fakes for the UI benchmark: nodes registered and pods marked
 * Running through the API itself, as KWOK's controllers do for clusters of
 * fake nodes. The benchmark measures the UI following 10,000 Running pods,
 * not the simulated kubelets starting them (test/bench/cluster.bench.ts
 * measures those), so the cluster runs without the node component and a
 * manual clock: nothing times out, and every write the UI sees still comes
 * through the real apiserver, storage, controllers and feed.
 */
import type { Node, Pod, PodCondition, PodStatus } from 'kubernetes-types/core/v1'
import type { Cluster } from '../../../main/cluster/cluster'
import { kindNodeObject, kindNodes } from '../../../main/cluster/node/kind-nodes'
import { buildNodeStatus } from '../../../main/cluster/node/kubelet/node-status'

/** Registers a kind cluster's nodes (control plane and `workers`) as Ready, as their kubelets would; returns each one's InternalIP. */
export async function registerFakeNodes(cluster: Cluster, name: string, workers: number): Promise<Map<string, string>> {
  const nodes = cluster.client.resource<Node>({ group: '', version: 'v1', resource: 'nodes' })
  const now = cluster.clock.rfc3339()
  const ips = new Map<string, string>()
  for (const [i, node] of kindNodes(name, workers).entries()) {
    const internalIP = `172.18.${(i + 2) >> 8}.${(i + 2) & 255}`
    let current = await nodes.create(kindNodeObject(node, name, internalIP, `boot-${i}`, now))
    // The node IPAM controller may write the node (its podCIDR) meanwhile: read it again and retry, as a kubelet does.
    for (let attempt = 0; ; attempt++) {
      const { status } = buildNodeStatus(current, { internalIP, bootID: `boot-${i}`, networkReady: true, images: [] }, now)
      try {
        await nodes.updateStatus({ ...current, status })
        break
      } catch (e) {
        if ((e as { code?: number }).code !== 409 || attempt >= 5) throw e
        current = await nodes.get(undefined, node.name)
      }
    }
    ips.set(node.name, internalIP)
  }
  return ips
}

let ipCounter = 0

/** Writes the status a kubelet reports once a one-container pod's container runs and is ready. */
export async function markRunning(cluster: Cluster, pod: Pod, hostIP: string): Promise<Pod> {
  const pods = cluster.client.resource<Pod>({ group: '', version: 'v1', resource: 'pods' })
  const now = cluster.clock.rfc3339()
  const n = ipCounter++
  const podIP = `10.${64 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`
  const condition = (type: string): PodCondition => ({ type, status: 'True', lastTransitionTime: now })
  const status: PodStatus = {
    phase: 'Running',
    conditions: [condition('PodReadyToStartContainers'), condition('Initialized'), condition('Ready'), condition('ContainersReady'), condition('PodScheduled')],
    hostIP,
    hostIPs: [{ ip: hostIP }],
    podIP,
    podIPs: [{ ip: podIP }],
    startTime: now,
    qosClass: 'Burstable',
    containerStatuses: (pod.spec?.containers ?? []).map((c, i) => ({
      name: c.name,
      image: c.image ?? '',
      imageID: '',
      containerID: `containerd://${(n * 16 + i).toString(16).padStart(64, '0')}`,
      ready: true,
      started: true,
      restartCount: 0,
      state: { running: { startedAt: now } }
    }))
  }
  return pods.updateStatus({ ...pod, status })
}
