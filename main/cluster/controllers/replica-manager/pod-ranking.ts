import type { Pod } from 'kubernetes-types/core/v1'
import { isPodActive, isPodReady, podReadyTime } from './pod-state'

/**
 * Which pods a scale-down deletes first: Kubernetes' ActivePodsWithRanks
 * order (pkg/controller/controller_utils.go), with the PodDeletionCost and
 * LogarithmicScaleDown features on, as they are by default. The pods that
 * are cheapest to lose come first: not yet scheduled, not yet running, not
 * ready, doubled up on a node, ready or created most recently.
 */

/** The annotation a user sets to steer scale-down (int32; lower goes first). */
export const podDeletionCostAnnotation = 'controller.kubernetes.io/pod-deletion-cost'

/** A pod with its rank: how many active related pods share its node (more: deleted sooner). */
export interface RankedPod {
  pod: Pod
  rank: number
}

const phaseOrdinal: Readonly<Record<string, number>> = { Pending: 0, Unknown: 1, Running: 2 }

/** helper.GetDeletionCostFromPodAnnotations; an unparsable cost counts as 0, as the sort ignores the error. */
export function deletionCost(pod: Pod): number {
  const raw = pod.metadata?.annotations?.[podDeletionCostAnnotation]
  if (raw === undefined || !/^[+-]?\d+$/.test(raw)) return 0
  const n = Number(raw)
  return n >= -2147483648 && n <= 2147483647 ? n : 0
}

/**
 * Compares two ranked pods: negative when a should be deleted before b.
 * `now` (ms) buckets ages by powers of two so that pods of about the same
 * age are treated alike (LogarithmicScaleDown).
 */
export function compareForDeletion(a: RankedPod, b: RankedPod, now: number): number {
  const pi = a.pod
  const pj = b.pod
  // 1. Unassigned < assigned.
  const ni = pi.spec?.nodeName ?? ''
  const nj = pj.spec?.nodeName ?? ''
  if (ni !== nj && (ni === '' || nj === '')) return ni === '' ? -1 : 1
  // 2. Pending < Unknown < Running.
  const oi = phaseOrdinal[pi.status?.phase ?? ''] ?? 0
  const oj = phaseOrdinal[pj.status?.phase ?? ''] ?? 0
  if (oi !== oj) return oi - oj
  // 3. Not ready < ready.
  const ri = isPodReady(pi)
  const rj = isPodReady(pj)
  if (ri !== rj) return ri ? 1 : -1
  // 4. Lower deletion cost < higher.
  const ci = deletionCost(pi)
  const cj = deletionCost(pj)
  if (ci !== cj) return ci - cj
  // 5. Doubled up < not doubled up: more colocated related pods goes first.
  if (a.rank !== b.rank) return b.rank - a.rank
  // 6. Ready for less time < more time.
  if (ri && rj) {
    const t = compareTimes(podReadyTime(pi), podReadyTime(pj), now, pi, pj)
    if (t !== 0) return t
  }
  // 7. More container restarts < fewer.
  const restarts = compareRestarts(pi, pj)
  if (restarts !== 0) return restarts
  // 8. Newer < older (no creation time first).
  return compareTimes(timeOf(pi.metadata?.creationTimestamp), timeOf(pj.metadata?.creationTimestamp), now, pi, pj)
}

/**
 * Newer first. Times in the same power-of-two age bucket tie and fall back
 * to the uid, so the choice is stable but not biased to the exact second.
 */
function compareTimes(ti: number | undefined, tj: number | undefined, now: number, pi: Pod, pj: Pod): number {
  if (ti === tj) return 0
  // afterOrZero: a missing time counts as the newest.
  if (ti === undefined || tj === undefined) return ti === undefined ? -1 : 1
  const diff = logRank(now - ti) - logRank(now - tj)
  if (diff !== 0) return diff
  const ui = pi.metadata?.uid ?? ''
  const uj = pj.metadata?.uid ?? ''
  return ui < uj ? -1 : ui > uj ? 1 : 0
}

/** int64(math.Log2(float64(d))) of a duration in nanoseconds; -1 for no age. */
function logRank(ageMs: number): number {
  return ageMs > 0 ? Math.trunc(Math.log2(ageMs * 1e6)) : -1
}

function timeOf(stamp: string | undefined): number | undefined {
  return stamp ? Date.parse(stamp) : undefined
}

/** Higher restart count first: regular containers, then restartable init (sidecar) containers. */
function compareRestarts(pi: Pod, pj: Pod): number {
  const [ri, si] = maxRestarts(pi)
  const [rj, sj] = maxRestarts(pj)
  if (ri !== rj) return rj - ri
  if (si !== sj) return sj - si
  return 0
}

function maxRestarts(pod: Pod): [number, number] {
  let regular = 0
  for (const c of pod.status?.containerStatuses ?? []) regular = Math.max(regular, c.restartCount ?? 0)
  const sidecars = new Set((pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((c) => c.name))
  let sidecar = 0
  for (const c of pod.status?.initContainerStatuses ?? []) if (sidecars.has(c.name)) sidecar = Math.max(sidecar, c.restartCount ?? 0)
  return [regular, sidecar]
}

/**
 * getPodsRankedByRelatedPodsOnSameNode: each pod's rank is the number of
 * active related pods (this owner's and its siblings', e.g. the other
 * ReplicaSets of one Deployment) on its node.
 */
export function rankByRelatedPodsOnSameNode(pods: readonly Pod[], related: readonly Pod[]): RankedPod[] {
  const onNode = new Map<string, number>()
  for (const p of related) {
    if (!isPodActive(p)) continue
    const node = p.spec?.nodeName ?? ''
    onNode.set(node, (onNode.get(node) ?? 0) + 1)
  }
  return pods.map((pod) => ({ pod, rank: onNode.get(pod.spec?.nodeName ?? '') ?? 0 }))
}

/** getPodsToDelete: the `count` pods to delete first, in deletion order. */
export function podsToDelete(pods: readonly Pod[], related: readonly Pod[], count: number, now: number): Pod[] {
  // Only sort when choosing: deleting everything needs no order.
  if (count >= pods.length) return pods.slice(0, count)
  const ranked = rankByRelatedPodsOnSameNode(pods, related)
  ranked.sort((a, b) => compareForDeletion(a, b, now))
  return ranked.slice(0, count).map((r) => r.pod)
}
