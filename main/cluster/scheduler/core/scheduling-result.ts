import type { Status } from '../framework/status'
import type { AttemptRecord, Outcome } from './outcome'

/** The pod annotation holding the last scheduling attempt's per-node filter outcomes and scores. */
export const schedulingResultAnnotation = 'sim.kubelab.dev/scheduling-result'

/** How many nodes the annotation lists at most, in each of filter and score. */
export const defaultNodeLimit = 100

/** The annotation's JSON: why each listed node passed or failed, and how the feasible ones scored. */
export interface SchedulingResult {
  /** When the attempt ran (cluster time, RFC 3339). */
  time: string
  result: Outcome['result']
  selectedNode: string | null
  /** The FailedScheduling message (or the error) when the pod was not scheduled. */
  message?: string
  nodes: {
    total: number
    /** Nodes filtered: the scheduler stops once enough nodes fit (percentageOfNodesToScore). */
    evaluated: number
    feasible: number
  }
  /** node → filter plugin → `passed` or the plugin's reason(s). */
  filter: Record<string, Record<string, string>>
  /** node → score plugin → weighted score, plus `total`. */
  score: Record<string, Record<string, number>>
  /** Nodes left out to keep the annotation small. */
  omitted?: { filter: number; score: number }
}

/** A node's filter outcome: every filter passed, or the ones before the rejecting plugin passed and it gave reasons. */
function filterEntry(record: AttemptRecord, status: Status | undefined, explicit: boolean): Record<string, string> {
  const out: Record<string, string> = {}
  if (!status) {
    for (const f of record.filters) out[f] = 'passed'
    return out
  }
  const plugin = status.plugin || record.pluginsWithNodes.join(',') || 'PreFilter'
  const at = record.filters.indexOf(plugin)
  // A PreFilter rejection (or restriction) applies to the node as a whole: no filter ran on it.
  if (at >= 0 && explicit) for (const f of record.filters.slice(0, at)) out[f] = 'passed'
  out[plugin] = status.message()
  return out
}

/**
 * The annotation for an attempt. Lists the chosen node, then the best-scored
 * feasible nodes and the rejected ones (half the budget each when both are
 * plenty), up to `limit` nodes, and counts what it leaves out.
 */
export function buildSchedulingResult(outcome: Outcome, time: string, limit = defaultNodeLimit): SchedulingResult {
  const record = outcome.record
  const selected = outcome.result === 'Scheduled' ? outcome.nodeName : null
  const result: SchedulingResult = {
    time,
    result: outcome.result,
    selectedNode: selected,
    ...(outcome.result !== 'Scheduled' ? { message: outcome.message } : {}),
    nodes: { total: record?.numAllNodes ?? 0, evaluated: 0, feasible: record?.feasible.length ?? 0 },
    filter: {},
    score: {}
  }
  if (!record) return result
  const d = record.diagnosis
  result.nodes.evaluated = record.feasible.length + d.nodeToStatus.size

  // Feasible nodes, best first (the selected one leading).
  const totals = new Map<string, number>()
  const scores = record.scores
  if (scores) scores.nodes.forEach((n, i) => totals.set(n.name, scores.table.totals[i]))
  const feasible = record.feasible.map((n) => n.name).sort((a, b) => (a === selected ? -1 : b === selected ? 1 : (totals.get(b) ?? 0) - (totals.get(a) ?? 0)))
  const rejected = [...d.nodeToStatus.keys()]
  if (d.absentStatus) {
    const listed = new Set([...rejected, ...feasible])
    for (const n of record.nodes) {
      if (rejected.length >= limit) break
      if (!listed.has(n.name)) rejected.push(n.name)
    }
  }
  const absentCount = d.absentStatus ? record.numAllNodes - d.nodeToStatus.size - record.feasible.length : 0
  const nFeasible = Math.min(feasible.length, Math.max(limit - rejected.length, Math.ceil(limit / 2)))
  const nRejected = Math.min(rejected.length, limit - nFeasible)
  for (const n of feasible.slice(0, nFeasible)) result.filter[n] = filterEntry(record, undefined, true)
  for (const n of rejected.slice(0, nRejected)) result.filter[n] = filterEntry(record, d.statusOf(n), d.nodeToStatus.has(n))

  if (scores) {
    const order = scores.nodes.map((n, i) => i).sort((a, b) => (scores.nodes[a].name === selected ? -1 : scores.nodes[b].name === selected ? 1 : scores.table.totals[b] - scores.table.totals[a]))
    for (const i of order.slice(0, limit)) {
      const entry: Record<string, number> = {}
      scores.table.plugins.forEach((p, k) => (entry[p] = scores.table.scores[k][i]))
      entry.total = scores.table.totals[i]
      result.score[scores.nodes[i].name] = entry
    }
  }
  const omittedFilter = result.nodes.evaluated + absentCount - Object.keys(result.filter).length
  const omittedScore = (scores?.nodes.length ?? 0) - Object.keys(result.score).length
  if (omittedFilter > 0 || omittedScore > 0) result.omitted = { filter: omittedFilter, score: omittedScore }
  return result
}
