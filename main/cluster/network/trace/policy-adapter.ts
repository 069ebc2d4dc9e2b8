import type { Pod } from 'kubernetes-types/core/v1'
import { evaluateDirection, type PolicySource } from '../network-policy'
import type { NetworkIndex } from './network-index'
import type { PolicyEvaluator } from './ports'

/** NetworkPolicy's source of policies and namespace labels, from the trace engine's index. */
export function indexPolicySource(index: NetworkIndex): PolicySource {
  return {
    policiesIn: (namespace) => index.networkPolicies(namespace),
    namespaceLabels: (namespace) => {
      const ns = index.namespace(namespace)
      return ns ? (ns.metadata?.labels ?? {}) : undefined
    }
  }
}

/** The trace engine's policy questions answered by network-policy's evaluation, one direction at a time. */
export function policyEvaluator(index: NetworkIndex): PolicyEvaluator {
  const source = indexPolicySource(index)
  const subject = (pod: Pod): boolean => !pod.spec?.hostNetwork
  return {
    ingress(pod, peer, port, protocol) {
      if (!subject(pod)) return { allowed: true, selectedBy: [], reason: 'host-network pods are not subject to NetworkPolicy' }
      if (!peer.pod && peer.node && peer.node === pod.spec?.nodeName) return { allowed: true, selectedBy: [], reason: `traffic from the pod's own node ${peer.node} is always allowed` }
      return evaluateDirection('Ingress', pod, { ip: peer.ip, pod: peer.pod, node: peer.node }, port, protocol, pod, source)
    },
    egress(pod, peer, port, protocol) {
      if (!subject(pod)) return { allowed: true, selectedBy: [], reason: 'host-network pods are not subject to NetworkPolicy' }
      return evaluateDirection('Egress', pod, { ip: peer.ip, pod: peer.pod, node: peer.node }, port, protocol, peer.pod, source)
    }
  }
}
