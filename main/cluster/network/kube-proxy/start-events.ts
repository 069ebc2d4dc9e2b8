import type { Node } from 'kubernetes-types/core/v1'
import { nodeByName, type EventRecorder, type EventSource } from '../../client/event-recorder'

/**
 * kube-proxy's `Starting` event, one per node each time its kube-proxy
 * starts: when the node's kubelet first reports it Ready, and again when it
 * reports it Ready under a new boot id (a reboot, or power coming back), as
 * the DaemonSet pod restarts with its node. (The boot id the Node is created
 * with is replaced by the kubelet's own as it starts, so the first one that
 * counts is the one reported with Ready.) A cluster opened again on its
 * data dir restarts its kubelets, not its machines, nor the kube-proxy pods
 * on them: a Node that is Ready when first seen (read back from the data
 * dir: a new Node never is) is one whose kube-proxy already started for
 * that boot id.
 * kube-proxy records it through events.k8s.io (server.go: reason Starting,
 * action StartKubeProxy, an empty note) about its node by name (nodeByName),
 * as `kube-proxy-<hostname>`; `kubectl describe node` lists it.
 */
export class KubeProxyStartEvents {
  /** The boot id each node's kube-proxy started for. */
  private readonly startedFor = new Map<string, string>()

  constructor(private readonly events: (source: EventSource) => EventRecorder) {}

  /** A node was added (`first`) or changed: records Starting when it is Ready under a boot id its kube-proxy has not started for. */
  seen(node: Node, first: boolean): void {
    const name = node.metadata?.name
    const bootID = node.status?.nodeInfo?.bootID
    if (!name || !bootID || this.startedFor.get(name) === bootID) return
    if (!node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) return
    this.startedFor.set(name, bootID)
    if (first) return
    const recorder = this.events({ component: 'kube-proxy', instance: `kube-proxy-${name}` })
    recorder.event(nodeByName(name), 'Normal', 'Starting', '', { action: 'StartKubeProxy' })
  }

  forget(name: string): void {
    this.startedFor.delete(name)
  }
}
