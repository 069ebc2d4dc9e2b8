import type { Status } from '../framework/status'
import type { AttemptRecord, Outcome } from './outcome'

/** The pod annotation holding the last scheduling attempt's per-node filter outcomes and scores. */
export const schedulingResultAnnotation = 'sim.kubelab.dev/scheduling-result'

/** How many nodes the annotation lists at most (filter and score together). */
export const defaultNodeLimit = 100
/**
 * How many feasible nodes (the best scored) it lists at most: they all
 * passed, so their scores tell the story, and the chosen one with its four
 * closest rivals tells it. The annotation rides on every later write of the
 * pod (status updates, watch events, storage), so a scheduled pod's
 * annotation is kept near a kilobyte.
 */
export const defaultFeasibleLimit = 5

/** The annotation's JSON: why each listed node passed or failed, and how the feasible ones scored. */
export interface SchedulingResult {
  /** When the attempt ran (cluster time, RFC 3339). */
  time: string
/** Scheduled, Unschedulable or Error. */
  result: Outcome['result']
/** The chosen node; null unless scheduled. */
  selectedNode: string | null
  /** The FailedScheduling message (or the error) when the pod was not scheduled. */
  message?: string
/** How many nodes there were, were filtered, and fit. */
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

/** How many nodes to list. */
export interface ResultLimits {
  /** All listed nodes (default 100). */
  nodes?: number
  /** Feasible nodes among them (default 5), the best scored first. */
  feasible?: number
}

/**
 * The annotation for an attempt. Lists the chosen node and the best-scored
 * feasible nodes (with their scores), then rejected nodes with their
 * reasons, up to the limits, and counts what it leaves out, so the
 * annotation stays a few kilobytes however large the cluster.
 */
export function buildSchedulingResult(outcome: Outcome, time: string, limits: ResultLimits = {}): SchedulingResult {
  const maxNodes = limits.nodes ?? defaultNodeLimit
  const maxFeasible = Math.min(limits.feasible ?? defaultFeasibleLimit, maxNodes)
  const record = outcome.record
  const selected = outcome.result === 'Scheduled' ? outcome.nodeName : null
  const result: SchedulingResult = {
    time,
    result: outcome.result,
    selectedNode: selected,
    ...(outcome.result !== 'Scheduled' ? { message: outcome.message } : {}),
    nodes: { total: record?.numAllNodes ?? 0, evaluated: 0, feasible: record?.feasible.length ?? 0 },
    // Keyed by node names, a different few for every pod: prototype-less objects are dictionaries from the start, where a literal
    // made V8 build a hidden class for each new sequence of names (most of what a scheduling cycle allocated). Same JSON.
    filter: Object.create(null) as Record<string, Record<string, string>>,
    score: Object.create(null) as Record<string, Record<string, number>>
  }
  if (!record) return result
  const d = record.diagnosis
  result.nodes.evaluated = record.feasible.length + d.nodeToStatus.size

  // The best feasible nodes by total score, the selected one first (a partial selection, not a full sort).
  const scores = record.scores
  const feasibleIdx = topFeasible(record, selected, maxFeasible)
  const passed = filterEntry(record, undefined, true)
  for (const i of feasibleIdx) {
    const name = record.feasible[i].name
    result.filter[name] = passed
    if (scores) {
      const entry: Record<string, number> = {}
      scores.table.plugins.forEach((p, k) => (entry[p] = scores.table.scores[k][i]))
      entry.total = scores.table.totals[i]
      result.score[name] = entry
    }
  }
  let listed = feasibleIdx.length
  for (const [name, status] of d.nodeToStatus) {
    if (listed >= maxNodes) break
    result.filter[name] = filterEntry(record, status, true)
    listed++
  }
  let absentCount = 0
  if (d.absentStatus) {
    absentCount = record.numAllNodes - d.nodeToStatus.size - record.feasible.length
    const entry = filterEntry(record, d.absentStatus, false)
    for (const n of record.nodes) {
      if (listed >= maxNodes) break
      if (result.filter[n.name] || d.nodeToStatus.has(n.name)) continue
      result.filter[n.name] = entry
      listed++
    }
  }
  // The listed nodes, counted as they were listed (each name once): Object.keys of these dictionaries lists and sorts their keys.
  const omittedFilter = result.nodes.evaluated + absentCount - listed
  const omittedScore = (scores?.nodes.length ?? 0) - (scores ? feasibleIdx.length : 0)
  if (omittedFilter > 0 || omittedScore > 0) result.omitted = { filter: omittedFilter, score: omittedScore }
  return result
}

/** Indexes (into record.feasible) of the selected node and the next best by total score, at most n. */
export function topFeasible(record: AttemptRecord, selected: string | null, n: number): number[] {
  const feasible = record.feasible
  const total = feasible.length
  if (n <= 0 || total === 0) return []
  const totals = record.scores?.table.totals
  const hint = record.scores?.selected
  // Where the scheduler chose the node (without a walk over the nodes comparing names: cold ones, every pod).
  const sel = selected === null ? -1 : hint !== undefined && feasible[hint]?.name === selected ? hint : feasible.findIndex((x) => x.name === selected)
  // The best n of all kept in a short list sorted by total, ties in node order (a partial selection, not a full sort).
  const top: number[] = []
  for (let i = 0; i < total; i++) {
    const s = totals ? totals[i] : 0
    if (top.length === n && (totals ? totals[top[n - 1]] : 0) >= s) continue
    let at = top.length
    while (at > 0 && (totals ? totals[top[at - 1]] : 0) < s) at--
    top.splice(at, 0, i)
    if (top.length > n) top.pop()
  }
  if (sel < 0) return top
  // The selected node first, then the best others: the best n - 1 of the others are the best n but the selected one.
  const at = top.indexOf(sel)
  if (at >= 0) top.splice(at, 1)
  else top.pop()
  return [sel, ...top]
}
