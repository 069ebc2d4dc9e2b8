import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Cluster } from '../../../main/cluster/cluster'
import type { Node } from 'kubernetes-types/core/v1'
import { waitFor } from '../../support/wait'
import { createObject, nodesGVR, pods, readyEndpoints, ref, service, startGuestbook, trace } from './support/guestbook'

const policiesGVR = { group: 'networking.k8s.io', version: 'v1', resource: 'networkpolicies' }

describe('PacketTrace on the guestbook', () => {
  let cluster: Cluster

  beforeAll(async () => {
    cluster = await Cluster.start({ clock: 'instant' })
    await startGuestbook(cluster)
  }, 60_000)
  afterAll(async () => {
    await cluster?.stop()
  })

  it('pod to pod on the same node: bridged on cni0, delivered to the container port', async () => {
    const all = [...(await pods(cluster, 'tier=frontend')), ...(await pods(cluster, 'tier=backend'))]
    const byNode = new Map<string, typeof all>()
    for (const p of all) byNode.set(p.spec!.nodeName!, [...(byNode.get(p.spec!.nodeName!) ?? []), p])
    const [a, b] = [...byNode.values()].find((ps) => ps.length >= 2 && ps.some((p) => p.metadata!.labels!.tier === 'backend'))!.sort((x) => (x.metadata!.labels!.tier === 'backend' ? 1 : -1))
    const result = await trace(cluster, { source: { pod: ref(a) }, destination: { pod: ref(b), port: 6379 } })
    expect(result.status!.verdict).toBe('Delivered')
    const actions = result.status!.hops.map((h) => h.action)
    expect(actions).toEqual(['send', 'route', 'bridge', 'deliver'])
    expect(result.status!.hops[1]).toMatchObject({ device: 'cni0', network: 'Pod' })
    expect(result.status!.hops.every((h) => h.node === a.spec!.nodeName)).toBe(true)
    expect(result.status!.hops.at(-1)!.dst).toBe(`${b.status!.podIP}:6379`)
  })

  it('pod to pod across nodes: VXLAN with Node IPs outside and Pod IPs inside', async () => {
    const [master] = await pods(cluster, 'role=master')
    const other = (await pods(cluster, 'tier=frontend')).find((p) => p.spec!.nodeName !== master.spec!.nodeName)!
    const result = await trace(cluster, { source: { pod: ref(other) }, destination: { pod: ref(master), port: 6379 } })
    expect(result.status!.verdict).toBe('Delivered')
    const nodes = (await cluster.client.resource<Node>(nodesGVR).list()).items
    const ipOf = (name: string) => nodes.find((n) => n.metadata!.name === name)!.status!.addresses!.find((a) => a.type === 'InternalIP')!.address
    const encap = result.status!.hops.find((h) => h.action === 'encapsulate')!
    expect(encap).toMatchObject({ node: other.spec!.nodeName, network: 'Node', dst: `${ipOf(master.spec!.nodeName!)}:8472` })
    expect(encap.src.startsWith(`${ipOf(other.spec!.nodeName!)}:`)).toBe(true)
    const decap = result.status!.hops.find((h) => h.action === 'decapsulate')!
    expect(decap).toMatchObject({ node: master.spec!.nodeName, device: 'flannel.1', network: 'Pod', src: `${other.status!.podIP}:${decap.src.split(':')[1]}`, dst: `${master.status!.podIP}:6379` })
    expect(result.status!.hops.find((h) => h.action === 'route' && h.device === 'flannel.1')!.rule).toMatch(/via 10\.244\.\d+\.0 dev flannel\.1 onlink/)
  })

  it('pod to a Service by name: DNS, DNAT to a ready endpoint, the reply un-DNATed', async () => {
    const [fe] = await pods(cluster, 'tier=frontend')
    const [master] = await pods(cluster, 'role=master')
    const svc = await service(cluster, 'redis-master')
    const result = await trace(cluster, { source: { pod: ref(fe) }, destination: { address: 'redis-master', port: 6379 } })
    expect(result.status!.verdict).toBe('Delivered')
    const hops = result.status!.hops
    expect(hops[0]).toMatchObject({ action: 'resolve', network: 'Cluster', dst: `${svc.spec!.clusterIP}:6379` })
    expect(hops[0].rule).toContain(`redis-master.default.svc.cluster.local. 30 IN A ${svc.spec!.clusterIP}`)
    const dnat = hops.find((h) => h.action === 'dnat')!
    expect(dnat.dst).toBe(`${master.status!.podIP}:6379`)
    expect(dnat.rule).toMatch(/KUBE-SERVICES .*-j KUBE-SVC-[A-Z2-7]{16}/)
    expect(dnat.rule).toMatch(/-j DNAT --to-destination /)
    const undnat = hops.at(-1)!
    expect(undnat).toMatchObject({ action: 'undnat', src: `${svc.spec!.clusterIP}:6379` })
    expect(result.status!.reason).toContain('through Service default/redis-master')
  })

  it("a node's host network to a ClusterIP: kube-proxy's OUTPUT chain DNATs it", async () => {
    const svc = await service(cluster, 'redis-master')
    const [master] = await pods(cluster, 'role=master')
    const nodes = (await cluster.client.resource<Node>(nodesGVR).list()).items
    const other = nodes.find((n) => n.metadata!.name !== master.spec!.nodeName && !n.metadata!.name!.includes('control-plane'))!
    const result = await trace(cluster, { source: { node: other.metadata!.name }, destination: { address: svc.spec!.clusterIP!, port: 6379 } })
    expect(result.status!.verdict).toBe('Delivered')
    expect(result.status!.hops[0]).toMatchObject({ action: 'send', network: 'Node', node: other.metadata!.name })
    expect(result.status!.hops.find((h) => h.action === 'dnat')!.rule).toMatch(/^-A OUTPUT .*-j KUBE-SERVICES/)
    expect(result.status!.hops.some((h) => h.action === 'encapsulate')).toBe(true)
  })

  it('UDP: a pod asks kube-dns on 10.96.0.10:53 and a CoreDNS pod receives it', async () => {
    const [fe] = await pods(cluster, 'tier=frontend')
    const result = await trace(cluster, { source: { pod: ref(fe) }, destination: { address: '10.96.0.10', port: 53 }, protocol: 'UDP' })
    expect(result.status!.verdict).toBe('Delivered')
    expect(result.status!.hops.find((h) => h.action === 'dnat')!.rule).toContain('kube-system/kube-dns:dns cluster IP')
    expect(result.status!.hops.find((h) => h.action === 'deliver')!.rule).toMatch(/listens on 53\/UDP/)
  })

  it('external client to NodeIP:30001 reaches a frontend pod', async () => {
    const nodes = (await cluster.client.resource<Node>(nodesGVR).list()).items
    const worker = nodes.find((n) => !n.metadata!.name!.includes('control-plane'))!
    const ip = worker.status!.addresses!.find((a) => a.type === 'InternalIP')!.address
    const result = await trace(cluster, { source: { external: true }, destination: { address: ip, port: 30001 } })
    expect(result.status!.verdict).toBe('Delivered')
    const dnat = result.status!.hops.find((h) => h.action === 'dnat')!
    expect(dnat.rule).toContain('KUBE-NODEPORTS')
    const frontendIPs = (await pods(cluster, 'tier=frontend')).map((p) => `${p.status!.podIP}:80`)
    expect(frontendIPs).toContain(result.status!.hops.find((h) => h.action === 'deliver')!.dst)
    expect(result.status!.hops.at(-1)).toMatchObject({ action: 'undnat', src: `${ip}:30001` })
  })

  it('a name nothing has: NXDOMAIN', async () => {
    const [fe] = await pods(cluster, 'tier=frontend')
    const result = await trace(cluster, { source: { pod: ref(fe) }, destination: { address: 'redis-mastr', port: 6379 } })
    expect(result.status!.verdict).toBe('Dropped')
    expect(result.status!.reason).toContain('NXDOMAIN')
    expect(result.status!.hops.at(-1)!.action).toBe('drop')
  })

  it('a Service whose selector matches no pod: explained with the selector and the closest labels', async () => {
    await createObject(cluster, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'redis-typo', namespace: 'default' }, spec: { selector: { app: 'redis', role: 'mastr' }, ports: [{ port: 6379 }] } })
    const [fe] = await pods(cluster, 'tier=frontend')
    const result = await waitFor(async () => {
      const r = await trace(cluster, { source: { pod: ref(fe) }, destination: { address: 'redis-typo', port: 6379 } })
      return r.status!.reason.includes('selector') ? r : undefined
    }, 'kube-proxy rules for redis-typo')
    expect(result.status!.verdict).toBe('Dropped')
    expect(result.status!.reason).toContain('selector app=redis,role=mastr matches no pod in namespace default')
    expect(result.status!.reason).toMatch(/labelled app=redis,role=(master|slave),tier=backend, matching 1 of its 2 labels/)
    expect(result.status!.hops.at(-1)!.rule).toContain('has no endpoints')
  })

  it('a Service whose endpoints exist but none is ready: explained with the failing readiness probe', async () => {
    await createObject(cluster, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web-unready', namespace: 'default' },
      spec: {
        selector: { matchLabels: { app: 'web-unready' } },
        template: {
          metadata: { labels: { app: 'web-unready' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }], readinessProbe: { httpGet: { path: '/healthz', port: 8081 } } }] }
        }
      }
    })
    await createObject(cluster, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web-unready', namespace: 'default' }, spec: { selector: { app: 'web-unready' }, ports: [{ port: 80 }] } })
    await waitFor(async () => (await pods(cluster, 'app=web-unready')).some((p) => p.status?.phase === 'Running'), 'the unready pod running')
    const [fe] = await pods(cluster, 'tier=frontend')
    const result = await waitFor(async () => {
      const r = await trace(cluster, { source: { pod: ref(fe) }, destination: { address: 'web-unready', port: 80 } })
      return r.status!.reason.includes('readiness probe') ? r : undefined
    }, 'the running, unready pod seen by kube-proxy and the tracer')
    expect(result.status!.verdict).toBe('Dropped')
    expect(result.status!.reason).toMatch(/Service default\/web-unready has no ready endpoints: its selector matches 1 pod, none ready \(pod default\/web-unready-\S+ is not Ready: the readiness probe of container nginx \(http-get http:\/\/:8081\/healthz\) is failing\)\./)
  })

  it('a Service whose targetPort no container listens on: connection refused, explained', async () => {
    await createObject(cluster, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'frontend-8080', namespace: 'default' }, spec: { selector: { app: 'guestbook', tier: 'frontend' }, ports: [{ port: 80, targetPort: 8080 }] } })
    await readyEndpoints(cluster, 'frontend-8080')
    const [master] = await pods(cluster, 'role=master')
    const result = await waitFor(async () => {
      const r = await trace(cluster, { source: { pod: ref(master) }, destination: { address: 'frontend-8080', port: 80 } })
      return r.status!.hops.some((h) => h.action === 'dnat') ? r : undefined
    }, 'kube-proxy rules for frontend-8080')
    expect(result.status!.verdict).toBe('Dropped')
    expect(result.status!.reason).toMatch(/Nothing in pod default\/frontend-\S+ listens on 8080\/TCP \(its containers listen on 80\/TCP \(php-redis\)\)/)
  })

  it('external client to a NodePort with externalTrafficPolicy Local on a node without an endpoint', async () => {
    await createObject(cluster, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'redis-local', namespace: 'default' }, spec: { type: 'NodePort', externalTrafficPolicy: 'Local', selector: { role: 'master' }, ports: [{ port: 6379, nodePort: 30079 }] } })
    await readyEndpoints(cluster, 'redis-local')
    const [master] = await pods(cluster, 'role=master')
    const nodes = (await cluster.client.resource<Node>(nodesGVR).list()).items
    const elsewhere = nodes.find((n) => n.metadata!.name !== master.spec!.nodeName)!
    const ip = elsewhere.status!.addresses!.find((a) => a.type === 'InternalIP')!.address
    const result = await waitFor(async () => {
      const r = await trace(cluster, { source: { external: true }, destination: { address: ip, port: 30079 } })
      return r.status!.reason.includes('externalTrafficPolicy') ? r : undefined
    }, 'kube-proxy rules for redis-local')
    expect(result.status!.verdict).toBe('Dropped')
    expect(result.status!.reason).toContain(`node ${elsewhere.metadata!.name} runs none of its ready endpoints`)
    expect(result.status!.reason).toContain(`its endpoints run on ${master.spec!.nodeName}`)
  })

  it('a deny-all NetworkPolicy drops, naming the policy and direction; an allow rule lets it through', async () => {
    const [fe] = await pods(cluster, 'tier=frontend')
    const spec = { source: { pod: ref(fe) }, destination: { address: 'redis-master', port: 6379 } }
    await createObject(cluster, { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny-all', namespace: 'default' }, spec: { podSelector: {}, policyTypes: ['Ingress'] } })
    const denied = await waitFor(async () => {
      const r = await trace(cluster, spec)
      return r.status!.verdict === 'Dropped' ? r : undefined
    }, 'deny-all to take effect')
    expect(denied.status!.reason).toContain('NetworkPolicy default/deny-all selects pod default/redis-master')
    expect(denied.status!.reason).toContain('for ingress')
    expect(denied.status!.hops.at(-1)).toMatchObject({ action: 'drop', rule: expect.stringContaining('default/deny-all (Ingress)') })
    await createObject(cluster, {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'redis-from-frontend', namespace: 'default' },
      spec: { podSelector: { matchLabels: { app: 'redis' } }, ingress: [{ from: [{ podSelector: { matchLabels: { tier: 'frontend' } } }], ports: [{ port: 6379 }] }] }
    })
    const allowed = await waitFor(async () => {
      const r = await trace(cluster, spec)
      return r.status!.verdict === 'Delivered' ? r : undefined
    }, 'the allow rule to take effect')
    expect(allowed.status!.hops.some((h) => h.action === 'deliver')).toBe(true)
    for (const name of ['deny-all', 'redis-from-frontend']) await cluster.client.resource(policiesGVR).delete('default', name)
  })

  it('a powered-off destination node: the packet is lost on the wire, explained', async () => {
    const [master] = await pods(cluster, 'role=master')
    const fe = (await pods(cluster, 'tier=frontend')).find((p) => p.spec!.nodeName !== master.spec!.nodeName)!
    const nodes = cluster.client.resource<Node>(nodesGVR)
    const node = await nodes.get(undefined, master.spec!.nodeName!)
    await nodes.update({ ...node, metadata: { ...node.metadata, annotations: { ...node.metadata!.annotations, 'sim.kubelab.dev/power': 'off' } } })
    const result = await waitFor(async () => {
      const r = await trace(cluster, { source: { pod: ref(fe) }, destination: { pod: ref(master), port: 6379 } })
      return r.status!.verdict === 'Dropped' ? r : undefined
    }, 'the power cut to be seen')
    expect(result.status!.reason).toContain(`node ${master.spec!.nodeName} is powered off (sim.kubelab.dev/power=off)`)
    expect(result.status!.hops.at(-1)).toMatchObject({ action: 'drop', node: master.spec!.nodeName, network: 'Node' })
  })

  it('external client to a ClusterIP: unreachable by design, NodePort suggested', async () => {
    const frontend = await service(cluster, 'frontend')
    const result = await trace(cluster, { source: { external: true }, destination: { address: frontend.spec!.clusterIP!, port: 80 } })
    expect(result.status!.verdict).toBe('Dropped')
    expect(result.status!.reason).toContain('NodePort')
    expect(result.status!.reason).toContain('30001')
  })
})
