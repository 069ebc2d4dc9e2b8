import type { Pod } from 'kubernetes-types/core/v1'
import { afterEach, describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import type { Cluster } from '../../../main/cluster/cluster'
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MemoryManifestStore, createNodesComponent, fileManifestStore } from '../../../main/cluster/node'
import { waitFor } from '../../support/wait'
import { clients, getPod, nodesReady, podReady, startCluster } from './helpers'

const controlPlanePods = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler'].map((c) => `${c}-kubelab-control-plane`)

async function mirrorsReady(cluster: Cluster, names: string[]): Promise<Pod[]> {
  return waitFor(async () => {
    const pods = await Promise.all(names.map((n) => getPod(cluster, n, 'kube-system')))
    return pods.every((p) => p?.status?.phase === 'Running' && podReady(p)) ? (pods as Pod[]) : undefined
  }, `mirror pods ${names.join(', ')} Running and Ready`)
}

describe('static pods', () => {
  let cluster: Cluster
  afterEach(async () => {
    await cluster?.stop()
  })

  it('the control plane runs kubeadm static pods, seen in kube-system as mirror pods', async () => {
    cluster = await startCluster()
    const [node] = await nodesReady(cluster, ['kubelab-control-plane'])
    const pods = await mirrorsReady(cluster, controlPlanePods)
    const apiserver = pods[1]
    expect(apiserver.metadata!.labels).toEqual({ component: 'kube-apiserver', tier: 'control-plane' })
    const annotations = apiserver.metadata!.annotations!
    expect(annotations['kubernetes.io/config.source']).toBe('file')
    expect(annotations['kubernetes.io/config.hash']).toMatch(/^[0-9a-f]{32}$/)
    expect(annotations['kubernetes.io/config.mirror']).toBe(annotations['kubernetes.io/config.hash'])
    expect(annotations['kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint']).toBe('172.18.0.2:6443')
    expect(apiserver.metadata!.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Node', name: 'kubelab-control-plane', uid: node.metadata!.uid, controller: true }])
    expect(apiserver.spec).toMatchObject({ nodeName: 'kubelab-control-plane', hostNetwork: true, priorityClassName: 'system-node-critical', priority: 2000001000 })
    expect(apiserver.spec!.containers[0].image).toBe('registry.k8s.io/kube-apiserver:v1.32.4')
    expect(apiserver.spec!.tolerations).toContainEqual({ operator: 'Exists', effect: 'NoExecute' })
    // hostNetwork: the pod's IP is the node's.
    expect(apiserver.status).toMatchObject({ podIP: '172.18.0.2', hostIP: '172.18.0.2' })
    expect(pods[0].spec!.containers[0].image).toBe('registry.k8s.io/etcd:3.5.16-0')
  })

  it('a deleted mirror pod comes back; the static pod kept running', async () => {
    cluster = await startCluster()
    const [before] = await mirrorsReady(cluster, ['kube-scheduler-kubelab-control-plane'])
    const containerID = before.status!.containerStatuses![0].containerID
    await clients(cluster).pods.delete('kube-system', 'kube-scheduler-kubelab-control-plane')
    const after = await waitFor(async () => {
      const p = await getPod(cluster, 'kube-scheduler-kubelab-control-plane', 'kube-system')
      return p && p.metadata!.uid !== before.metadata!.uid && !p.metadata!.deletionTimestamp && podReady(p) ? p : undefined
    }, 'a new mirror pod, Ready')
    expect(after.status!.containerStatuses![0]).toMatchObject({ containerID, restartCount: 0, ready: true })
    expect(after.metadata!.annotations!['kubernetes.io/config.mirror']).toBe(before.metadata!.annotations!['kubernetes.io/config.mirror'])
  })

  it('runs a manifest dropped into a node directory, and stops it when the manifest goes', async () => {
    const manifests = new MemoryManifestStore()
    cluster = await startCluster({ nodes: createNodesComponent({ manifests }) })
    await nodesReady(cluster, ['kubelab-worker'])
    const pod: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'static-web', namespace: 'default' }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } }
    manifests.write('kubelab-worker', 'static-web.yaml', stringify(pod))
    const mirror = await waitFor(async () => {
      const p = await getPod(cluster, 'static-web-kubelab-worker')
      return p?.status?.phase === 'Running' ? p : undefined
    }, 'the static pod running')
    expect(mirror.status!.podIP).toMatch(/^10\.244\.1\./)
    manifests.remove('kubelab-worker', 'static-web.yaml')
    await waitFor(async () => (await getPod(cluster, 'static-web-kubelab-worker')) === undefined, 'the mirror pod gone')
  })

  it('a manifest written to a node directory on disk runs at once, as inotify tells the kubelet, not at its next 20 s rescan', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'kubelab-static-'))
    try {
      cluster = await startCluster({ nodes: createNodesComponent({ manifests: fileManifestStore(dataDir) }) })
      await nodesReady(cluster, ['kubelab-worker2'])
      // No cluster time passes from here: only the directory's watch can start the pod.
      cluster.clock.pause()
      const at = cluster.clock.now()
      const file = join(dataDir, 'nodes', 'kubelab-worker2', 'manifests', 'static-web.yaml')
      const pod: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'static-web' }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } }
      await writeFile(file, stringify(pod))
      const mirror = await waitFor(() => getPod(cluster, 'static-web-kubelab-worker2'), 'the mirror pod')
      expect(cluster.clock.now()).toBe(at)
      expect(mirror.metadata!.annotations!['kubernetes.io/config.source']).toBe('file')
      expect(mirror.spec!.nodeName).toBe('kubelab-worker2')
      cluster.clock.resume()
      await waitFor(async () => podReady(await getPod(cluster, 'static-web-kubelab-worker2')), 'the static pod Ready')
      // Dot files are not manifests (editors' swap files, writes in progress).
      await writeFile(join(dataDir, 'nodes', 'kubelab-worker2', 'manifests', '.static-web.yaml.swp'), 'not: a pod')
      await unlink(file)
      await waitFor(async () => (await getPod(cluster, 'static-web-kubelab-worker2')) === undefined, 'the mirror pod gone')
    } finally {
      await cluster?.stop()
      await rm(dataDir, { recursive: true, force: true })
    }
  })
})
