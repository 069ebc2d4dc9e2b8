import type { Node, Pod } from 'kubernetes-types/core/v1'
import { type Cidr, parseCidr } from './ipv4'

/** What the network model needs to know of a Node: its name, NIC address and pod range. */
export interface NodeFacts {
  name: string
  /** The InternalIP (eth0); undefined until the kubelet reported it. */
  ip?: string
  /** spec.podCIDR as given by the node IPAM controller; undefined until allocated. */
  podCIDR?: string
  cidr?: Cidr
}

export function nodeFacts(node: Node): NodeFacts {
  const podCIDR = node.spec?.podCIDR
  return {
    name: node.metadata?.name ?? '',
    ip: node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address,
    podCIDR,
    cidr: podCIDR ? parseCidr(podCIDR) : undefined
  }
}

/** Whether a pod has its own network namespace on the node's bridge (a veth), as opposed to hostNetwork pods. */
export function hasPodNetwork(pod: Pod): boolean {
  return !pod.spec?.hostNetwork && !!pod.status?.podIP
}
