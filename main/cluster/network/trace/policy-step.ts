import type { Pod } from 'kubernetes-types/core/v1'
import type { PolicyEvaluator, PolicyPeer } from './ports'
import type { Addresses, TraceBuilder } from './trace-builder'

/**
 * NetworkPolicy at one end of the connection: egress on the sending pod's
 * node, ingress on the receiving pod's. A denial names the policies that
 * select the pod in that direction.
 */
export function checkPolicy(
  policy: PolicyEvaluator | undefined,
  t: TraceBuilder,
  direction: 'ingress' | 'egress',
  pod: Pod,
  peer: PolicyPeer,
  port: number,
  protocol: string,
  node: string,
  device: string,
  at: Addresses
): void {
  if (!policy) return
  const decision = direction === 'ingress' ? policy.ingress(pod, peer, port, protocol) : policy.egress(pod, peer, port, protocol)
  if (decision.allowed) return
  const name = `${pod.metadata?.namespace}/${pod.metadata?.name}`
  const names = decision.selectedBy.join(', ')
  const plural = decision.selectedBy.length === 1 ? 'NetworkPolicy' : 'NetworkPolicies'
  const other = peer.pod ? `pod ${peer.pod.metadata?.namespace}/${peer.pod.metadata?.name} (${peer.ip})` : peer.ip
  const what = direction === 'ingress' ? `ingress to pod ${name} from ${other}` : `egress from pod ${name} to ${other}`
  t.drop(
    node,
    device,
    'Pod',
    at,
    `${plural} ${names} (${direction === 'ingress' ? 'Ingress' : 'Egress'}): no rule allows ${port}/${protocol}`,
    `${plural} ${names} select${decision.selectedBy.length === 1 ? 's' : ''} pod ${name} for ${direction} and no rule allows ${what} on ${port}/${protocol}, so the packet is dropped.`
  )
}
