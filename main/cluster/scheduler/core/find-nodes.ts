import type { NodeInfo } from '../cache/node-info'
import type { PodInfo } from '../cache/pod-info'
import type { CycleState } from '../framework/cycle-state'
import { Diagnosis } from '../framework/fit-error'
import type { Framework } from '../framework/framework'
import { numFeasibleNodesToFind } from '../framework/feasible-nodes'
import { Status, unresolvable } from '../framework/status'

/** Where the round-robin over nodes resumes (kept across pods by the scheduler). */
export interface StartIndex {
/** Index into the node list of the next node to visit. */
  next: number
}

/** What filtering found for one pod. */
export interface FilterOutcome {
/** Nodes that passed every filter. */
  feasible: NodeInfo[]
/** Why the other examined nodes did not. */
  diagnosis: Diagnosis
  /** Plugins that restricted the nodes at PreFilter. */
  pluginsWithNodes: string[]
  /** An Error status (not a rejection): the attempt failed. */
  error?: Status
}

/**
 * findNodesThatFitPod: PreFilter, then the nominated node alone if the pod
 * has one and it fits, else Filter over the nodes (all, or those a PreFilter
 * allowed), starting where the previous pod stopped and stopping once
 * numFeasibleNodesToFind nodes fit.
 */
export function findNodesThatFitPod(fw: Framework, state: CycleState, pod: PodInfo, allNodes: readonly NodeInfo[], start: StartIndex, percentageOfNodesToScore: number): FilterOutcome {
  const diagnosis = new Diagnosis()
  const pre = fw.runPreFilterPlugins(state, pod)
  const pluginsWithNodes = pre.pluginsWithNodes
  // Plugins that narrowed the nodes count as rejecting the others: their events may widen the choice.
  for (const p of pluginsWithNodes) diagnosis.unschedulablePlugins.add(p)
  if (pre.status) {
    if (!pre.status.isRejected()) return { feasible: [], diagnosis, pluginsWithNodes, error: pre.status }
    // Every node gets the PreFilter's status, so preemption sees them all as rejected alike.
    diagnosis.absentStatus = pre.status
    diagnosis.preFilterMsg = pre.status.message()
    diagnosis.addPluginStatus(pre.status)
    return { feasible: [], diagnosis, pluginsWithNodes }
  }

  const nominated = pod.pod.status?.nominatedNodeName
  if (nominated) {
    const info = fw.nodeInfo(nominated)
    if (info && (!pre.nodes || pre.nodes.has(nominated))) {
      const s = fw.runFilterPluginsWithNominatedPods(state, pod, info)
      if (!s) return { feasible: [info], diagnosis, pluginsWithNodes }
      if (!s.isRejected()) return { feasible: [], diagnosis, pluginsWithNodes, error: s }
      diagnosis.nodeToStatus.set(nominated, s)
      diagnosis.addPluginStatus(s)
    }
  }

  let nodes = allNodes
  if (pre.nodes) {
    nodes = [...pre.nodes].map((n) => fw.nodeInfo(n)).filter((n): n is NodeInfo => !!n)
    diagnosis.absentStatus = unresolvable(`node(s) didn't satisfy plugin(s) [${[...pluginsWithNodes].sort().join(' ')}]`)
  }
  const result = findNodesThatPassFilters(fw, state, pod, diagnosis, nodes, start, percentageOfNodesToScore)
  return { ...result, diagnosis, pluginsWithNodes }
}

/**
 * findNodesThatPassFilters: visits nodes round-robin from start.next, records
 * each rejection in the diagnosis, and stops at the feasible-node quota.
 * start.next then moves past every node visited, so the next pod starts
 * elsewhere and the load spreads over the whole cluster.
 */
function findNodesThatPassFilters(
  fw: Framework,
  state: CycleState,
  pod: PodInfo,
  diagnosis: Diagnosis,
  nodes: readonly NodeInfo[],
  start: StartIndex,
  percentageOfNodesToScore: number
): { feasible: NodeInfo[]; error?: Status } {
  const numAllNodes = nodes.length
  if (numAllNodes === 0) return { feasible: [] }
  const numNodesToFind = numFeasibleNodesToFind(numAllNodes, percentageOfNodesToScore)
  // Sized for the quota up front and cut to what was found: pushing 420 nodes (1,000-node clusters) grew the list through seven copies.
  const feasible = fw.takeNodeList(Math.min(numNodesToFind, numAllNodes))
  let found = 0
  let processed = 0
  const first = start.next % numAllNodes
  // Looked up once per pod, not per node: whether a node was judged already (the nominated one), and whether any pod is nominated at all.
  const judged = diagnosis.nodeToStatus.size > 0
  const nominated = !fw.noNominatedPods()
  for (let i = 0; i < numAllNodes; i++) {
    const node = nodes[(first + i) % numAllNodes]
    processed++
    if (judged && diagnosis.nodeToStatus.has(node.name)) continue
    const s = nominated ? fw.runFilterPluginsWithNominatedPods(state, pod, node) : fw.runFilterPlugins(state, pod, node)
    if (!s) {
      feasible[found++] = node
      if (found >= numNodesToFind) break
      continue
    }
    if (!s.isRejected()) return { feasible: [], error: s }
    diagnosis.nodeToStatus.set(node.name, s)
    diagnosis.addPluginStatus(s)
  }
  feasible.length = found
  start.next = (first + processed) % numAllNodes
  return { feasible }
}
