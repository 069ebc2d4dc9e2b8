import type { DaemonSet, ReplicaSet } from 'kubernetes-types/apps/v1'
import type { Node, Pod } from 'kubernetes-types/core/v1'
import { afterEach, describe, expect, it } from 'vitest'
import { Cluster } from '../../../main/cluster/cluster'
import type { GroupVersionResource } from '../../../main/cluster/apimachinery/types'
import { SharedInformerFactory } from '../../../main/cluster/client/informer-factory'
import type { Client, ResourceClient, WatchEvent } from '../../../main/cluster/client/types'
import type { ComponentFactory } from '../../../main/cluster/component'
import { daemonSetComponent } from '../../../main/cluster/controllers/daemonset'
import { replicaSetComponent } from '../../../main/cluster/controllers/replica-set'
import { waitFor } from '../../support/wait'
import { activePods, gvr, replicaSet } from './replica-helpers'

/**
 * A controller whose pod informer lags behind its own writes: pod watch
 * events wait behind a gate until the test releases them, as a busy
 * apiserver or a slow watch would deliver them late. Expectations must keep
 * the controller from creating again what it created already.
 */
class PodWatchGate {
  private held: Array<() => void> | undefined

  hold(): void {
    this.held ??= []
  }

  release(): void {
    const held = this.held ?? []
    this.held = undefined
    for (const deliver of held) deliver()
  }

  /** The component, with informers of its own over a client whose pod watches pass the gate. */
  wrap(factory: ComponentFactory): ComponentFactory {
    return (ctx) => {
      const informers = new SharedInformerFactory({ client: this.client(ctx.client), clock: ctx.clock, logger: ctx.logger })
      const component = factory({ ...ctx, informers })
      return {
        name: component.name,
        start: () => component.start(),
        async stop() {
          await component.stop()
          informers.stop()
        }
      }
    }
  }

  private client(client: Client): Client {
    return {
      bind: (binding) => client.bind(binding),
      finalizeNamespace: (namespace) => client.finalizeNamespace(namespace),
      resource: <T,>(gvr: GroupVersionResource): ResourceClient<T> => {
        const inner = client.resource<T>(gvr)
        if (gvr.resource !== 'pods') return inner
        return {
          get: (namespace, name) => inner.get(namespace, name),
          list: (namespace, options) => inner.list(namespace, options),
          create: (object, options) => inner.create(object, options),
          update: (object, options) => inner.update(object, options),
          updateStatus: (object, options) => inner.updateStatus(object, options),
          delete: (namespace, name, options) => inner.delete(namespace, name, options),
          watch: (namespace, options, onEvent) =>
            inner.watch(namespace, options, (event: WatchEvent<T>) => (this.held ? this.held.push(() => onEvent(event)) : onEvent(event)))
        }
      }
    }
  }
}

const dsGVR = { group: 'apps', version: 'v1', resource: 'daemonsets' }
const nodesGVR = { group: '', version: 'v1', resource: 'nodes' }

describe('expectations: a lagging pod informer does not make a controller create twice', () => {
  let cluster: Cluster | undefined
  afterEach(async () => {
    await cluster?.stop()
    cluster = undefined
  })

  it('a ReplicaSet synced again before its pods reach the informer creates none more', async () => {
    const gate = new PodWatchGate()
    cluster = await Cluster.start({ clock: 'instant', components: [gate.wrap(replicaSetComponent)] })
    const sets = cluster.client.resource<ReplicaSet>(gvr.rss)
    gate.hold()
    await sets.create(replicaSet('lag', 3))
    await waitFor(async () => (await activePods(cluster!, 'lag')).length === 3, 'three pods created')
    // A spec change syncs the ReplicaSet again; its status (observedGeneration 2) shows the sync ran, on a cache with no pods.
    const current = await sets.get('default', 'lag')
    await sets.update({ ...current, spec: { ...current.spec!, minReadySeconds: 1 } })
    await waitFor(async () => (await sets.get('default', 'lag')).status?.observedGeneration === 2, 'a sync of generation 2')
    expect(await activePods(cluster, 'lag')).toHaveLength(3)
    gate.release()
    await waitFor(async () => (await sets.get('default', 'lag')).status?.replicas === 3, 'status counting the three pods')
    expect(await activePods(cluster, 'lag')).toHaveLength(3)
  })

  it('a DaemonSet synced again before its pods reach the informer creates none more', async () => {
    const gate = new PodWatchGate()
    cluster = await Cluster.start({ clock: 'instant', components: [gate.wrap(daemonSetComponent)] })
    const nodes = cluster.client.resource<Node>(nodesGVR)
    for (const name of ['lag-1', 'lag-2']) await nodes.create({ apiVersion: 'v1', kind: 'Node', metadata: { name } })
    const sets = cluster.client.resource<DaemonSet>(dsGVR)
    const pods = async () => (await cluster!.client.resource<Pod>(gvr.pods).list('default', { labelSelector: 'app=agent' })).items
    gate.hold()
    await sets.create({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent', namespace: 'default' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'agent', image: 'busybox:1.36' }] } }
      }
    })
    await waitFor(async () => (await pods()).length === 2, 'a pod per node')
    // minReadySeconds changes the generation, not the template: nothing to roll, only a sync on a cache with no pods.
    const current = await sets.get('default', 'agent')
    await sets.update({ ...current, spec: { ...current.spec!, minReadySeconds: 1 } })
    await waitFor(async () => (await sets.get('default', 'agent')).status?.observedGeneration === 2, 'a sync of generation 2')
    expect(await pods()).toHaveLength(2)
    gate.release()
    await waitFor(async () => (await sets.get('default', 'agent')).status?.currentNumberScheduled === 2, 'status counting both pods')
    expect(await pods()).toHaveLength(2)
  })
})
