import type { Cluster } from '../cluster/cluster'
import { badRequest, isConflict } from '../cluster/apimachinery/errors'
import type { KubeObject } from '../cluster/apimachinery/types'
import type { CallChannel, Calls, ClockState, KubeObject as ContractObject } from '../../preload/contract'
import { applyYaml } from './apply'
import { patchObject } from './patch'
import { addNode, nodeAction } from './node-actions'
import { PodLogs } from './pod-logs'
import { proxyRules } from './proxy-rules'
import { tracePacket } from './packet-trace'
import type { Emit } from './feeds'
import { forRenderer } from './for-renderer'
import { lessonHandlers } from './lessons'

/** The implementation of every contract call, shared by both transports (Electron IPC, WebSocket). */
export type Handlers = { [C in CallChannel]: (...args: Calls[C]['args']) => Promise<Calls[C]['result']> }

/** Scale writes race the controllers that update the same object's status: retry a stale read this often. */
const scaleRetries = 3

/** Where calls that push events (log follows) send them: the transport's emit, known once it exists. */
export interface HandlerOptions {
  emit?: () => Emit | undefined
}

export function createHandlers(cluster: Cluster, options: HandlerOptions = {}): Handlers {
  const logs = new PodLogs(cluster, options.emit ?? (() => undefined))
  const clockState = (): ClockState => cluster.clock.state()
  const asContract = (o: KubeObject): ContractObject => o as ContractObject

  return {
    'cluster/info': async () => ({
      name: cluster.config.name,
      dataDir: cluster.dataDir ?? '',
      revision: cluster.store.revision,
      now: cluster.clock.now(),
      network: { nodeCIDR: cluster.config.network.nodeCIDR, podCIDR: cluster.config.network.podCIDR, serviceCIDR: cluster.config.network.serviceCIDR },
      ...(cluster.apiServer?.kubeconfigPath ? { kubeconfigPath: cluster.apiServer.kubeconfigPath } : {}),
      ...(cluster.apiServer ? { apiUrl: cluster.apiServer.url } : {})
    }),

    'resources/list': async () =>
      cluster.resources.registry.definitions.map((d) => ({
        group: d.group,
        version: d.version,
        kind: d.kind,
        plural: d.plural,
        namespaced: d.namespaced,
        shortNames: [...d.shortNames],
        scalable: !!d.scale
      })),

    'objects/list': async ({ gvr, namespace }) => {
      const list = await cluster.client.resource(gvr).list(namespace || undefined)
      return { resourceVersion: list.metadata.resourceVersion ?? String(cluster.store.revision), items: list.items.map((o) => asContract(forRenderer(o))) }
    },

    'objects/get': async ({ gvr, namespace, name }) => asContract(await cluster.client.resource(gvr).get(namespace || undefined, name)),

    'objects/apply': async ({ yaml, namespace }) => applyYaml(cluster, yaml, namespace || 'default'),

    'objects/delete': async ({ gvr, namespace, name, propagationPolicy }) =>
      asContract(await cluster.client.resource(gvr).delete(namespace || undefined, name, propagationPolicy ? { propagationPolicy } : {})),

    'objects/scale': async ({ gvr, namespace, name, replicas }) => {
      const def = cluster.resources.registry.gvr(gvr)
      if (!def?.scale) throw badRequest(`${gvr.resource} have no scale subresource`)
      const client = cluster.client.resource(gvr)
      for (let attempt = 0; ; attempt++) {
        const current = structuredClone(await client.get(namespace, name)) as KubeObject
        setAt(current, def.scale.specReplicasPath, replicas)
        try {
          return asContract(await client.update(current))
        } catch (e) {
          if (!isConflict(e) || attempt >= scaleRetries) throw e
        }
      }
    },

    'objects/patch': async (request) => asContract(await patchObject(cluster, request)),

    'nodes/action': async ({ node, action }) => {
      const done = await nodeAction(cluster, node, action)
      return { node: asContract(done.node), ...(done.drain ? { drain: done.drain } : {}) }
    },

    'nodes/add': async ({ name }) => asContract(await addNode(cluster, name)),

    'pods/logs': async (request) => logs.read(request),

    'pods/logs-follow': async (request) => logs.follow(request),

    'pods/logs-stop': async ({ id }) => logs.stop(id),

    'network/proxy-rules': async ({ node, service }) => proxyRules(cluster, node, service),

    'network/trace': async (request) => tracePacket(cluster, request),

    'clock/state': async () => clockState(),

    'clock/set': async ({ paused, speed }) => {
      if (speed !== undefined) cluster.clock.setSpeed(speed)
      if (paused === true) cluster.clock.pause()
      if (paused === false) cluster.clock.resume()
      return clockState()
    },

    'clock/step': async ({ ms }) => {
      await cluster.clock.step(ms)
      return clockState()
    },

    ...lessonHandlers(cluster, options.emit ?? (() => undefined))
  }
}

/** Sets a value at a simple JSON path such as `.spec.replicas`, creating objects on the way. */
function setAt(obj: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.').filter(Boolean)
  let cur = obj
  for (const part of parts.slice(0, -1)) {
    if (cur[part] === null || typeof cur[part] !== 'object') cur[part] = {}
    cur = cur[part] as Record<string, unknown>
  }
  cur[parts[parts.length - 1]] = value
}
