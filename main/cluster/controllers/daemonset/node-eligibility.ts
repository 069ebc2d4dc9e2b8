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

/** NodeShouldRunDaemonPod for a DaemonSet and one node. */
export function nodeShouldRunDaemonPod(node: Node, ds: DaemonSet): NodeVerdict {
  const spec = ds.spec?.template?.spec
  const pod: Pod = { spec: { containers: [], nodeSelector: spec?.nodeSelector, affinity: spec?.affinity } }
  if (!new RequiredNodeAffinity(pod).matches(node)) return { shouldRun: false, shouldContinueRunning: false }
  const tolerations = daemonPodTolerations(spec)
  const untolerated = (effects: readonly string[]) =>
    (node.spec?.taints ?? []).some((t: Taint) => effects.includes(t.effect) && !tolerationsTolerateTaint(tolerations, t))
  if (untolerated(['NoExecute'])) return { shouldRun: false, shouldContinueRunning: false }
  return { shouldRun: !untolerated(['NoSchedule']), shouldContinueRunning: true }
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
