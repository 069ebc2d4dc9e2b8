import type { DaemonSet, DaemonSetStatus } from 'kubernetes-types/apps/v1'
import type { Node, Pod } from 'kubernetes-types/core/v1'
import { daemonNodeEligibility, daemonPodNode } from './node-eligibility'

/**
 * One sync of a DaemonSet as a pure plan (manage + rollingUpdate +
 * updateDaemonSetStatus in pkg/controller/daemon): which nodes need a pod,
 * which pods must go, and the status to report.
 */

/** The label carrying the template revision a daemon pod was made from. */
export const revisionHashLabel = 'controller-revision-hash'
/** The label carrying the template generation (deprecated, still set by Kubernetes). */
export const templateGenerationLabel = 'pod-template-generation'

/** What a sync should do. */
export interface DaemonSetPlan {
  /** Nodes that should run a daemon pod and have none. */
  create: string[]
  /** Pods to delete: misscheduled, duplicates, failed, or old ones the rollout may replace now. */
  delete: Pod[]
  /** The status to write, whatever the writes above do. */
  status: DaemonSetStatus
}

function isReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false
}

function isAvailable(pod: Pod, minReadySeconds: number, now: number): boolean {
  if (!isReady(pod)) return false
  if (minReadySeconds <= 0) return true
  const since = pod.status?.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime
  return since !== undefined && Date.parse(since) + minReadySeconds * 1000 <= now
}

/** GetScaledValueFromIntOrPercent for maxUnavailable (percentages round up), at least 1 when nothing could move otherwise. */
export function maxUnavailableOf(ds: DaemonSet, desired: number): number {
  const raw = ds.spec?.updateStrategy?.rollingUpdate?.maxUnavailable ?? 1
  let value: number
  if (typeof raw === 'string' && raw.endsWith('%')) value = Math.ceil((Number(raw.slice(0, -1)) * desired) / 100)
  else value = Number(raw)
  if (!Number.isFinite(value) || value < 0) value = 1
  return value === 0 && (ds.spec?.updateStrategy?.rollingUpdate?.maxSurge ?? 0) === 0 ? 1 : value
}

/** Plans one sync. `pods` are the DaemonSet's own live pods; `hash` is the current template's revision hash. */
export function planDaemonSet(ds: DaemonSet, nodes: readonly Node[], pods: readonly Pod[], hash: string, now: number): DaemonSetPlan {
  const minReady = ds.spec?.minReadySeconds ?? 0
  const byNode = new Map<string, Pod[]>()
  const remove: Pod[] = []
  for (const pod of pods) {
    const node = daemonPodNode(pod)
    if (node === undefined) {
      remove.push(pod)
      continue
    }
    const list = byNode.get(node)
    if (list) list.push(pod)
    else byNode.set(node, [pod])
  }
  const create: string[] = []
  /** The pod kept on each node that should run one, in node order (what the status counts). */
  const scheduled: Pod[] = []
  let desired = 0
  let current = 0
  let misscheduled = 0
  const nodeNames = new Set<string>()
  const eligibility = daemonNodeEligibility(ds)
  for (const node of nodes) {
    const name = node.metadata?.name ?? ''
    nodeNames.add(name)
    const verdict = eligibility(node)
    const here = byNode.get(name)
    if (verdict.shouldRun) desired++
    if (!here) {
      // Nothing here yet (most nodes on most syncs): nothing to delete, keep or count.
      if (verdict.shouldRun) create.push(name)
      continue
    }
    if (verdict.shouldRun) current++
    else misscheduled++
    if (!verdict.shouldContinueRunning) {
      remove.push(...here)
      continue
    }
    if (here.length === 1) {
      // The usual case, without the lists below: a failed pod goes (its successor comes on a later sync), a terminating one is waited for.
      const pod = here[0]
      if (pod.status?.phase === 'Failed') remove.push(pod)
      else if (!pod.metadata?.deletionTimestamp && verdict.shouldRun) scheduled.push(pod)
      continue
    }
    // A failed daemon pod is replaced: delete it now, create its successor on a later sync.
    const failed = here.filter((p) => p.status?.phase === 'Failed')
    remove.push(...failed)
    const alive = here.filter((p) => p.status?.phase !== 'Failed' && !p.metadata?.deletionTimestamp)
    if (alive.length === 0) {
      if (verdict.shouldRun && failed.length === 0 && !here.some((p) => p.metadata?.deletionTimestamp)) create.push(name)
      continue
    }
    // More than one: keep the oldest, as Kubernetes does.
    alive.sort((a, b) => (a.metadata?.creationTimestamp ?? '').localeCompare(b.metadata?.creationTimestamp ?? ''))
    if (verdict.shouldRun) scheduled.push(alive[0])
    remove.push(...alive.slice(1))
  }
  for (const [name, here] of byNode) if (!nodeNames.has(name)) remove.push(...here)
  const ready = scheduled.filter(isReady).length
  const available = scheduled.filter((p) => isAvailable(p, minReady, now)).length
  const updated = scheduled.filter((p) => p.metadata?.labels?.[revisionHashLabel] === hash).length

  if (ds.spec?.updateStrategy?.type !== 'OnDelete') remove.push(...rollingVictims(ds, scheduled, hash, desired, available, now))

  const status: DaemonSetStatus = {
    currentNumberScheduled: current,
    desiredNumberScheduled: desired,
    numberMisscheduled: misscheduled,
    numberReady: ready,
    numberAvailable: available,
    updatedNumberScheduled: updated,
    observedGeneration: ds.metadata?.generation,
    ...(desired - available > 0 ? { numberUnavailable: desired - available } : {}),
    ...(ds.status?.collisionCount !== undefined ? { collisionCount: ds.status.collisionCount } : {})
  }
  return { create, delete: dedupe(remove), status }
}

/**
 * rollingUpdate with maxSurge 0: old pods that are not available go at once
 * (they serve nothing); available old pods go while the number unavailable
 * stays within maxUnavailable.
 */
function rollingVictims(ds: DaemonSet, scheduled: Pod[], hash: string, desired: number, available: number, now: number): Pod[] {
  const minReady = ds.spec?.minReadySeconds ?? 0
  const old = scheduled.filter((p) => p.metadata?.labels?.[revisionHashLabel] !== hash)
  const victims = old.filter((p) => !isAvailable(p, minReady, now))
  let unavailable = desired - available
  const budget = maxUnavailableOf(ds, desired)
  for (const pod of old) {
    if (unavailable >= budget) break
    if (!isAvailable(pod, minReady, now)) continue
    victims.push(pod)
    unavailable++
  }
  return victims
}

function dedupe(pods: Pod[]): Pod[] {
  const seen = new Set<string>()
  return pods.filter((p) => {
    const uid = p.metadata?.uid ?? p.metadata?.name ?? ''
    if (seen.has(uid)) return false
    seen.add(uid)
    return true
  })
}
