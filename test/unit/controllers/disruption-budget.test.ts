import { describe, expect, it } from 'vitest'
import type { Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1'
import type { Pod, ReplicationController } from 'kubernetes-types/core/v1'
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1'
import { budgetCounters, countHealthyPods, deletionTimeoutMs, desiredHealth, disruptedPodMap } from '../../../main/cluster/controllers/disruption/budget'
import { expectedScale, type ScaleListers } from '../../../main/cluster/controllers/disruption/expected-scale'
import type { Informer } from '../../../main/cluster/client/informer'
import { staleMarkWait, stalePodDisruptionTimeoutMs } from '../../../main/cluster/controllers/disruption/stale-disruption'

/** A lister over fixed objects: only getByName is read. */
function lister<T extends { metadata?: { name?: string; namespace?: string } }>(items: T[]): Informer<T> {
  return { getByName: (ns: string | undefined, name: string) => items.find((i) => i.metadata?.namespace === ns && i.metadata?.name === name) } as unknown as Informer<T>
}

const rc: ReplicationController = { metadata: { name: 'web', namespace: 'default', uid: 'rc-1' }, spec: { replicas: 5 } }
const deploy: Deployment = { metadata: { name: 'api', namespace: 'default', uid: 'd-1' }, spec: { replicas: 4, selector: {}, template: {} } }
const rsOfDeploy: ReplicaSet = {
  metadata: { name: 'api-abc', namespace: 'default', uid: 'rs-1', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'api', uid: 'd-1', controller: true }] },
  spec: { replicas: 2, selector: {} }
}
const bareRS: ReplicaSet = { metadata: { name: 'solo', namespace: 'default', uid: 'rs-2' }, spec: { replicas: 3, selector: {} } }
const sts: StatefulSet = { metadata: { name: 'db', namespace: 'default', uid: 'ss-1' }, spec: { replicas: 3, serviceName: 'db', selector: {}, template: {} } }
const listers: ScaleListers = { replicationControllers: lister([rc]), replicaSets: lister([rsOfDeploy, bareRS]), deployments: lister([deploy]), statefulSets: lister([sts]) }

