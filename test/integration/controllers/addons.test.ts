import type { DaemonSet, Deployment } from 'kubernetes-types/apps/v1'
import type { Pod, Service, ServiceAccount } from 'kubernetes-types/core/v1'
import { afterEach, describe, expect, it } from 'vitest'
import { Cluster } from '../../../main/cluster/cluster'
import type { ComponentFactory } from '../../../main/cluster/component'
import { defaultComponents } from '../../../main/cluster/components'
import { addonsComponent } from '../../../main/cluster/controllers/addons'
import { daemonSetComponent } from '../../../main/cluster/controllers/daemonset'
import { nodeLifecycleComponent } from '../../../main/cluster/controllers/node-lifecycle'
import { hasKubectl, startKubectlHarness, type KubectlHarness } from '../../kubectl/support/kubectl'
import { waitFor } from '../../support/wait'

/** The default components plus the three of this change, each once (whether or not registered by default yet). */
const components: ComponentFactory[] = [...defaultComponents, ...[daemonSetComponent, nodeLifecycleComponent, addonsComponent].filter((f) => !defaultComponents.includes(f))]
const nodeNames = ['kubelab-control-plane', 'kubelab-worker', 'kubelab-worker2', 'kubelab-worker3']
const podsGVR = { group: '', version: 'v1', resource: 'pods' }

async function runningAddonPods(cluster: Cluster, app: string): Promise<Pod[]> {
  const list = await cluster.client.resource<Pod>(podsGVR).list('kube-system', { labelSelector: `k8s-app=${app}` })
  return list.items.filter((p) => p.status?.phase === 'Running' && p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'))
}

async function addonsRunning(cluster: Cluster): Promise<{ proxies: Pod[]; dns: Pod[] }> {
  return waitFor(
    async () => {
      const proxies = await runningAddonPods(cluster, 'kube-proxy')
      const dns = await runningAddonPods(cluster, 'kube-dns')
      return proxies.length === 4 && dns.length === 2 ? { proxies, dns } : undefined
    },
    'kube-proxy on every node and two coredns pods Running',
    20_000
  )
}

describe('kubeadm addons', () => {
  let cluster: Cluster | undefined
  let harness: KubectlHarness | undefined
  afterEach(async () => {
    await cluster?.stop()
    await harness?.stop()
    cluster = harness = undefined
  })

  it('runs kube-proxy on every node and CoreDNS behind the kube-dns Service', async () => {
    cluster = await Cluster.start({ clock: 'instant', components })
    const { proxies, dns } = await addonsRunning(cluster)
    expect(proxies.map((p) => p.spec?.nodeName).sort()).toEqual(nodeNames)
    for (const p of proxies) {
      expect(p.spec).toMatchObject({ hostNetwork: true, priorityClassName: 'system-node-critical', serviceAccountName: 'kube-proxy' })
      expect(p.status?.podIP).toBe(p.status?.hostIP)
      expect(p.spec?.containers[0].image).toBe('registry.k8s.io/kube-proxy:v1.32.4')
    }
    for (const p of dns) {
      expect(p.spec?.containers[0].image).toBe('registry.k8s.io/coredns/coredns:v1.11.3')
      expect(p.spec?.priorityClassName).toBe('system-cluster-critical')
      expect(p.metadata?.labels?.['k8s-app']).toBe('kube-dns')
    }

    const service = await cluster.client.resource<Service>({ group: '', version: 'v1', resource: 'services' }).get('kube-system', 'kube-dns')
    expect(service.metadata?.labels).toEqual({ 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' })
    expect(service.spec?.selector).toEqual({ 'k8s-app': 'kube-dns' })
    expect(service.spec?.ports?.map((p) => `${p.name} ${p.port}/${p.protocol}`)).toEqual(['dns 53/UDP', 'dns-tcp 53/TCP', 'metrics 9153/TCP'])
    expect(service.spec?.clusterIP).toBe('10.96.0.10')

    const accounts = await cluster.client.resource<ServiceAccount>({ group: '', version: 'v1', resource: 'serviceaccounts' }).list('kube-system')
    expect(accounts.items.map((a) => a.metadata?.name)).toEqual(expect.arrayContaining(['coredns', 'kube-proxy']))
    const ds = await waitFor(async () => {
      const got = await cluster!.client.resource<DaemonSet>({ group: 'apps', version: 'v1', resource: 'daemonsets' }).get('kube-system', 'kube-proxy')
      return got.status?.numberReady === 4 ? got : undefined
    }, 'kube-proxy numberReady 4')
    expect(ds.status?.desiredNumberScheduled).toBe(4)
    const deployment = await waitFor(async () => {
      const got = await cluster!.client.resource<Deployment>({ group: 'apps', version: 'v1', resource: 'deployments' }).get('kube-system', 'coredns')
      return got.status?.readyReplicas === 2 ? got : undefined
    }, 'coredns readyReplicas 2')
    expect(deployment.spec?.replicas).toBe(2)
  })

  it.skipIf(!hasKubectl)('kubectl get pods -n kube-system lists the addon pods', async () => {
    harness = await startKubectlHarness({ components })
    await addonsRunning(harness.cluster)
    const result = await harness.run(['get', 'pods', '-n', 'kube-system', '-o', 'wide'])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const rows = result.stdout.trim().split('\n')
    expect(rows[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE/)
    expect(rows.filter((r) => /^kube-proxy-\w{5}\s+1\/1\s+Running/.test(r)).length).toBe(4)
    expect(rows.filter((r) => /^coredns-\w+-\w{5}\s+1\/1\s+Running/.test(r)).length).toBe(2)
  })
})
