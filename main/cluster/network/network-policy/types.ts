import type { Namespace, Pod } from 'kubernetes-types/core/v1'
import type { NetworkPolicy } from 'kubernetes-types/networking/v1'

/**
 * NetworkPolicy evaluation (networking.k8s.io/v1) as the API defines it:
 * a pod is isolated for a direction only when some policy in its namespace
 * selects it with that policy type; an isolated pod accepts (or sends) only
 * what some selecting policy's rule allows; a connection needs both the
 * sender's egress and the receiver's ingress to allow it.
 */

/** What the evaluation reads: policies by namespace and namespaces' labels (informer-backed in the cluster). */
export interface PolicySource {
  policiesIn(namespace: string): readonly NetworkPolicy[]
  /** The namespace's labels (undefined when the namespace does not exist). */
  namespaceLabels(namespace: string): Readonly<Record<string, string>> | undefined
}

/** One end of a connection: a pod, or an address outside any pod (a node, an external client). */
export interface PolicyEndpoint {
  ip: string
  /** The pod holding `ip`, when it is one (hostNetwork pods are not subject to policies). */
  pod?: Pod
  /** For host traffic: the node it comes from (a pod's own node may always reach it). */
  node?: string
}

export interface PolicyConnection {
  from: PolicyEndpoint
  to: PolicyEndpoint
  /** The destination port (after any DNAT: the pod's port). */
  port: number
  protocol: 'TCP' | 'UDP' | 'SCTP'
}

/** The policy rule that decided a direction. */
export interface PolicyRuleRef {
  /** `namespace/name`. */
  policy: string
  direction: 'Ingress' | 'Egress'
  /** Index in spec.ingress or spec.egress. */
  rule: number
}

export interface DirectionVerdict {
  direction: 'Ingress' | 'Egress'
  allowed: boolean
  /** Whether some policy selects the pod for this direction. */
  isolated: boolean
  /** The policies (`namespace/name`) that select the pod for this direction. */
  selectedBy: string[]
  /** The rule that allowed it (the first, in policy name order, then rule order). */
  allowedBy?: PolicyRuleRef
  /** One plain sentence. */
  reason: string
}

export interface PolicyVerdict {
  allowed: boolean
  /** The sender's egress (undefined when the sender is not a pod subject to policies). */
  egress?: DirectionVerdict
  /** The receiver's ingress (undefined when the receiver is not a pod subject to policies). */
  ingress?: DirectionVerdict
  /** The direction that denied it, if any (egress is checked first, as the packet leaves). */
  deniedBy?: DirectionVerdict
  reason: string
}

export type { Namespace }
