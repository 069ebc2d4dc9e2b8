/**
 * Serve mode's pieces in the benchmark's own process (as main/serve.ts wires
 * them: cluster, UI server, WebSocket transport, feeds), so the event-loop
 * delay measured here is the main process's. A gate on the pushed deltas can
 * hold them and send what gathered as one batch (each object once, at its latest, as the feed batches it): the benchmark's "one delta
 * of 1,000 changed pods". The cluster runs every component but the
 * simulated nodes, on a manual clock: fake-kubelet.ts plays the kubelets.
 */
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import type { Pod } from 'kubernetes-types/core/v1'
import { Cluster } from '../../../main/cluster/cluster'
import { defaultComponents } from '../../../main/cluster/components'
import { nodesComponent } from '../../../main/cluster/node'
import { startUiServer } from '../../../main/ipc/ui-server'
import { attachWsTransport } from '../../../main/ipc/ws-transport'
import { createHandlers } from '../../../main/ipc/handlers'
import { startFeeds, type Emit } from '../../../main/ipc/feeds'
import type { Events, WatchDelta } from '../../../preload/contract'
import { registerFakeNodes } from './fake-kubelet'

export interface UiCluster {
  cluster: Cluster
  url: string
  /** Each node's InternalIP (the fake nodes, control plane included). */
  nodeIPs: Map<string, string>
  /** Holds pushed deltas until `pods` pod deltas have gathered, then sends them as one batch; resolves with when it was sent and the batch's revision. */
  gatherOneBatch(pods: number): Promise<{ sentAt: number; deltas: number; revision: number }>
  /** How long each watch/deltas batch held the event loop to encode and send (ms; a large one is encoded over several turns, event-encoding.ts), since the last call. */
  takeSendTimes(): number[]
  stop(): Promise<void>
}

export async function startUiCluster(dataDir: string, workers: number): Promise<UiCluster> {
  const cluster = await Cluster.start({
    dataDir,
    config: { name: 'bench', workers: 0 },
    clock: 'manual',
    apiPort: 0,
    components: defaultComponents.filter((c) => c !== nodesComponent)
  })
  const nodeIPs = await registerFakeNodes(cluster, 'bench', workers)
  const server = await startUiServer(join(process.cwd(), 'out', 'renderer'), 0)
  const token = randomBytes(24).toString('hex')
  let gate: { wanted: number; held: Map<string, WatchDelta>; revision: number; done: (r: { sentAt: number; deltas: number; revision: number }) => void } | undefined
  const transport: ReturnType<typeof attachWsTransport> = attachWsTransport(server.server, token, createHandlers(cluster, { emit: () => transport.emit }))
  let sendTimes: number[] = []
  const send: Emit = (channel, payload) => {
    const started = performance.now()
    transport.emit(channel, payload)
    if (channel === 'watch/deltas') sendTimes.push(performance.now() - started)
  }
  const emit: Emit = (channel, payload) => {
    if (channel !== 'watch/deltas' || !gate) return send(channel, payload)
    const batch = payload as Events['watch/deltas']
    // What the feed would have sent had these batches been one: each object's latest state, in revision order.
    for (const delta of batch.deltas) {
      const id = `${delta.resource} ${delta.object.metadata.namespace ?? ''}/${delta.object.metadata.name}`
      gate.held.delete(id)
      gate.held.set(id, delta)
    }
    gate.revision = batch.revision
    if ([...gate.held.values()].filter((d) => d.resource === 'pods').length < gate.wanted) return
    const { held, revision, done } = gate
    gate = undefined
    send('watch/deltas', { revision, deltas: [...held.values()] })
    done({ sentAt: performance.now(), deltas: held.size, revision })
  }
  const feeds = startFeeds(cluster, emit)
  return {
    cluster,
    nodeIPs,
    url: `${server.url}/?token=${token}&e2e`,
    takeSendTimes: () => {
      const taken = sendTimes
      sendTimes = []
      return taken
    },
    gatherOneBatch: (pods) => new Promise((resolve) => (gate = { wanted: pods, held: new Map(), revision: 0, done: resolve })),
    stop: async () => {
      feeds.stop()
      transport.close()
      await server.close()
      await cluster.stop()
    }
  }
}

/** A bare pod already bound to a node (the scheduler's work is not what this benchmark measures). */
export function boundPod(name: string, namespace: string, app: string, nodeName: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: { app } },
    spec: { nodeName, containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }], resources: { requests: { cpu: '10m', memory: '16Mi' } } }] }
  }
}

/** Runs `work` over `items` with at most `width` in flight. */
export async function inParallel<T>(items: readonly T[], width: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await work(items[next++])
  }))
}
