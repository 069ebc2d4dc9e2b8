import { describe, expect, it } from 'vitest'
import type { Pod, Service } from 'kubernetes-types/core/v1'
import { computeSubsets } from '../../../main/cluster/controllers/endpoints/sync-endpoints'
import { findPort, shouldPodBeInEndpoints } from '../../../main/cluster/controllers/endpoints/pod-endpoints'

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
