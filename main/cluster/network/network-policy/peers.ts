import ipaddr from 'ipaddr.js'
import type { Pod } from 'kubernetes-types/core/v1'
import type { NetworkPolicyPeer, NetworkPolicyPort } from 'kubernetes-types/networking/v1'
import { labelSelectorFromObject, type Selector } from '../../apimachinery/label-selector'
import type { LabelSelector } from 'kubernetes-types/meta/v1'
import type { PolicyEndpoint, PolicySource } from './types'

/**
 * Whether one peer of a rule (an entry of `from` or `to`) matches the other
 * end of the connection, and whether a rule's ports match its port:
 * - podSelector alone: pods in the policy's namespace;
 * - namespaceSelector alone: every pod in the selected namespaces;
 * - both in one peer: pods matching podSelector in the selected namespaces (AND);
 * - ipBlock: the address in `cidr` and in none of `except`.
 */

/** Parsed selectors by the selector object: policies are evaluated often and change rarely. */
const parsed = new WeakMap<LabelSelector, Selector>()

/** The Selector of a policy's label selector, parsed once per object. */
export function selectorOf(sel: LabelSelector): Selector {
  let selector = parsed.get(sel)
  if (!selector) parsed.set(sel, (selector = labelSelectorFromObject(sel)))
  return selector
}

function inCidr(ip: string, cidr: string): boolean {
  try {
    const addr = ipaddr.parse(ip)
    const range = ipaddr.parseCIDR(cidr)
    return addr.kind() === range[0].kind() && addr.match(range)
  } catch {
    return false
  }
}

export function peerMatches(peer: NetworkPolicyPeer, policyNamespace: string, other: PolicyEndpoint, source: PolicySource): boolean {
  if (peer.ipBlock) {
    if (!inCidr(other.ip, peer.ipBlock.cidr)) return false
    return !(peer.ipBlock.except ?? []).some((cidr) => inCidr(other.ip, cidr))
  }
  const pod = other.pod
  if (!pod || pod.spec?.hostNetwork) return false
  if (!peer.podSelector && !peer.namespaceSelector) return false
  const podNamespace = pod.metadata?.namespace ?? 'default'
  if (peer.namespaceSelector) {
    const labels = source.namespaceLabels(podNamespace)
    if (!labels || !selectorOf(peer.namespaceSelector).matches(labels)) return false
  } else if (podNamespace !== policyNamespace) {
    return false
  }
  return !peer.podSelector || selectorOf(peer.podSelector).matches(pod.metadata?.labels ?? {})
}

/**
 * Whether a rule's ports allow `port`/`protocol` on `target` (the pod whose
 * containerPorts name the port: the receiver for ingress and egress alike).
 * No ports: every port. A named port matches when the target pod declares a
 * containerPort of that name and protocol with that number.
 */
export function portsMatch(ports: readonly NetworkPolicyPort[] | undefined, port: number, protocol: string, target: Pod | undefined): boolean {
  if (!ports?.length) return true
  return ports.some((p) => {
    if ((p.protocol ?? 'TCP') !== protocol) return false
    if (p.port === undefined) return true
    if (typeof p.port === 'number') return p.endPort !== undefined ? port >= p.port && port <= p.endPort : port === p.port
    const named = (target?.spec?.containers ?? []).flatMap((c) => c.ports ?? []).find((cp) => cp.name === p.port && (cp.protocol ?? 'TCP') === protocol)
    return named?.containerPort === port
  })
}
