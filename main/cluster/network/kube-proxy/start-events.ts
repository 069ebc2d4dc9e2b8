import type { Node } from 'kubernetes-types/core/v1'
import { nodeByName, type EventRecorder, type EventSource } from '../../client/event-recorder'

/**
 * kube-proxy's `Starting` event, one per node each time its kube-proxy
 * starts: when the node's kubelet first reports it Ready, and again when it
 * reports it Ready under a new boot id (a reboot, or power coming back), as
 * the DaemonSet pod restarts with its node. (The boot id the Node is created
 * with is replaced by the kubelet's own as it starts, so the first one that
 * counts is the one reported with Ready.) A Node read back from the data
 * dir when the cluster starts again still says Ready under the boot id
 * before the restart: until its kubelet heartbeats after `since`, it is not
 * Ready for this purpose (else that boot and the new one each got one).
 * kube-proxy records it through events.k8s.io (server.go: reason Starting,
 * action StartKubeProxy, an empty note) about its node by name (nodeByName),
 * as `kube-proxy-<hostname>`; `kubectl describe node` lists it.
 */
export class KubeProxyStartEvents {
  /** The boot id each node's kube-proxy started for. */
  private readonly startedFor = new Map<string, string>()

  /** The whole second the component started in (heartbeat times have seconds). */
  private readonly since: number

  constructor(
    private readonly events: (source: EventSource) => EventRecorder,
    startedAt: number
  ) {
    this.since = Math.floor(startedAt / 1000) * 1000
  }

  /** A node was added or changed: records Starting when it is Ready under a boot id its kube-proxy has not started for. */
  seen(node: Node): void {
    const name = node.metadata?.name
    const bootID = node.status?.nodeInfo?.bootID
    if (!name || !bootID || this.startedFor.get(name) === bootID) return
    const ready = node.status?.conditions?.find((c) => c.type === 'Ready')
    if (ready?.status !== 'True' || !(Date.parse(ready.lastHeartbeatTime ?? '') >= this.since)) return
    this.startedFor.set(name, bootID)
    const recorder = this.events({ component: 'kube-proxy', instance: `kube-proxy-${name}` })
    recorder.event(nodeByName(name), 'Normal', 'Starting', '', { action: 'StartKubeProxy' })
  }

  forget(name: string): void {
    this.startedFor.delete(name)
  }
}