function pod(name: string, owner?: { apiVersion: string; kind: string; name: string; uid: string }, ready = true, extra: Partial<Pod['metadata']> = {}): Pod {
  return {
    metadata: { name, namespace: 'default', ownerReferences: owner ? [{ ...owner, controller: true }] : undefined, ...extra },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] }
  }
}
const ofRC = { apiVersion: 'v1', kind: 'ReplicationController', name: 'web', uid: 'rc-1' }
const ofRS = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'api-abc', uid: 'rs-1' }
const ofBareRS = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'solo', uid: 'rs-2' }
const ofSts = { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', uid: 'ss-1' }

const pdb = (spec: PodDisruptionBudget['spec'], disruptedPods?: Record<string, string>): PodDisruptionBudget => ({ metadata: { name: 'b', namespace: 'default' }, spec, status: { disruptedPods } as never })

describe('expected scale (getExpectedScale)', () => {
  it('sums each owning controller once: an RC, a Deployment through its ReplicaSet, a bare ReplicaSet', () => {
    const pods = [pod('w1', ofRC), pod('w2', ofRC), pod('a1', ofRS), pod('s1', ofBareRS)]
    expect(expectedScale(listers, pods)).toEqual({ expectedCount: 5 + 4 + 3, unmanagedPods: [] })
  })

  it('counts a StatefulSet with its replicas (getPodStatefulSet)', () => {
    expect(expectedScale(listers, [pod('db-0', ofSts), pod('db-1', ofSts)])).toEqual({ expectedCount: 3, unmanagedPods: [] })
  })
  it('lists pods without a controller, and fails for a vanished controller or one without scale', () => {
    expect(expectedScale(listers, [pod('lonely')])).toEqual({ expectedCount: 0, unmanagedPods: ['lonely'] })
    expect(() => expectedScale(listers, [pod('x', { ...ofRC, uid: 'other' })])).toThrow('found no controllers for pod "x"')
    expect(() => expectedScale(listers, [pod('d', { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'ds', uid: 'ds-1' })])).toThrow('daemonsets.apps does not implement the scale subresource')
  })
})

describe('desired health (getExpectedPodCount)', () => {
  const pods = [pod('w1', ofRC), pod('w2', ofRC), pod('w3', ofRC)]
  it('an integer minAvailable counts the selected pods', () => {
    expect(desiredHealth(pdb({ minAvailable: 2 }), pods, listers)).toEqual({ expectedCount: 3, desiredHealthy: 2, unmanagedPods: [] })
  })
  it('a percentage minAvailable resolves against the scale, rounding up', () => {
    expect(desiredHealth(pdb({ minAvailable: '50%' }), pods, listers)).toMatchObject({ expectedCount: 5, desiredHealthy: 3 })
  })
  it('maxUnavailable subtracts from the scale (rounding the allowance up), never below zero', () => {
    expect(desiredHealth(pdb({ maxUnavailable: '30%' }), pods, listers)).toMatchObject({ expectedCount: 5, desiredHealthy: 3 })
    expect(desiredHealth(pdb({ maxUnavailable: 9 }), pods, listers)).toMatchObject({ expectedCount: 5, desiredHealthy: 0 })
  })
})

describe('healthy pods and disruptions', () => {
  const now = Date.parse('2026-01-01T00:10:00Z')
  const recent = '2026-01-01T00:09:00Z'
  const stale = '2026-01-01T00:07:00Z'
  it('keeps recent evictions of live pods, drops timed-out ones and those of terminating or vanished pods', () => {
    const pods = [pod('a'), pod('b'), pod('c', undefined, true, { deletionTimestamp: recent })]
    const d = disruptedPodMap(pods, pdb({ minAvailable: 1 }, { a: recent, b: stale, c: recent, gone: recent }), now)
    expect(d.pods).toEqual({ a: recent })
    expect(d.notDeleted.map((p) => p.metadata?.name)).toEqual(['b'])
    expect(d.recheckAt).toBe(Date.parse(recent) + deletionTimeoutMs)
  })
  it('counts ready pods that are neither terminating nor being evicted', () => {
    const pods = [pod('a'), pod('b'), pod('c', undefined, false), pod('d', undefined, true, { deletionTimestamp: recent })]
    expect(countHealthyPods(pods, { a: recent }, now)).toBe(1)
    expect(countHealthyPods(pods, { a: stale }, now)).toBe(2)
  })
  it('allows currentHealthy - desiredHealthy disruptions, none while no pod is expected', () => {
    expect(budgetCounters(3, { expectedCount: 3, desiredHealthy: 2, unmanagedPods: [] })).toEqual({ currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, disruptionsAllowed: 1 })
    expect(budgetCounters(1, { expectedCount: 3, desiredHealthy: 2, unmanagedPods: [] }).disruptionsAllowed).toBe(0)
    expect(budgetCounters(0, { expectedCount: 0, desiredHealthy: -1, unmanagedPods: [] }).disruptionsAllowed).toBe(0)
  })
})

describe('stale DisruptionTarget marks', () => {
  const at = '2026-01-01T00:00:00Z'
  const marked = (extra: Partial<Pod['metadata']> = {}, reason = 'EvictionByEvictionAPI', status = 'True'): Pod => ({
    metadata: { name: 'p', namespace: 'default', ...extra },
    status: { conditions: [{ type: 'DisruptionTarget', status, reason, lastTransitionTime: at }] }
  })
  it('waits two minutes from the mark, then is due; terminating pods, kubelet marks and False marks are never stale', () => {
    const t0 = Date.parse(at)
    expect(staleMarkWait(marked(), t0 + 30_000)).toBe(stalePodDisruptionTimeoutMs - 30_000)
    expect(staleMarkWait(marked(), t0 + 5 * 60_000)).toBe(0)
    expect(staleMarkWait(marked({ deletionTimestamp: at }), t0)).toBeUndefined()
    expect(staleMarkWait(marked({}, 'TerminationByKubelet'), t0)).toBeUndefined()
    expect(staleMarkWait(marked({}, 'EvictionByEvictionAPI', 'False'), t0)).toBeUndefined()
    expect(staleMarkWait(pod('plain'), t0)).toBeUndefined()
  })
})
