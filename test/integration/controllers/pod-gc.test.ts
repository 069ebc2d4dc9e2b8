import type { Node, Pod } from 'kubernetes-types/core/v1'
import { afterEach, describe, expect, it } from 'vitest'
import { Cluster } from '../../../main/cluster/cluster'
import { quarantineMs } from '../../../main/cluster/controllers/pod-gc'
import { waitFor } from '../../support/wait'
import { gvr, replicationController } from './replica-helpers'

const nodesGVR = { group: '', version: 'v1', resource: 'nodes' }
const victim = 'kubelab-worker3'

/** The pod garbage collector: pods of a deleted node go, and their controllers put them elsewhere. */
describe('pod garbage collector', () => {
  let cluster: Cluster | undefined
  afterEach(async () => {
    await cluster?.stop()
    cluster = undefined
  })

  it('a deleted node\'s pods are marked Failed (DeletionByPodGC) and force-deleted after the quarantine; the RC runs them on the other nodes', async () => {
    const c = (cluster = await Cluster.start({ clock: 'instant' }))
    const pods = c.client.resource<Pod>(gvr.pods)
    await c.client.resource(gvr.rcs).create(replicationController('web', 6) as never)
    const running = async (): Promise<Pod[]> =>
      (await pods.list('default', { labelSelector: 'app=web' })).items.filter((p) => p.status?.phase === 'Running' && !p.metadata?.deletionTimestamp)
    const before = await waitFor(async () => {
      const r = await running()
      return r.length === 6 && r.some((p) => p.spec?.nodeName === victim) ? r : undefined
    }, 'six running web pods, some on the victim')
    const stranded = new Set(before.filter((p) => p.spec?.nodeName === victim).map((p) => p.metadata!.name!))

    // What the collector writes before it deletes: seen through a watch.
    const last = new Map<string, Pod>()
    const watch = pods.watch('default', {}, (e) => {
      if (stranded.has(e.object.metadata?.name ?? '')) last.set(e.object.metadata!.name!, e.object)
    })
    try {
      await c.client.resource<Node>(nodesGVR).delete(undefined, victim)
      const deletedAt = c.clock.now()
      // Still there during the quarantine: a node may come back.
      await c.clock.sleep(quarantineMs / 2)
      expect((await pods.list('default', { labelSelector: 'app=web' })).items.filter((p) => stranded.has(p.metadata!.name!))).toHaveLength(stranded.size)
      const after = await waitFor(async () => {
        const r = await running()
        return r.length === 6 && r.every((p) => p.spec?.nodeName !== victim) ? r : undefined
      }, 'six running web pods, none on the deleted node', 30_000)
      expect(after.some((p) => stranded.has(p.metadata!.name!))).toBe(false)
      expect(c.clock.now() - deletedAt).toBeGreaterThanOrEqual(quarantineMs)
      for (const name of stranded) {
        const final = last.get(name)!
        expect(final.status!.phase).toBe('Failed')
        expect(final.status!.conditions).toContainEqual(expect.objectContaining({ type: 'DisruptionTarget', status: 'True', reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists' }))
      }
      // The DaemonSet pod of the deleted node goes too.
      const system = (await pods.list('kube-system')).items
      expect(system.filter((p) => p.spec?.nodeName === victim)).toEqual([])
    } finally {
      watch.stop()
    }
  })
})
