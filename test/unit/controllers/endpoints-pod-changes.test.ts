import { describe, expect, it } from 'vitest'
import type { Pod } from 'kubernetes-types/core/v1'
import { podEndpointsChanged } from '../../../main/cluster/controllers/endpoints/pod-endpoints'

/** Which pod updates reach the Endpoints and EndpointSlice controllers (podEndpointsChanged). */

const base: Pod = {
  metadata: { name: 'web-0', namespace: 'ns', uid: 'u', resourceVersion: '10', labels: { app: 'web' } },
  spec: { nodeName: 'node-1', containers: [{ name: 'c', image: 'nginx' }] },
  status: {
    phase: 'Running',
    podIP: '10.244.1.5',
    podIPs: [{ ip: '10.244.1.5' }],
    conditions: [{ type: 'Ready', status: 'True' }],
    containerStatuses: [{ name: 'c', image: 'nginx', imageID: '', ready: true, restartCount: 0 }]
  }
}

/** The pod at the next resourceVersion, with `change` applied. */
function next(change: (pod: Pod) => void): Pod {
  const pod = structuredClone(base)
  pod.metadata = { ...pod.metadata, resourceVersion: '11' }
  change(pod)
  return pod
}

describe('podEndpointsChanged', () => {
  it.each<[string, (pod: Pod) => void, boolean]>([
    ['labels', (p) => (p.metadata!.labels = { app: 'api' }), true],
    ['a label added', (p) => (p.metadata!.labels = { app: 'web', tier: 'front' }), true],
    ['hostname', (p) => (p.spec!.hostname = 'web-0'), true],
    ['subdomain', (p) => (p.spec!.subdomain = 'web'), true],
    ['deletion', (p) => (p.metadata = { ...p.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' }), true],
    ['readiness', (p) => (p.status!.conditions = [{ type: 'Ready', status: 'False' }]), true],
    ['IPs', (p) => (p.status!.podIPs = [{ ip: '10.244.1.6' }]), true],
    ['a terminal phase', (p) => (p.status!.phase = 'Succeeded'), true],
    ['a restart count', (p) => (p.status!.containerStatuses![0].restartCount = 1), false],
    ['an annotation', (p) => (p.metadata!.annotations = { note: 'x' }), false],
    ['nothing but the version', () => {}, false]
  ])('%s: %s', (_, change, changed) => {
    expect(podEndpointsChanged(base, next(change))).toBe(changed)
  })

  it('ignores a relist of the same version', () => {
    const same = structuredClone(base)
    same.metadata!.labels = { app: 'api' }
    expect(podEndpointsChanged(base, same)).toBe(false)
  })
})
