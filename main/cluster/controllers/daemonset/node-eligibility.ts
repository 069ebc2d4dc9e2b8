import type { DaemonSet } from 'kubernetes-types/apps/v1'
import type { Node, Pod, PodSpec, Taint, Toleration } from 'kubernetes-types/core/v1'
import { RequiredNodeAffinity } from '../../scheduler/plugins/helpers/node-affinity'
import { tolerationsTolerateTaint } from '../../scheduler/plugins/helpers/tolerations'

/**
 * Which nodes a DaemonSet's pod belongs on (pkg/controller/daemon:
 * NodeShouldRunDaemonPod): the template's nodeSelector and required node
 * affinity must match, and every NoSchedule/NoExecute taint must be tolerated
 * by the template plus the tolerations the controller adds to every daemon
 * pod. A pod already running stays unless a NoExecute taint is untolerated.
 */

/** util.AddOrUpdateDaemonPodTolerations: daemon pods ride out node trouble instead of being evicted or kept off. */
export function daemonPodTolerations(spec: PodSpec | undefined): Toleration[] {
  const auto: Toleration[] = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }
  ]
  // Host-network pods need no pod network, so an unconfigured one must not keep them away.
  if (spec?.hostNetwork) auto.push({ key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' })
  const result = [...(spec?.tolerations ?? [])]
  for (const t of auto) {
    // AddOrUpdateTolerationInPodSpec: an equal key/effect/operator toleration is replaced, not duplicated.
    const i = result.findIndex((r) => r.key === t.key && r.effect === t.effect && (r.operator ?? 'Equal') === t.operator)
    if (i >= 0) result[i] = t
    else result.push(t)
  }
  return result
}

/** Whether a daemon pod should be created on the node, and whether one there may stay. */
export interface NodeVerdict {
  /** A pod should be created here (and counts toward desiredNumberScheduled). */
  shouldRun: boolean
  /** A pod already here may stay (false only for an untolerated NoExecute taint or a selector mismatch). */
  shouldContinueRunning: boolean
}

const runs: NodeVerdict = Object.freeze({ shouldRun: true, shouldContinueRunning: true })
const staysOnly: NodeVerdict = Object.freeze({ shouldRun: false, shouldContinueRunning: true })
const excluded: NodeVerdict = Object.freeze({ shouldRun: false, shouldContinueRunning: false })

/** NodeShouldRunDaemonPod over nodes, for one template. */
export type NodeEligibility = (node: Node) => NodeVerdict

/** Per template spec object (stored, frozen, kept by the DaemonSet's status writes): its evaluator, which remembers its verdict per node object. */
const evaluators = new WeakMap<PodSpec, NodeEligibility>()

/**
 * NodeShouldRunDaemonPod for a DaemonSet, as a function of the node: the
 * template's node affinity and tolerations are prepared once, not per node.
 * A verdict depends on nothing but the node and the template, so for a
 * stored (frozen) template and stored (frozen) nodes it is worked out once
 * per version of each: a sync over a thousand nodes then reads a thousand
 * verdicts instead of matching selectors and taints again.
 */
export function daemonNodeEligibility(ds: DaemonSet): NodeEligibility {
  const spec = ds.spec?.template?.spec
  const cacheable = !!spec && Object.isFrozen(spec)
  const known = cacheable ? evaluators.get(spec) : undefined
  if (known) return known
  const affinity = new RequiredNodeAffinity({ spec: { containers: [], nodeSelector: spec?.nodeSelector, affinity: spec?.affinity } })
  const tolerations = daemonPodTolerations(spec)
  const untolerated = (taints: readonly Taint[], effect: string) => taints.some((t) => t.effect === effect && !tolerationsTolerateTaint(tolerations, t))
  const verdictOf = (node: Node): NodeVerdict => {
    if (!affinity.matches(node)) return excluded
    const taints = node.spec?.taints ?? []
    if (untolerated(taints, 'NoExecute')) return excluded
    return untolerated(taints, 'NoSchedule') ? staysOnly : runs
  }
  if (!cacheable) return verdictOf
  const verdicts = new WeakMap<Node, NodeVerdict>()
  const evaluator: NodeEligibility = (node) => {
    if (!Object.isFrozen(node)) return verdictOf(node)
    let v = verdicts.get(node)
    if (v === undefined) verdicts.set(node, (v = verdictOf(node)))
    return v
  }
  evaluators.set(spec, evaluator)
  return evaluator
}

/** NodeShouldRunDaemonPod for a DaemonSet and one node. */
export function nodeShouldRunDaemonPod(node: Node, ds: DaemonSet): NodeVerdict {
  return daemonNodeEligibility(ds)(node)
}

/**
 * ReplaceDaemonSetPodNodeNameNodeAffinity: the pod's required node affinity
 * becomes one term selecting the node by name (metadata.name), so the
 * scheduler binds it there and nowhere else.
 */
export function pinToNode(spec: PodSpec, nodeName: string): PodSpec {
  const term = { matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }
  const affinity = spec.affinity ?? {}
  return {
    ...spec,
    affinity: {
      ...affinity,
      nodeAffinity: { ...affinity.nodeAffinity, requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [term] } }
    }
  }
}

/** The node a daemon pod is for: spec.nodeName once bound, else the node its pinned affinity names. */
export function daemonPodNode(pod: Pod): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []
  for (const term of terms) {
    for (const f of term.matchFields ?? []) if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1) return f.values[0]
  }
  return undefined
}
