import type { Pod } from 'kubernetes-types/core/v1'
import type { Cluster } from '../cluster/cluster'
import { logContainer } from '../cluster/apiserver/streaming/pod-container'
import { createNodeProxy } from '../cluster/node/node-proxy'
import type { NodeProxy } from '../cluster/apiserver/node-proxy'
import type { Emit } from './feeds'

/**
 * `kubectl logs [-f]` for the UI: the container is picked and checked as the
 * API's pods/log does, and the log comes from the pod's node (the simulated
 * kubelet's container logs in the world), as kube-apiserver fetches it from
 * the kubelet. Following pushes `pods/log-lines` events for the follow's id
 * until the container stops or the renderer stops following.
 */

const pods = { group: '', version: 'v1', resource: 'pods' }
/** Follows kept at once: a renderer that never says stop cannot pile them up. */
const maxFollows = 16

export interface LogRequest {
  namespace: string
  name: string
  container?: string
  previous?: boolean
  tailLines?: number
}

export class PodLogs {
  private readonly nodes: NodeProxy
  private readonly follows = new Map<number, () => void>()
  private nextId = 1

  constructor(
    private readonly cluster: Cluster,
    private readonly emit: () => Emit | undefined
  ) {
    this.nodes = createNodeProxy(cluster.world, cluster.clock)
  }

  /** The log so far; empty for a pod on no node yet. Throws the API's Status (unknown container, no previous instance...). */
  async read(request: LogRequest): Promise<{ container: string; text: string }> {
    const { pod, container } = await this.target(request)
    if (!pod.spec?.nodeName) return { container, text: '' }
    const log = this.nodes.containerLogs(pod, container, { previous: request.previous, tailLines: request.tailLines })
    return { container, text: log.text }
  }

  /** The log so far, then its new text as `pods/log-lines` events under the returned id. */
  async follow(request: LogRequest): Promise<{ id: number; container: string; text: string }> {
    const { pod, container } = await this.target(request)
    const id = this.nextId++
    const send = (text: string, ended?: boolean): void => this.emit()?.('pods/log-lines', { id, text, ...(ended ? { ended: true } : {}) })
    if (!pod.spec?.nodeName) {
      queueMicrotask(() => send('', true))
      return { id, container, text: '' }
    }
    const log = this.nodes.containerLogs(pod, container, { follow: true, tailLines: request.tailLines })
    if (!log.follow) {
      queueMicrotask(() => send('', true))
      return { id, container, text: log.text }
    }
    if (this.follows.size >= maxFollows) this.stop(this.follows.keys().next().value!)
    const stop = log.follow(
      (text) => send(text),
      () => {
        this.follows.delete(id)
        send('', true)
      }
    )
    this.follows.set(id, stop)
    return { id, container, text: log.text }
  }

  stop(id: number): void {
    this.follows.get(id)?.()
    this.follows.delete(id)
  }

  stopAll(): void {
    for (const id of [...this.follows.keys()]) this.stop(id)
  }

  private async target(request: LogRequest): Promise<{ pod: Pod; container: string }> {
    const pod = (await this.cluster.client.resource(pods).get(request.namespace, request.name)) as unknown as Pod
    return { pod, container: logContainer(pod, request.container ?? null) }
  }
}
