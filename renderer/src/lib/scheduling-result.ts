import type { KubeObject } from '../../../preload/contract'

/**
 * Reads the scheduler's record of its last attempt to place a pod: the
 * `sim.kubelab.dev/scheduling-result` annotation it writes (JSON; see
 * main/cluster/scheduler/core/scheduling-result.ts). Nothing is worked out
 * here: the scheduler said, per node, which filter plugin turned the pod
 * away and why; this turns its JSON into rows to show.
 */
export const schedulingResultAnnotation = 'sim.kubelab.dev/scheduling-result'

/** One node's outcome: it fit, or the filter plugin that rejected it and the plugin's reason. */
export interface NodeVerdict {
  node: string
  fits: boolean
  plugin?: string
  reason?: string
  /** The scheduler's total score, for nodes that fit. */
  score?: number
}

export interface SchedulingSummary {
  /** When the attempt ran (RFC 3339, cluster time). */
  time: string
  result: 'Scheduled' | 'Unschedulable' | 'Error' | string
  selectedNode: string | null
  /** The FailedScheduling message, when not scheduled. */
  message?: string
  total: number
  evaluated: number
  feasible: number
  /** Rejected nodes first (by name), then the nodes that fit (best score first). */
  verdicts: NodeVerdict[]
  /** Nodes the annotation left out to stay small. */
  omitted: number
}

interface RawResult {
  time?: unknown
  result?: unknown
  selectedNode?: unknown
  message?: unknown
  nodes?: { total?: unknown; evaluated?: unknown; feasible?: unknown }
  filter?: Record<string, Record<string, unknown>>
  score?: Record<string, Record<string, unknown>>
  omitted?: { filter?: unknown }
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0)

/** The pod's last scheduling attempt, or undefined when there is none (or the annotation is unreadable). */
export function schedulingResultOf(pod: KubeObject | undefined): SchedulingSummary | undefined {
  const text = pod?.metadata.annotations?.[schedulingResultAnnotation]
  if (!text) return undefined
  let raw: RawResult
  try {
    raw = JSON.parse(text) as RawResult
  } catch {
    return undefined
  }
  if (typeof raw !== 'object' || raw === null) return undefined
  const verdicts: NodeVerdict[] = []
  for (const [node, plugins] of Object.entries(raw.filter ?? {})) {
    const rejected = Object.entries(plugins ?? {}).find(([, v]) => v !== 'passed')
    const total = raw.score?.[node]?.total
    verdicts.push(
      rejected
        ? { node, fits: false, plugin: rejected[0], reason: String(rejected[1]) }
        : { node, fits: true, ...(typeof total === 'number' ? { score: total } : {}) }
    )
  }
  verdicts.sort((a, b) => Number(a.fits) - Number(b.fits) || (b.score ?? 0) - (a.score ?? 0) || a.node.localeCompare(b.node))
  return {
    time: typeof raw.time === 'string' ? raw.time : '',
    result: typeof raw.result === 'string' ? raw.result : '',
    selectedNode: typeof raw.selectedNode === 'string' ? raw.selectedNode : null,
    ...(typeof raw.message === 'string' ? { message: raw.message } : {}),
    total: num(raw.nodes?.total),
    evaluated: num(raw.nodes?.evaluated),
    feasible: num(raw.nodes?.feasible),
    verdicts,
    omitted: num(raw.omitted?.filter)
  }
}

/** Whether the pod waits for a node: not bound, and the scheduler's last attempt did not place it. */
export function isWaitingForNode(pod: KubeObject | undefined, summary: SchedulingSummary | undefined): boolean {
  const nodeName = (pod?.spec as { nodeName?: string } | undefined)?.nodeName
  return !!summary && !nodeName && summary.result !== 'Scheduled'
}

/** The line a node box shows while such a pod is selected: `✗ NodeResourcesFit: Insufficient cpu` or `✓ fits`. */
export function verdictLine(v: NodeVerdict): string {
  return v.fits ? '✓ fits' : `✗ ${v.plugin}: ${v.reason}`
}
