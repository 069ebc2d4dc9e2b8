import { describe, expect, it } from 'vitest'
import type { Pod, Service } from 'kubernetes-types/core/v1'
import { computeSubsets } from '../../../main/cluster/controllers/endpoints/sync-endpoints'
import { findPort, shouldPodBeInEndpoints } from '../../../main/cluster/controllers/endpoints/pod-endpoints'
import { repackSubsets } from '../../../main/cluster/controllers/endpoints/repack'

function pod(name: string, ip: string | undefined, extra: Partial<NonNullable<Pod['spec']>> = {}): Pod {
  return {
    metadata: { name, namespace: 'default', uid: `uid-${name}` },
    spec: { nodeName: 'node-1', containers: [{ name: 'app', image: 'x', ports: [{ name: 'http', containerPort: 8080 }] }], ...extra },
    status: ip ? { phase: 'Running', podIP: ip, podIPs: [{ ip }], conditions: [{ type: 'Ready', status: 'True' }] } : { phase: 'Pending' }
  }
}

const headless: Service = { metadata: { name: 'db', namespace: 'default' }, spec: { clusterIP: 'None', selector: { app: 'db' } } }

describe('endpoints of a Service', () => {
  it('publishes a port-less headless Service, with hostnames for pods in its subdomain', () => {
    const subsets = computeSubsets(headless, [pod('db-0', '10.244.0.3', { hostname: 'db-0', subdomain: 'db' }), pod('db-1', '10.244.0.4')])
    expect(subsets).toEqual([
      {
        addresses: [
          { ip: '10.244.0.3', hostname: 'db-0', nodeName: 'node-1', targetRef: { kind: 'Pod', namespace: 'default', name: 'db-0', uid: 'uid-db-0' } },
          { ip: '10.244.0.4', nodeName: 'node-1', targetRef: { kind: 'Pod', namespace: 'default', name: 'db-1', uid: 'uid-db-1' } }
        ]
      }
    ])
  })

  it('publishes nothing for a headful Service without ports', () => {
    const svc: Service = { metadata: { name: 'x', namespace: 'default' }, spec: { clusterIP: '10.96.0.9', selector: { app: 'x' } } }
    expect(computeSubsets(svc, [pod('a', '10.244.0.3')])).toEqual([])
  })

  it('skips finished pods, pods without IP and (unless published) terminating ones', () => {
    const done = pod('done', '10.244.0.3')
    done.status!.phase = 'Succeeded'
    const alive = pod('going', '10.244.0.4')
    const going: Pod = { ...alive, metadata: { ...alive.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' } }
    expect(shouldPodBeInEndpoints(done, true)).toBe(false)
    expect(shouldPodBeInEndpoints(pod('new', undefined), true)).toBe(false)
    expect(shouldPodBeInEndpoints(going, false)).toBe(false)
    expect(shouldPodBeInEndpoints(going, true)).toBe(true)
  })

  it('resolves named target ports by name and protocol, sidecars included', () => {
    const p = pod('a', '10.244.0.3', {
      initContainers: [{ name: 'proxy', image: 'x', restartPolicy: 'Always', ports: [{ name: 'admin', containerPort: 15000 }] }]
    })
    expect(findPort(p, { port: 80, targetPort: 'http' })).toBe(8080)
    expect(findPort(p, { port: 80, targetPort: 'http', protocol: 'UDP' })).toBeUndefined()
    expect(findPort(p, { port: 80, targetPort: 'admin' })).toBe(15000)
    expect(findPort(p, { port: 80, targetPort: 'missing' })).toBeUndefined()
    expect(findPort(p, { port: 80, targetPort: 9000 })).toBe(9000)
    expect(findPort(p, { port: 80 })).toBe(80)
  })
})

describe('packing the subsets of pods that serve the same ports', () => {
  /** A small deterministic generator (mulberry32), so a failure names its seed. */
  function random(seed: number): () => number {
    let a = seed
    return () => {
      a = (a + 0x6d2b79f5) | 0
      let t = Math.imul(a ^ (a >>> 15), 1 | a)
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296
    }
  }

  /** The pods' subsets one by one (one per pod and port), as RepackSubsets receives them. */
  function perPodSubsets(svc: Service, pods: Pod[]) {
    return pods.flatMap((p) => computeSubsets(svc, [p]).flatMap((ss) => ss.ports?.length ? ss.ports.map((port) => ({ ...ss, ports: [port] })) : [ss]))
  }

  it('equals RepackSubsets of every pod and port, ready or not, named or numbered ports, headless or not', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const rnd = random(seed)
      const named = rnd() < 0.5
      const headless = rnd() < 0.3
      const portCount = headless && rnd() < 0.5 ? 0 : 1 + Math.floor(rnd() * 3)
      const svc: Service = {
        metadata: { name: 'web', namespace: 'default' },
        spec: {
          clusterIP: headless ? 'None' : '10.96.0.9',
          selector: { app: 'web' },
          publishNotReadyAddresses: rnd() < 0.2,
          ports: Array.from({ length: portCount }, (_, i) => ({ name: `p${i}`, port: 80 + i, targetPort: named ? (`http${i}` as never) : 8080 + i, protocol: 'TCP' as const }))
        }
      }
      const pods = Array.from({ length: Math.floor(rnd() * 12) }, (_, i) => {
        // Some pods lack some named ports: then the pods do not all serve the same ports.
        const ports = Array.from({ length: 3 }, (_, j) => ({ name: `http${j}`, containerPort: 8080 + j })).filter(() => rnd() < 0.9)
        const p = pod(`p${i}`, rnd() < 0.1 ? undefined : `10.244.${Math.floor(rnd() * 3)}.${Math.floor(rnd() * 250)}`, {
          containers: [{ name: 'app', image: 'x', ports }]
        })
        if (p.status?.conditions && rnd() < 0.3) p.status.conditions = [{ type: 'Ready', status: 'False' }]
        return p
      })
      expect(computeSubsets(svc, pods), `seed ${seed}`).toEqual(repackSubsets(perPodSubsets(svc, pods)))
    }
  })
})
