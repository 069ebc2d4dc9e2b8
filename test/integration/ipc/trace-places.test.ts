import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Cluster } from '../../../main/cluster/cluster'
import { tracePacket } from '../../../main/ipc/packet-trace'
import { culpritsOf } from '../../../main/ipc/trace-places'
import { pods, ref, service, startGuestbook } from '../network/support/guestbook'

describe("the UI's packet trace names the objects of each hop", () => {
  let cluster: Cluster

  beforeAll(async () => {
    cluster = await Cluster.start({ clock: 'instant' })
    await startGuestbook(cluster)
  }, 60_000)
  afterAll(async () => {
    await cluster?.stop()
  })

  it('frontend to redis-master across nodes: the pod, the Service, both nodes of the tunnel, the receiving pod', async () => {
    const [master] = await pods(cluster, 'role=master')
    const fe = (await pods(cluster, 'tier=frontend')).find((p) => p.spec!.nodeName !== master.spec!.nodeName)!
    const answer = await tracePacket(cluster, { source: { pod: ref(fe) }, destination: { address: 'redis-master', port: 6379 } })
    expect(answer.verdict).toBe('Delivered')
    expect(answer.places).toHaveLength(answer.hops.length)
    expect(answer.culprits).toEqual([])
    const at = (action: string) => answer.places[answer.hops.findIndex((h) => h.action === action)]
    expect(at('send')).toEqual([{ kind: 'Pod', namespace: 'default', name: fe.metadata!.name, node: fe.spec!.nodeName }])
    expect(at('resolve')).toEqual([{ kind: 'Service', namespace: 'default', name: 'redis-master' }])
    expect(at('dnat')).toEqual([
      { kind: 'Service', namespace: 'default', name: 'redis-master' },
      { kind: 'Pod', namespace: 'default', name: master.metadata!.name, node: master.spec!.nodeName }
    ])
    expect(at('encapsulate')).toEqual([
      { kind: 'Node', name: fe.spec!.nodeName },
      { kind: 'Node', name: master.spec!.nodeName }
    ])
    expect(at('deliver')).toEqual([{ kind: 'Pod', namespace: 'default', name: master.metadata!.name, node: master.spec!.nodeName }])
    // Hops on a node's own devices (routes, the bridge) are at that node.
    for (const [i, h] of answer.hops.entries()) if (h.action === 'route') expect(answer.places[i]).toEqual([{ kind: 'Node', name: h.node }])
  })

  it('a refused port blames the pod that does not listen, with its node', async () => {
    const [master] = await pods(cluster, 'role=master')
    const [fe] = await pods(cluster, 'tier=frontend')
    const answer = await tracePacket(cluster, { source: { pod: ref(fe) }, destination: { address: 'redis-master', port: 6380 } })
    expect(answer.verdict).toBe('Dropped')
    const svc = await service(cluster, 'redis-master')
    // redis-master has no port 6380: the Service is to blame, not a pod.
    expect(answer.culprits[0]).toEqual({ kind: 'Service', namespace: 'default', name: 'redis-master' })
    expect(answer.reason).toContain(svc.spec!.clusterIP!)
    const direct = await tracePacket(cluster, { source: { pod: ref(fe) }, destination: { pod: ref(master), port: 6380 } })
    expect(direct.verdict).toBe('Dropped')
    expect(direct.culprits).toEqual([{ kind: 'Pod', namespace: 'default', name: master.metadata!.name, node: master.spec!.nodeName }])
  })

  it('reads the objects a reason names, in order, once each', () => {
    const book = {
      service: (namespace: string, name: string) => ({ kind: 'Service' as const, namespace, name }),
      pod: (namespace: string, name: string) => ({ kind: 'Pod' as const, namespace, name }),
      node: (name: string) => (name.startsWith('kubelab-') ? { kind: 'Node' as const, name } : undefined)
    }
    expect(culpritsOf('kube-proxy has not written its rules on node kubelab-worker2 yet, so Service default/web is not reachable from there.', book)).toEqual([
      { kind: 'Node', name: 'kubelab-worker2' },
      { kind: 'Service', namespace: 'default', name: 'web' }
    ])
    expect(culpritsOf('Service default/web has no ready endpoints: pod default/web-1 is Pending; pod default/web-1 again', book)).toEqual([
      { kind: 'Service', namespace: 'default', name: 'web' },
      { kind: 'Pod', namespace: 'default', name: 'web-1' }
    ])
    expect(culpritsOf('No node of the cluster has the address 172.18.0.9.', book)).toEqual([])
  })
})
