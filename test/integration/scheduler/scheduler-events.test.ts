import { afterEach, describe, expect, it } from 'vitest'
import type { Event } from 'kubernetes-types/core/v1'
import { waitFor } from '../../support/wait'
import { addNode, urgentClass, pod, startCluster, type TestCluster } from './support'

let t: TestCluster | undefined

afterEach(async () => {
  await t?.cluster.stop()
  t = undefined
})

async function failures(tc: TestCluster, name: string): Promise<Event[]> {
  return (await tc.events.list('default')).items.filter((e) => e.involvedObject.name === name && e.reason === 'FailedScheduling')
}

/**
 * kube-scheduler's events go through events.k8s.io/v1: a repeat about the
 * same pod within six minutes becomes a series on the first event instead
 * of a new event.
 */
describe('scheduler events', () => {
  it('repeated failures for an unchanged pod make a series', async () => {
    t = await startCluster()
    await addNode(t, 'node-1')
    await t.pods.create(pod('picky', { nodeSelector: { disktype: 'ssd' } }))
    const tc = t
    const first = await waitFor(async () => {
      const list = await failures(tc, 'picky')
      return list.length === 1 ? list[0] : undefined
    }, 'a FailedScheduling event')
    expect(first.series).toBeUndefined()
    for (let i = 0; i < 3; i++) {
      const node = structuredClone(await tc.nodes.get(undefined, 'node-1'))
      node.metadata!.labels = { ...node.metadata!.labels, [`round-${i}`]: 'x' }
      await tc.nodes.update(node)
      await tc.cluster.clock.sleep(2_000)
    }
    const list = await waitFor(async () => {
      const l = await failures(tc, 'picky')
      return l.some((e) => e.series) ? l : undefined
    }, 'a series')
    expect(list).toHaveLength(1)
    const series = list[0]
    expect(series.metadata?.name).toBe(first.metadata?.name)
    expect(series.series!.count).toBeGreaterThanOrEqual(2)
    expect(series.series!.lastObservedTime).toMatch(/\.\d{6}Z$/)
    expect(series.action).toBe('Scheduling')
  })

  it('a Preempted event names the preemptor as related', async () => {
    t = await startCluster()
    await addNode(t, 'node-1', { cpu: '2' })
    await t.pods.create(pod('batch', { requests: { cpu: '2' }, priority: 0 }))
    const tc = t
    await waitFor(async () => (await tc.pods.get('default', 'batch')).spec?.nodeName, 'batch bound')
    const urgent = await t.pods.create(pod('urgent', { requests: { cpu: '2' }, priorityClassName: await urgentClass(t) }))
    const preempted = await waitFor(async () => (await tc.events.list('default')).items.find((e) => e.involvedObject.name === 'batch' && e.reason === 'Preempted'), 'Preempted')
    expect(preempted).toMatchObject({
      action: 'Preempting',
      message: `Preempted by pod ${urgent.metadata?.uid} on node node-1`,
      related: { kind: 'Pod', namespace: 'default', name: 'urgent', uid: urgent.metadata?.uid }
    })
  })
})
