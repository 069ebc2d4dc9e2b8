import type { Event, Node, Pod } from 'kubernetes-types/core/v1'
import { afterEach, describe, expect, it } from 'vitest'
import { Cluster } from '../../../main/cluster/cluster'
import { waitFor } from '../../support/wait'
import { gvr } from './replica-helpers'

const nodesGVR = { group: '', version: 'v1', resource: 'nodes' }

async function nodeEvents(cluster: Cluster, node: string): Promise<Event[]> {
  const list = await cluster.client.resource<Event>(gvr.events).list('default')
  return list.items.filter((e) => e.involvedObject.kind === 'Node' && e.involvedObject.name === node)
}

/**
 * What kube-controller-manager's node-controller and taint-eviction-controller
 * say and write besides the taints: RegisteredNode and RemovingNode
 * (RecordNodeEvent's `Node <name> event: ...`), and DisruptionTarget on the
 * pods the taint manager deletes (addConditionAndDeletePod).
 */
describe('node lifecycle controller: events and the disruption condition', () => {
  let cluster: Cluster | undefined
  afterEach(async () => {
    await cluster?.stop()
    cluster = undefined
  })

  it('registers each node once and says when one is removed', async () => {
    cluster = await Cluster.start({ clock: 'instant' })
    const c = cluster
    for (const name of ['kubelab-control-plane', 'kubelab-worker', 'kubelab-worker2', 'kubelab-worker3']) {
      const registered = await waitFor(async () => (await nodeEvents(c, name)).find((e) => e.reason === 'RegisteredNode'), `RegisteredNode for ${name}`)
      expect(registered).toMatchObject({ type: 'Normal', message: `Node ${name} event: Registered Node ${name} in Controller`, source: { component: 'node-controller' } })
    }
    // Heartbeats do not register a node again.
    await c.clock.sleep(60_000)
    expect((await nodeEvents(c, 'kubelab-worker')).filter((e) => e.reason === 'RegisteredNode')).toHaveLength(1)

    await c.client.resource<Node>(nodesGVR).delete(undefined, 'kubelab-worker3')
    const removing = await waitFor(async () => (await nodeEvents(c, 'kubelab-worker3')).find((e) => e.reason === 'RemovingNode'), 'RemovingNode')
    expect(removing.message).toBe('Node kubelab-worker3 event: Removing Node kubelab-worker3 from Controller')
  })

  it('marks a pod it evicts DisruptionTarget=True (DeletionByTaintManager) before deleting it', async () => {
    cluster = await Cluster.start({ clock: 'instant' })
    const c = cluster
    const pods = c.client.resource<Pod>(gvr.pods)
    // No toleration for the NoExecute taint: evicted at once. A finalizer keeps it readable after the delete.
    await pods.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'victim', namespace: 'default', finalizers: ['example.com/keep'] },
      spec: { nodeName: 'kubelab-worker2', containers: [{ name: 'web', image: 'nginx:1.27' }] }
    })
    await waitFor(async () => (await pods.get('default', 'victim')).status?.phase === 'Running', 'victim Running')
    const nodes = c.client.resource<Node>(nodesGVR)
    const node = structuredClone(await nodes.get(undefined, 'kubelab-worker2'))
    node.spec = { ...node.spec, taints: [{ key: 'example.com/drain', effect: 'NoExecute' }] }
    await nodes.update(node)

    const evicted = await waitFor(async () => {
      const p = await pods.get('default', 'victim')
      return p.metadata?.deletionTimestamp ? p : undefined
    }, 'victim marked for deletion')
    const condition = evicted.status?.conditions?.find((cond) => cond.type === 'DisruptionTarget')
    expect(condition).toMatchObject({ status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' })
    const events = (await c.client.resource<Event>(gvr.events).list('default')).items.filter((e) => e.involvedObject.name === 'victim' && e.reason === 'TaintManagerEviction')
    expect(events.map((e) => e.message)).toEqual(['Marking for deletion Pod default/victim'])

    const released = structuredClone(evicted)
    released.metadata!.finalizers = []
    await pods.update(released)
  })
})
