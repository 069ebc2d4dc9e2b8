import type { Status } from './status'

/** framework.NoNodeAvailableMsg. */
export const noNodeAvailableMsg = (n: number): string => `0/${n} nodes are available`

/** ErrNoNodesAvailable: scheduling with no node at all. */
export const errNoNodesAvailable = 'no nodes available to schedule pods'

/**
 * Why a pod fit nowhere (framework.Diagnosis): each examined node's
 * rejecting status, one status for every other node (after a PreFilter
 * rejection, or for nodes a PreFilter ruled out), the plugins that rejected,
 * and the messages of PreFilter and PostFilter.
 */
export class Diagnosis {
  /** Explicit statuses of the nodes that were examined and rejected. */
  readonly nodeToStatus = new Map<string, Status>()
  /** The status of every node not in nodeToStatus (NodeToStatus.AbsentNodesStatus); undefined: not counted. */
  absentStatus: Status | undefined
  /** Plugins that rejected the pod (UnschedulablePlugins), used to decide which events retry it. */
  readonly unschedulablePlugins = new Set<string>()
  preFilterMsg = ''
  postFilterMsg = ''

  /** Diagnosis.AddPluginStatus. */
  addPluginStatus(s: Status): void {
    if (s.plugin && s.isRejected()) this.unschedulablePlugins.add(s.plugin)
  }

  /** The status of a node: explicit, else the absent-nodes status. */
  statusOf(nodeName: string): Status | undefined {
    return this.nodeToStatus.get(nodeName) ?? this.absentStatus
  }
}

/**
 * FitError.Error(): `0/N nodes are available: <PreFilter message>.` or the
 * per-reason node counts (`<count> <reason>`, sorted as strings, joined with
 * ", "), then the PostFilter message (preemption's own `preemption: ...`).
 */
export function fitErrorMessage(numAllNodes: number, d: Diagnosis): string {
  let msg = `${noNodeAvailableMsg(numAllNodes)}:`
  if (d.preFilterMsg !== '') {
    msg += ` ${d.preFilterMsg}.`
  } else {
    const reasons = new Map<string, number>()
    for (const s of d.nodeToStatus.values()) for (const r of s.reasons) reasons.set(r, (reasons.get(r) ?? 0) + 1)
    const absent = numAllNodes - d.nodeToStatus.size
    if (absent > 0 && d.absentStatus) for (const r of d.absentStatus.reasons) reasons.set(r, (reasons.get(r) ?? 0) + absent)
    // Go's sort.Strings: byte order of the whole "<count> <reason>" string, so "10 x" sorts before "9 y".
    const histogram = [...reasons].map(([r, n]) => `${n} ${r}`).sort(byteOrder)
    if (histogram.length) msg += ` ${histogram.join(', ')}.`
  }
  if (d.postFilterMsg !== '') msg += ` ${d.postFilterMsg}`
  return msg
}

function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
