import type { Event, Node, Pod } from 'kubernetes-types/core/v1'
import { afterEach, describe, expect, it } from 'vitest'
import { Cluster } from '../../../main/cluster/cluster'
import { defaultComponents } from '../../../main/cluster/components'
import { nodeLifecycleComponent } from '../../../main/cluster/controllers/node-lifecycle'
import { waitFor } from '../../support/wait'
import { gvr, replicationController } from './replica-helpers'

/** The default components plus this controller, once (whether or not it is registered by default yet). */
const components = defaultComponents.includes(nodeLifecycleComponent) ? defaultComponents : [...defaultComponents, nodeLifecycleComponent]
const nodesGVR = { group: '', version: 'v1', resource: 'nodes' }
const eventsGVR = { group: '', version: 'v1', resource: 'events' }
const victim = 'kubelab-worker3'

async function setPower(cluster: Cluster, node: string, power: 'on' | 'off'): Promise<void> {
  const nodes = cluster.client.resource<Node>(nodesGVR)
  const current = structuredClone(await nodes.get(undefined, node))
  current.metadata!.annotations = { ...current.metadata!.annotations, 'sim.kubelab.dev/power': power }
  await nodes.update(current)
}

async function runningPods(cluster: Cluster, app: string): Promise<Pod[]> {
  const list = await cluster.client.resource<Pod>(gvr.pods).list('default', { labelSelector: `app=${app}` })
  return list.items.filter((p) => p.status?.phase === 'Running' && !p.metadata?.deletionTimestamp)
}

const node = (cluster: Cluster, name: string) => cluster.client.resource<Node>(nodesGVR).get(undefined, name)

describe('node lifecycle controller', () => {
  let cluster: Cluster | undefined
  afterEach(async () => {
    await cluster?.stop()
    cluster = undefined
  })

  it('a powered-off node turns Unknown and tainted after the grace period; its RC pods move after 300 s; power on clears the taints', async () => {
    cluster = await Cluster.start({ clock: 'instant', components })
    const c = cluster
    await c.client.resource(gvr.rcs).create(replicationController('web', 6) as never)
    const pods = await waitFor(async () => {
      const running = await runningPods(c, 'web')
      return running.length === 6 && running.some((p) => p.spec?.nodeName === victim) ? running : undefined
    }, 'six running web pods, some on the victim')
    const stranded = pods.filter((p) => p.spec?.nodeName === victim).map((p) => p.metadata!.name!)

    await setPower(c, victim, 'off')
    const offAt = c.clock.now()
    await c.clock.sleep(30_000)
    expect(readyStatus(await node(c, victim))).toBe('True')
    await c.clock.sleep(30_000)
    const down = await waitFor(async () => {
      const n = await node(c, victim)
      return readyStatus(n) === 'Unknown' && (n.spec?.taints?.length ?? 0) === 2 ? n : undefined
    }, 'the victim Unknown and tainted')
    const ready = down.status!.conditions!.find((cond) => cond.type === 'Ready')!
    expect(ready).toMatchObject({ reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' })
    expect(down.status!.conditions!.every((cond) => cond.status === 'Unknown')).toBe(true)
    expect(down.spec!.taints).toEqual([
      { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: expect.any(String) }
    ])
    const events = (await c.client.resource<Event>(eventsGVR).list('default')).items
    expect(events.some((e) => e.involvedObject.name === victim && e.reason === 'NodeNotReady')).toBe(true)
    for (const name of stranded) {
      const p = await c.client.resource<Pod>(gvr.pods).get('default', name)
      expect(p.status?.conditions?.find((cond) => cond.type === 'Ready')?.status).toBe('False')
      expect(p.metadata?.deletionTimestamp).toBeUndefined()
    }
    const healthy = await node(c, 'kubelab-worker')
    expect(readyStatus(healthy)).toBe('True')
    expect(healthy.spec?.taints).toBeUndefined()

    // The default 300 s tolerations run out: the pods are marked for deletion and replaced elsewhere.
    const moved = await waitFor(async () => {
      const running = await runningPods(c, 'web')
      return running.length === 6 && running.every((p) => p.spec?.nodeName !== victim) ? running : undefined
    }, 'six running web pods off the victim', 20_000)
    expect(moved.length).toBe(6)
    expect(c.clock.now() - offAt).toBeGreaterThanOrEqual(300_000)
    const evictions = (await c.client.resource<Event>(eventsGVR).list('default')).items.filter((e) => e.reason === 'TaintManagerEviction')
    expect(evictions.map((e) => e.message).sort()).toEqual(stranded.map((n) => `Marking for deletion Pod default/${n}`).sort())

    await setPower(c, victim, 'on')
    await waitFor(async () => {
      const n = await node(c, victim)
      return readyStatus(n) === 'True' && n.spec?.taints === undefined
    }, 'the victim Ready and untainted again', 20_000)
  })
})

function readyStatus(n: Node): string | undefined {
  return n.status?.conditions?.find((cond) => cond.type === 'Ready')?.status
}
