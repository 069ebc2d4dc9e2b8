import type { Node } from 'kubernetes-types/core/v1'
import { NodeImages, kindPreloadedImages } from './kubelet/images'
import { defaultNodeLabels, registrationAnnotations } from './kubelet/node-info'
import { buildNodeStatus } from './kubelet/node-status'

/**
 * The nodes `kind create cluster` makes: `<cluster>-control-plane` (labelled
 * and tainted by kubeadm) and workers `<cluster>-worker`, `<cluster>-worker2`,
 * and so on, each registered the way its kubelet registers it.
 */

/** What a kind node is for. */
export type NodeRole = 'control-plane' | 'worker'

/** One node of a new kind cluster. */
export interface KindNode {
  /** `kubelab-control-plane`, `kubelab-worker2`... */
  name: string
  /** Control planes get kubeadm's label, taint and static pods. */
  role: NodeRole
}

/** kubeadm's role label (empty value) and taint key on control-plane nodes. */
export const controlPlaneLabel = 'node-role.kubernetes.io/control-plane'

/** The nodes of a new cluster, control plane first. */
export function kindNodes(cluster: string, workers: number): KindNode[] {
  const nodes: KindNode[] = [{ name: `${cluster}-control-plane`, role: 'control-plane' }]
  for (let i = 1; i <= workers; i++) nodes.push({ name: `${cluster}-worker${i === 1 ? '' : i}`, role: 'worker' })
  return nodes
}

/**
 * The Node a kind node's kubelet registers: kubelet labels, kubeadm's role
 * label, taint and annotations, kind's providerID, and the status of a
 * machine whose conditions the kubelet has yet to report.
 */
export function kindNodeObject(node: KindNode, cluster: string, internalIP: string, bootID: string, now: string): Node {
  const labels = defaultNodeLabels(node.name)
  if (node.role === 'control-plane') {
    labels[controlPlaneLabel] = ''
    labels['node.kubernetes.io/exclude-from-external-load-balancers'] = ''
  }
  const registered: Node = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: node.name, labels, annotations: { ...registrationAnnotations } },
    spec: {
      providerID: `kind://docker/${cluster}/${node.name}`,
      ...(node.role === 'control-plane' ? { taints: [{ key: controlPlaneLabel, effect: 'NoSchedule' }] } : {})
    }
  }
  const { status } = buildNodeStatus(registered, { internalIP, bootID, networkReady: false, images: new NodeImages(kindPreloadedImages).list() }, now)
  // The kubelet reports conditions itself, with the events that go with them.
  delete status.conditions
  return { ...registered, status } as Node
}
