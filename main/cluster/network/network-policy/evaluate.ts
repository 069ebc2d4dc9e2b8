import type { Pod } from 'kubernetes-types/core/v1'
import type { NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort } from 'kubernetes-types/networking/v1'
import { peerMatches, portsMatch, selectorOf } from './peers'
import type { DirectionVerdict, PolicyConnection, PolicyEndpoint, PolicySource, PolicyVerdict } from './types'

type Direction = 'Ingress' | 'Egress'

/** The empty selector (every pod), for a policy stored without podSelector. */
const everything = {}

/** spec.policyTypes as the API defaults it: Ingress always, Egress when spec.egress has rules. */
export function policyTypesOf(policy: NetworkPolicy): Direction[] {
  const given = policy.spec?.policyTypes
  if (given?.length) return given as Direction[]
  return policy.spec?.egress?.length ? ['Ingress', 'Egress'] : ['Ingress']
}

function policyName(p: NetworkPolicy): string {
  return `${p.metadata?.namespace ?? 'default'}/${p.metadata?.name ?? ''}`
}

/** The policies in the pod's namespace that select it for a direction, by name. */
export function selectingPolicies(pod: Pod, direction: Direction, source: PolicySource): NetworkPolicy[] {
  const namespace = pod.metadata?.namespace ?? 'default'
  return source
    .policiesIn(namespace)
    .filter((p) => policyTypesOf(p).includes(direction) && selectorOf(p.spec?.podSelector ?? everything).matches(pod.metadata?.labels ?? {}))
    .sort((a, b) => (policyName(a) < policyName(b) ? -1 : 1))
}

/**
 * One direction for one pod: `pod` is the policies' subject, `peer` the
 * other end, and `target` the pod whose named ports apply (the receiver).
 */
export function evaluateDirection(
  direction: Direction,
  pod: Pod,
  peer: PolicyEndpoint,
  port: number,
  protocol: string,
  target: Pod | undefined,
  source: PolicySource
): DirectionVerdict {
  const podName = `${pod.metadata?.namespace ?? 'default'}/${pod.metadata?.name ?? ''}`
  const policies = selectingPolicies(pod, direction, source)
  const selectedBy = policies.map(policyName)
  if (!policies.length) {
    return { direction, allowed: true, isolated: false, selectedBy, reason: `no NetworkPolicy selects pod ${podName} for ${direction.toLowerCase()}` }
  }
  for (const policy of policies) {
    const namespace = policy.metadata?.namespace ?? 'default'
    const spec = policy.spec
    const rules: { peers?: NetworkPolicyPeer[]; ports?: NetworkPolicyPort[] }[] =
      direction === 'Ingress' ? (spec?.ingress ?? []).map((r) => ({ peers: r.from, ports: r.ports })) : (spec?.egress ?? []).map((r) => ({ peers: r.to, ports: r.ports }))
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i]
      const peerList = rule.peers ?? []
      const peerOk = !peerList.length || peerList.some((p) => peerMatches(p, namespace, peer, source))
      if (!peerOk || !portsMatch(rule.ports, port, protocol, target)) continue
      const field = direction === 'Ingress' ? 'ingress' : 'egress'
      return {
        direction,
        allowed: true,
        isolated: true,
        selectedBy,
        allowedBy: { policy: policyName(policy), direction, rule: i },
        reason: `NetworkPolicy ${policyName(policy)} allows it (${field} rule ${i})`
      }
    }
  }
  const names = selectedBy.join(', ')
  return {
    direction,
    allowed: false,
    isolated: true,
    selectedBy,
    reason: `pod ${podName} is isolated for ${direction.toLowerCase()} by NetworkPolicy ${names} and no ${direction.toLowerCase()} rule allows ${protocol}/${port} ${direction === 'Ingress' ? 'from' : 'to'} ${peer.ip}`
  }
}

/** Whether a pod is subject to NetworkPolicy (hostNetwork pods are not). */
function subject(end: PolicyEndpoint): Pod | undefined {
  return end.pod && !end.pod.spec?.hostNetwork ? end.pod : undefined
}

/** A connection: the sender's egress, then the receiver's ingress; both must allow it. */
export function evaluateConnection(conn: PolicyConnection, source: PolicySource): PolicyVerdict {
  const sender = subject(conn.from)
  const receiver = subject(conn.to)
  const egress = sender ? evaluateDirection('Egress', sender, conn.to, conn.port, conn.protocol, receiver, source) : undefined
  let ingress: DirectionVerdict | undefined
  if (receiver) {
    if (!sender && conn.from.node && conn.from.node === receiver.spec?.nodeName) {
      ingress = {
        direction: 'Ingress',
        allowed: true,
        isolated: selectingPolicies(receiver, 'Ingress', source).length > 0,
        selectedBy: selectingPolicies(receiver, 'Ingress', source).map(policyName),
        reason: `traffic from the pod's own node ${conn.from.node} is always allowed`
      }
    } else {
      ingress = evaluateDirection('Ingress', receiver, conn.from, conn.port, conn.protocol, receiver, source)
    }
  }
  const deniedBy = egress && !egress.allowed ? egress : ingress && !ingress.allowed ? ingress : undefined
  const reason = deniedBy
    ? deniedBy.reason
    : [egress, ingress]
        .filter((v): v is DirectionVerdict => !!v)
        .map((v) => v.reason)
        .join('; ') || 'neither end is a pod subject to NetworkPolicy'
  return { allowed: !deniedBy, egress, ingress, deniedBy, reason }
}
