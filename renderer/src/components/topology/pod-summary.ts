/**
 * Level of detail for big clusters: a node box's pods collapse into one
 * summary element that counts them by tone (Running, Pending, failing…) and
 * draws the counts as a pie. Edges to collapsed pods go to their summary,
 * once per source; past a budget, only the focused element's. Pure: a graph
 * in, a smaller graph out.
 */
import type { TopoEdge, TopoGraph, TopoNode } from './graph'

export interface DetailOptions {
  /** Above this many pods on the canvas, every node's pods collapse. */
  maxPods: number
  /** Above this many pods in one box, that box's pods collapse. */
  maxPodsPerBox: number
  /** Boxes whose pods are always drawn one by one (the one the user opened). */
  expanded: ReadonlySet<string>
  /**
   * Above this many edges to summaries (10 Services over 500 collapsed nodes
   * make 5,000; a DaemonSet alone makes one per node), only those of the
   * focused elements are drawn: a Service's reach across a big cluster shows
   * when it is selected, not as a wash of lines over every box (each line is
   * also an element to style, draw and hit-test: on 500 nodes, a DaemonSet's
   * and one Service's lines doubled what the first render had to draw).
   */
  maxSummaryEdges: number
  /** Elements (a selected Service or controller) whose edges to summaries are always drawn. */
  focus: ReadonlySet<string>
}

export const defaultDetail: DetailOptions = { maxPods: 1500, maxPodsPerBox: 60, expanded: new Set(), maxSummaryEdges: 500, focus: new Set() }

/** The tones a pod can have (lib/kube podSummary), in the order their slices are drawn. */
export const summaryTones = ['ok', 'progress', 'warn', 'error', 'done', 'unknown'] as const

export const summaryId = (box: string): string => `podsum/${box}`

/** The graph with the pods of crowded boxes replaced by one summary per box. */
export function collapsePods(graph: TopoGraph, options: DetailOptions = defaultDetail): TopoGraph {
  const podBoxes = graph.podBoxes ?? groupPods(graph.nodes)
  let total = 0
  for (const pods of podBoxes.values()) total += pods.length
  const collapseAll = total > options.maxPods
  const summaryOfBox = new Map<string, string>()
  const summaries: TopoNode[] = []
  for (const [box, pods] of podBoxes) {
    if (!pods.length || options.expanded.has(box) || (!collapseAll && pods.length <= options.maxPodsPerBox)) continue
    const summary = summarize(box, pods)
    summaryOfBox.set(box, summary.id)
    summaries.push(summary)
  }
  if (!summaryOfBox.size) return graph

  const boxOf = graph.boxOfPod ?? boxesOfPods(podBoxes)
  /** The summary standing for element `id`, if it is a collapsed pod. */
  const collapsed = (id: string): string | undefined => {
    const box = boxOf.get(id)
    return box === undefined ? undefined : summaryOfBox.get(box)
  }
  const nodes = graph.nodes.filter((n) => n.parent === undefined || !summaryOfBox.has(n.parent) || !boxOf.has(n.id))
  nodes.push(...summaries)
  const edges: TopoEdge[] = []
  // Edges to summaries, one per source and summary (and kind): counted first and made only when drawn. On 500
  // collapsed nodes 10 Services make 5,000, past the budget: the 10,000 pod edges behind them then make no object at all.
  const toSummaries: Array<[TopoEdge, string, string]> = []
  const seen = new Map<string, Map<string, Set<string>>>() // source → kind → targets (no key strings joined per edge)
  for (const e of graph.edges) {
    const source = collapsed(e.source) ?? e.source
    const target = collapsed(e.target) ?? e.target
    if (source === e.source && target === e.target) {
      edges.push(e)
      continue
    }
    const kind = e.classes[0] ?? 'edge'
    let kinds = seen.get(source)
    if (!kinds) seen.set(source, (kinds = new Map()))
    let targets = kinds.get(kind)
    if (!targets) kinds.set(kind, (targets = new Set()))
    if (targets.has(target)) continue
    targets.add(target)
    toSummaries.push([e, source, target])
  }
  const all = toSummaries.length <= options.maxSummaryEdges
  for (const [e, source, target] of toSummaries) if (all || options.focus.has(source) || options.focus.has(target)) edges.push(redirect(e, source, target))
  return { nodes, edges }
}

/** The pods of a graph box by box, for a graph that does not list them so (any but the Cluster view's). */
function groupPods(nodes: readonly TopoNode[]): Map<string, TopoNode[]> {
  const podsByBox = new Map<string, TopoNode[]>()
  for (const n of nodes) {
    if (!n.parent || !n.classes.includes('pod')) continue
    const list = podsByBox.get(n.parent)
    if (list) list.push(n)
    else podsByBox.set(n.parent, [n])
  }
  return podsByBox
}

function boxesOfPods(podBoxes: ReadonlyMap<string, readonly TopoNode[]>): Map<string, string> {
  const out = new Map<string, string>()
  for (const [box, pods] of podBoxes) for (const p of pods) out.set(p.id, box)
  return out
}

/** Each box's summary, kept for as long as the box's list of pods is the same list (cluster-pods.ts keeps it while none of them changed). */
const summaries = new WeakMap<readonly TopoNode[], TopoNode>()

function summarize(box: string, pods: readonly TopoNode[]): TopoNode {
  const cached = summaries.get(pods)
  if (cached?.parent === box) return cached
  const counts: Record<string, number> = { ok: 0, progress: 0, warn: 0, error: 0, done: 0, unknown: 0 }
  let restarted = 0
  for (const p of pods) {
    counts[toneOf(p)]++
    if (p.classes.includes('restarted')) restarted++
  }
  const data: Record<string, string | number> = { pods: pods.length, restarted }
  for (const t of summaryTones) data[`pct_${t}`] = (100 * counts[t]) / pods.length
  for (const t of summaryTones) data[`n_${t}`] = counts[t]
  const summary: TopoNode = { id: summaryId(box), parent: box, label: summaryLabel(pods.length, counts), classes: ['pod-summary'], data }
  summaries.set(pods, summary)
  return summary
}

/** An edge's stand-in to a summary, kept per edge while it leads to the same ends: 10,000 pods' edges are not named afresh on every batch. */
const redirects = new WeakMap<TopoEdge, TopoEdge>()

function redirect(e: TopoEdge, source: string, target: string): TopoEdge {
  const cached = redirects.get(e)
  if (cached && cached.source === source && cached.target === target) return cached
  const kind = e.classes[0] ?? 'edge'
  const edge = { id: `${kind}:${source}->${target}`, source, target, classes: [kind, 'to-summary'] }
  redirects.set(e, edge)
  return edge
}

const toneWords: Record<string, string> = { ok: 'running', progress: 'pending', warn: 'not ready', error: 'failing', done: 'done', unknown: 'other' }

/** Tones by class name (`tone-ok` → `ok`): a lookup, where slicing each of 10,000 pods' class made a new string to hash. */
const toneOfClass = new Map<string, string>(summaryTones.map((t) => [`tone-${t}`, t]))

function toneOf(pod: TopoNode): string {
  for (const c of pod.classes) {
    const tone = toneOfClass.get(c)
    if (tone) return tone
  }
  return 'unknown'
}

/** "20 pods" over "18 running · 2 pending": what a person reads on a collapsed node. */
function summaryLabel(count: number, counts: Record<string, number>): string {
  const parts = summaryTones.filter((t) => counts[t] > 0).map((t) => `${counts[t]} ${toneWords[t]}`)
  return `${count} pod${count === 1 ? '' : 's'}\n${parts.join(' · ')}`
}
