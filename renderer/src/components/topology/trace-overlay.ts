import type cytoscape from 'cytoscape'
import type { TraceAnswer, TraceHop, TraceObjectRef } from '../../../../preload/contract'
import type { TopologyView } from '../../stores/ui'
import type { Palette } from './style'
import { SvgLayer } from './svg-layer'

/**
 * A packet trace on the canvas. The objects each hop is at (the answer's
 * `places`) are marked by class: the hops walked so far `trace-path`, the
 * current hop `trace-current`, and for a dropped packet the objects its
 * reason blames `trace-culprit` (red) once the walk reaches the drop. The
 * edges between consecutive places (a Service's edge to the pod it DNATs to,
 * a node's bridge) join the path. Over the canvas an SVG line runs through
 * the hops and a marker moves from hop to hop. Classes are put back after
 * every graph sync (apply()), so updates never wipe them.
 */
export interface TraceShown {
  answer: TraceAnswer
  /** The current hop. */
  step: number
}

const classes = 'trace-path trace-current trace-culprit trace-dim'

/** The element that stands for an object in a view; a pod the canvas draws inside a summary falls back to that summary, then its node. */
export function elementIdsFor(ref: TraceObjectRef, view: TopologyView, network?: TraceHop['network']): string[] {
  if (ref.kind === 'Service') return [`svc/${ref.namespace}/${ref.name}`]
  if (ref.kind === 'Node') {
    if (view !== 'networks') return [`node/${ref.name}`]
    return network === 'Pod' ? [`bridge/${ref.name}`, `nic/${ref.name}`] : [`nic/${ref.name}`]
  }
  const pod = `pod/${ref.namespace}/${ref.name}`
  if (!ref.node) return [pod]
  return view === 'networks' ? [pod, `bridge/${ref.node}`] : [pod, `podsum/node/${ref.node}`, `node/${ref.node}`]
}

export class TraceOverlay {
  private shown: TraceShown | undefined
  private view: TopologyView = 'cluster'
  /** Per hop, the elements it lights up (first found of each place's candidates). */
  private hopElements: string[][] = []
  private culprits: string[] = []
  private readonly layer: SvgLayer
  private lastStep = -1
  /** Whether any element carries a trace class. */
  private marks = false
  private glideUntil = 0
  private readonly line: SVGGElement
  private readonly marker: SVGGElement

  constructor(
    private readonly cy: cytoscape.Core,
    host: HTMLElement,
    private readonly palette: () => Palette | undefined
  ) {
    this.layer = new SvgLayer(host, cy, () => this.drawPath(), 'trace-layer')
    this.line = this.layer.add('g', {})
    this.marker = this.layer.add('g', { 'data-test': 'trace-marker' })
  }

  /** Shows a trace (or none), then marks it on the canvas as it is now. */
  show(shown: TraceShown | undefined, view: TopologyView): void {
    this.shown = shown
    this.view = view
    this.apply()
  }

  /** Puts the marks back on the current elements: call after every graph sync. */
  apply(): void {
    const cy = this.cy
    const shown = this.shown
    // No trace, none drawn: a sync of a big graph costs nothing here.
    if (!shown && !this.marks) return
    this.marks = !!shown
    cy.batch(() => {
      cy.elements('.trace-path, .trace-current, .trace-culprit, .trace-dim').removeClass(classes)
      this.hopElements = []
      this.culprits = []
      if (!shown) return
      const first = (ids: string[]): string | undefined => ids.find((id) => cy.getElementById(id).nonempty())
      this.hopElements = shown.answer.hops.map((hop, i) =>
        [...new Set((shown.answer.places[i] ?? []).map((p) => first(elementIdsFor(p, this.view, hop.network))).filter((id): id is string => !!id))]
      )
      this.culprits = [...new Set(shown.answer.culprits.map((c) => first(elementIdsFor(c, this.view))).filter((id): id is string => !!id))]
      const step = Math.min(shown.step, shown.answer.hops.length - 1)
      const walked = cy.collection()
      for (let i = 0; i <= step; i++) for (const id of this.hopElements[i]) walked.merge(cy.getElementById(id))
      // Edges joining consecutive places (Service -> pod, node -> bridge) are part of the path.
      const sequence = this.hopElements.slice(0, step + 1).flat()
      for (let i = 1; i < sequence.length; i++) {
        if (sequence[i] !== sequence[i - 1]) walked.merge(cy.getElementById(sequence[i - 1]).edgesWith(cy.getElementById(sequence[i])))
      }
      walked.addClass('trace-path')
      for (const id of this.hopElements[step] ?? []) cy.getElementById(id).addClass('trace-current')
      const reachedDrop = shown.answer.verdict === 'Dropped' && step === shown.answer.hops.length - 1
      if (reachedDrop) {
        // Nothing named is on the canvas: the drop's own place is to blame.
        const blamed = this.culprits.length ? this.culprits : (this.hopElements[step] ?? [])
        for (const id of blamed) cy.getElementById(id).addClass('trace-culprit')
      }
      const lit = cy.elements('.trace-path, .trace-culprit')
      cy.nodes()
        .filter((n) => !n.isParent() && !lit.contains(n))
        .addClass('trace-dim')
      cy.edges().not(lit).addClass('trace-dim')
    })
    this.layer.request()
  }

