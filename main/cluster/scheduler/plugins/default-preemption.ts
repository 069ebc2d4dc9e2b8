import type { NodeInfo } from '../cache/node-info'
import type { PodInfo } from '../cache/pod-info'
import type { Handle, PluginFactory, PostFilterPlugin, PostFilterResult } from '../framework/interface'
import { Diagnosis, fitErrorMessage } from '../framework/fit-error'
import type { CycleState } from '../framework/cycle-state'
import { Status, unresolvable, unschedulable } from '../framework/status'

/** Plugin name, as kube-scheduler's names.DefaultPreemption. */
export const name = 'DefaultPreemption'

/** The status of nodes where preemption cannot help (their filters failed unresolvably). */
export const preemptionNotHelpful = 'Preemption is not helpful for scheduling'
/** The status of nodes without lower-priority pods to evict. */
export const noVictimsFound = 'No preemption victims found for incoming pod'

/** DefaultPreemptionArgs defaults. */
const minCandidateNodesPercentage = 10
const minCandidateNodesAbsolute = 100

interface Candidate {
  node: string
  /** Victims, most important first. */
  victims: PodInfo[]
}

/** util.MoreImportantPod: higher priority first, then the one that started earlier. */
export function moreImportant(a: PodInfo, b: PodInfo): number {
  if (a.priority !== b.priority) return b.priority - a.priority
  return startTime(a) - startTime(b)
}

function startTime(p: PodInfo): number {
  const t = p.pod.status?.startTime
  return t ? Date.parse(t) : Number.MAX_SAFE_INTEGER
}

/** Whether a pod is already being evicted by a preemption (DisruptionTarget with reason PreemptionByScheduler). */
function terminatingByPreemption(p: PodInfo): boolean {
  if (!p.pod.metadata?.deletionTimestamp) return false
  return (p.pod.status?.conditions ?? []).some((c) => c.type === 'DisruptionTarget' && c.status === 'True' && c.reason === 'PreemptionByScheduler')
}

/** calculateNumCandidates: 10% of the nodes, at least 100, at most all. */
export function numCandidates(numNodes: number): number {
  let n = Math.trunc((numNodes * minCandidateNodesPercentage) / 100)
  if (n < minCandidateNodesAbsolute) n = minCandidateNodesAbsolute
  return Math.min(n, numNodes)
}

/**
 * SelectVictimsOnNode: remove every lower-priority pod; if the pod then
 * fits, put back as many as possible, most important first, and the ones
 * that cannot go back are the victims.
 */
function selectVictimsOnNode(handle: Handle, state: CycleState, pod: PodInfo, node: NodeInfo): { victims?: PodInfo[]; status: Status | null } {
  const potential = node.pods.filter((p) => p.priority < pod.priority)
  if (potential.length === 0) return { status: unresolvable(noVictimsFound) }
  for (const p of potential) {
    node.removePod(p.key)
    handle.runPreFilterRemovePod(state, pod, p, node)
  }
  const fits = handle.runFilterPluginsWithNominatedPods(state, pod, node)
  if (fits) return { status: fits }
  potential.sort(moreImportant)
  const victims: PodInfo[] = []
  for (const p of potential) {
    node.addPod(p)
    handle.runPreFilterAddPod(state, pod, p, node)
    if (handle.runFilterPluginsWithNominatedPods(state, pod, node)) {
      node.removePod(p.key)
      handle.runPreFilterRemovePod(state, pod, p, node)
      victims.push(p)
    }
  }
  return { victims, status: null }
}

/**
 * pickOneNodeForPreemption (PodDisruptionBudgets aside): the node whose most
 * important victim is least important, then the lowest sum of victim
 * priorities, then the fewest victims, then the latest-started victims.
 */
function pickOne(candidates: readonly Candidate[]): Candidate {
  for (const c of candidates) if (c.victims.length === 0) return c
  const criteria: Array<(c: Candidate) => number> = [
    (c) => -c.victims[0].priority,
    (c) => -c.victims.reduce((sum, v) => sum + v.priority + 2147483648, 0),
    (c) => -c.victims.length,
    (c) => Math.min(...c.victims.filter((v) => v.priority === c.victims[0].priority).map(startTime))
  ]
  let pool = [...candidates]
  for (const score of criteria) {
    const best = Math.max(...pool.map(score))
    pool = pool.filter((c) => score(c) === best)
    if (pool.length === 1) break
  }
  return pool[0]
}

/**
 * DefaultPreemption (PostFilter): when a pod fits nowhere, look for a node
 * where evicting lower-priority pods would make room. Its messages complete
 * the FailedScheduling one: `preemption: 0/4 nodes are available: 1
 * Preemption is not helpful for scheduling, 3 No preemption victims found
 * for incoming pod.` When a node is found, the victims are returned for the
 * component to evict, and the pod is nominated to the node.
 */
export function createDefaultPreemption(handle: Handle): PostFilterPlugin {
  function preempt(state: CycleState, pod: PodInfo, diagnosis: Diagnosis): PostFilterResult {
    if (pod.pod.spec?.preemptionPolicy === 'Never') return { status: unschedulable('not eligible due to preemptionPolicy=Never.') }
    const nominated = pod.pod.status?.nominatedNodeName
    if (nominated && diagnosis.statusOf(nominated)?.code !== 'UnschedulableAndUnresolvable') {
      const info = handle.nodeInfo(nominated)
      if (info?.pods.some((p) => p.priority < pod.priority && terminatingByPreemption(p))) {
        return { status: unschedulable('not eligible due to a terminating pod on the nominated node.') }
      }
    }
    const all = handle.nodeInfos()
    if (all.length === 0) return { status: new Status('Error', ['no nodes available']) }
    const potential = all.filter((n) => diagnosis.statusOf(n.name)?.code === 'Unschedulable')
    const statuses = new Diagnosis()
    const candidates: Candidate[] = []
    if (potential.length) {
      const offset = handle.randomInt(potential.length)
      const wanted = numCandidates(potential.length)
      for (let i = 0; i < potential.length && candidates.length < wanted; i++) {
        const node = potential[(offset + i) % potential.length]
        const r = selectVictimsOnNode(handle, state.clone(), pod, node.clone())
        if (r.status) statuses.nodeToStatus.set(node.name, r.status)
        else candidates.push({ node: node.name, victims: r.victims! })
      }
    }
    if (candidates.length === 0) {
      statuses.absentStatus = unresolvable(preemptionNotHelpful)
      return { status: unschedulable(fitErrorMessage(all.length, statuses)), nominatedNodeName: '' }
    }
    const best = pickOne(candidates)
    return { status: new Status('Success'), nominatedNodeName: best.node, victims: best.victims }
  }

  return {
    name,
    postFilter(state, pod, diagnosis) {
      const r = preempt(state, pod, diagnosis)
      const msg = r.status.message()
      return msg ? { ...r, status: new Status(r.status.code, [`preemption: ${msg}`]) } : r
    }
  }
}

/** Builds the plugin on the handle. */
export const factory: PluginFactory = (handle) => createDefaultPreemption(handle)