  /** The line through the hops walked so far and the marker at the current one. */
  private drawPath(): void {
    const layer = this.layer
    const p = this.palette()
    this.line.replaceChildren()
    this.marker.replaceChildren()
    const shown = this.shown
    if (!shown || !p) return void (this.lastStep = -1)
    const step = Math.min(shown.step, shown.answer.hops.length - 1)
    const points: Array<{ x: number; y: number }> = []
    let current: { x: number; y: number } | undefined
    for (let i = 0; i <= step; i++) {
      const hopPoints = (this.hopElements[i] ?? []).map((id) => this.pointOf(id)).filter((pt): pt is { x: number; y: number } => !!pt)
      if (hopPoints.length) current = hopPoints[shown.answer.hops[i].action === 'dnat' ? 0 : hopPoints.length - 1]
      const action = shown.answer.hops[i].action
      // A DNS answer is not a place the packet goes: the marker shows the Service it names, the line does not.
      if (action === 'resolve') continue
      // DNAT happens at the Service's rules; the pod it now heads for is lit, but the packet is not there yet.
      for (const at of action === 'dnat' ? hopPoints.slice(0, 1) : hopPoints) {
        const last = points[points.length - 1]
        if (!last || Math.hypot(last.x - at.x, last.y - at.y) > 1) points.push(at)
      }
    }
    if (points.length > 1) {
      const d = points.map((pt, i) => `${i ? 'L' : 'M'}${pt.x.toFixed(1)},${pt.y.toFixed(1)}`).join(' ')
      layer.add('path', { d, fill: 'none', stroke: p.accent, 'stroke-width': 7, 'stroke-opacity': 0.18, 'stroke-linecap': 'round', 'stroke-linejoin': 'round' }, this.line)
      const flow = layer.add('path', { d, fill: 'none', stroke: p.accent, 'stroke-width': 2.5, 'stroke-dasharray': '7 5', 'stroke-linecap': 'round', 'stroke-linejoin': 'round' }, this.line)
      // The dashes run along the path, in the packet's direction.
      layer.add('animate', { attributeName: 'stroke-dashoffset', from: 24, to: 0, dur: '0.8s', repeatCount: 'indefinite' }, flow)
    }
    if (!current) return
    // Moving to the next hop glides; following a pan or zoom does not.
    if (step !== this.lastStep && this.lastStep >= 0) this.glideUntil = performance.now() + 300
    this.marker.style.transition = performance.now() < this.glideUntil ? 'transform 280ms ease-in-out' : 'none'
    this.marker.style.transform = `translate(${current.x.toFixed(1)}px, ${current.y.toFixed(1)}px)`
    this.marker.setAttribute('data-step', String(step))
    const color = shown.answer.verdict === 'Dropped' && step === shown.answer.hops.length - 1 ? p.error : p.accent
    layer.add('circle', { r: 11, fill: color, 'fill-opacity': 0.25 }, this.marker)
    layer.add('circle', { r: 6, fill: color, stroke: '#fff', 'stroke-width': 1.5 }, this.marker)
    const hop = shown.answer.hops[step]
    if (hop) layer.label(0, -22, `${step + 1} ${hop.action.toUpperCase()}`, { fg: p.text, bg: p.surface, border: color }, { 'data-test': 'trace-marker-label' }, this.marker)
    this.lastStep = step
  }

  /** Where the path passes an element: a leaf's centre; a box's title (a node's name and Node IP), not its centre over its pods. */
  private pointOf(id: string): { x: number; y: number } | undefined {
    const el = this.cy.getElementById(id)
    if (el.empty() || !el.isNode()) return undefined
    if (!el.isParent()) return this.layer.at(id)
    const box = el.renderedBoundingBox({ includeLabels: false })
    return { x: (box.x1 + box.x2) / 2, y: box.y1 }
  }

  /** What the canvas marks, for browser tests. */
  marked(cls: 'trace-path' | 'trace-current' | 'trace-culprit'): string[] {
    return this.cy.elements(`.${cls}`).map((e) => e.id())
  }

  destroy(): void {
    this.layer.destroy()
  }
}

declare global {
  interface Window {
    /** Read-only view of the trace marks for browser tests (`?e2e`). */
    __kubelabTrace?: { marked(cls: 'trace-path' | 'trace-current' | 'trace-culprit'): string[]; step(): number }
  }
}

/** The trace's look on the canvas, added after the base stylesheet. */
export function traceStyles(p: Palette): cytoscape.StylesheetJson {
  return [
    { selector: '.trace-dim', style: { opacity: 0.3 } },
    { selector: 'node.trace-path', style: { 'underlay-color': p.accent, 'underlay-opacity': 0.28, 'underlay-padding': 7, opacity: 1 } },
    { selector: 'node:parent.trace-path', style: { 'underlay-opacity': 0, 'border-color': p.accent, 'border-width': 3 } },
    { selector: 'edge.trace-path', style: { 'line-color': p.accent, 'target-arrow-color': p.accent, width: 3.5, opacity: 1, 'line-style': 'solid' } },
    { selector: 'node.trace-current', style: { 'underlay-color': p.accent, 'underlay-opacity': 0.5, 'underlay-padding': 10 } },
    { selector: 'node:parent.trace-current', style: { 'underlay-opacity': 0, 'border-width': 4 } },
    { selector: 'node.trace-culprit', style: { 'underlay-color': p.error, 'underlay-opacity': 0.55, 'underlay-padding': 10, 'border-color': p.error, 'border-width': 3, color: p.error, opacity: 1 } },
    { selector: 'node:parent.trace-culprit', style: { 'underlay-opacity': 0, 'border-width': 4, 'border-style': 'solid' } }
  ] as unknown as cytoscape.StylesheetJson
}
