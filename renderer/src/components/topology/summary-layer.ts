import type cytoscape from 'cytoscape'
import type { TopoGraph, TopoNode } from './graph'
import { summaryTones } from './pod-summary'
import type { Palette } from './style'

/**
 * The pod summaries of a big cluster (pod-summary.ts) drawn on a canvas of
 * our own, laid over cytoscape's and following its viewport. In cytoscape a
 * summary is a plain disc of fixed style (for layout, selection, hover and
 * hit-testing); its pie of tones and its counts are drawn here. A batch that
 * changes the counts of every summary (1,000 pods deleted over 500 nodes)
 * then costs no cytoscape restyle at all: cytoscape restyles an element
 * whenever its data changes, and a data-mapped pie is ~500 restyles.
 *
 * Drawn at each cytoscape frame (pan, zoom, moves, fades) and, when only the
 * counts changed, at once. Clicks go through to the canvas below.
 */
export interface SummaryContent {
  label: string
  data: Record<string, string | number | undefined>
}

/**
 * The graph as cytoscape gets it: each summary a plain disc whose description is the same whatever
 * its counts (so sync.ts leaves it alone when they change), and the summaries themselves for the layer.
 */
export function plainSummaries(graph: TopoGraph): { graph: TopoGraph; summaryNodes: TopoNode[] } {
  const summaryNodes: TopoNode[] = []
  const nodes = graph.nodes.map((n) => {
    if (!n.classes.includes('pod-summary')) return n
    summaryNodes.push(n)
    return { id: n.id, parent: n.parent, label: '', classes: n.classes }
  })
  return summaryNodes.length ? { graph: { nodes, edges: graph.edges }, summaryNodes } : { graph, summaryNodes }
}

/** The disc's label: 11 px to the right of it, drawn from this zoom on (cytoscape's min-zoomed-font-size 7). */
const font = { size: 11, minZoomed: 7, marginX: 8, maxWidth: 180 }

export class SummaryLayer {
  readonly canvas: HTMLCanvasElement
  private readonly contents = new Map<string, SummaryContent>()
  private readonly onRender = (): void => this.draw()
  /** Wrapped label lines per label text (wrapping measures text). */
  private readonly lines = new Map<string, string[]>()
  private readonly elements = new Map<string, cytoscape.NodeSingular>()

  constructor(
    private readonly cy: cytoscape.Core,
    private readonly host: HTMLElement,
    private readonly palette: () => Palette | undefined,
    /** Called after a draw of this layer alone (cytoscape had nothing to draw). */
    private readonly drewAlone: () => void = () => undefined
  ) {
    this.canvas = document.createElement('canvas')
    this.canvas.setAttribute('data-test', 'summary-layer')
    Object.assign(this.canvas.style, { position: 'absolute', inset: '0', width: '100%', height: '100%', pointerEvents: 'none' })
    host.appendChild(this.canvas)
    cy.on('render', this.onRender)
  }

  /** What a summary says (its counts and label), or undefined for any other element. */
  content(id: string): SummaryContent | undefined {
    return this.contents.get(id)
  }

  /** Takes the summaries of the graph just synced; returns whether any changed. */
  set(summaries: readonly TopoNode[]): boolean {
    let changed = summaries.length !== this.contents.size
    const next = new Map<string, SummaryContent>()
    for (const s of summaries) {
      const old = this.contents.get(s.id)
      const data = s.data ?? {}
      if (old && old.label === s.label && sameData(old.data, data)) next.set(s.id, old)
      else {
        next.set(s.id, { label: s.label, data })
        changed = true
      }
    }
    if (!changed) return false
    this.contents.clear()
    for (const [k, v] of next) this.contents.set(k, v)
    for (const id of this.elements.keys()) if (!next.has(id)) this.elements.delete(id)
    if (this.lines.size > 4 * this.contents.size + 64) this.lines.clear()
    return true
  }

  /**
   * After a sync: when cytoscape is to draw a frame anyway, this layer is drawn with it (its render
   * event); else it is drawn now, alone, and says so. Returns whether it drew.
   */
  drawUnlessCytoscapeWill(): boolean {
    const r = (this.cy as unknown as { renderer?: () => { requestedFrame?: boolean } | undefined }).renderer?.()
    if (r?.requestedFrame) return false
    this.draw()
    this.drewAlone()
    return true
  }

  draw(): void {
    const ctx = this.canvas.getContext('2d')
    const p = this.palette()
    if (!ctx || !p) return
    const dpr = window.devicePixelRatio || 1
    const w = this.host.clientWidth
    const h = this.host.clientHeight
    if (this.canvas.width !== Math.round(w * dpr) || this.canvas.height !== Math.round(h * dpr)) {
      this.canvas.width = Math.round(w * dpr)
      this.canvas.height = Math.round(h * dpr)
    }
    ctx.setTransform(1, 0, 0, 1, 0, 0)
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height)
    if (!this.contents.size) return
    const zoom = this.cy.zoom()
    const pan = this.cy.pan()
    ctx.setTransform(dpr * zoom, 0, 0, dpr * zoom, dpr * pan.x, dpr * pan.y)
    // What is in view, in model coordinates; a summary's label reaches past its disc on the right.
    const left = -pan.x / zoom - font.maxWidth - 60
    const right = (w - pan.x) / zoom + 60
    const top = -pan.y / zoom - 60
    const bottom = (h - pan.y) / zoom + 60
    // Cytoscape's own test for drawing a label (eleTextBiggerThanMin): the zoom rounded up to its texture level.
    const labels = font.size * Math.pow(2, Math.ceil(Math.log2(zoom * dpr))) >= font.minZoomed
    // Slices are gathered per tone and opacity and filled once each: hundreds of tiny fills cost far more than a few big ones.
    const slices = new Map<string, { tone: string; alpha: number; arcs: number[] }>()
    const texts: Array<{ x: number; y: number; alpha: number; label: string }> = []
    for (const [id, c] of this.contents) {
      const node = this.element(id)
      if (!node) continue
      const pos = node.position()
      if (pos.x < left || pos.x > right || pos.y < top || pos.y > bottom) continue
      const alpha = shownOpacity(node)
      if (alpha <= 0) continue
      const radius = Math.min(node.width(), node.height()) / 2
      pieSlices(c.data, (tone, start, end) => {
        const key = `${tone}|${alpha}`
        let group = slices.get(key)
        if (!group) slices.set(key, (group = { tone, alpha, arcs: [] }))
        group.arcs.push(pos.x, pos.y, radius, start, end)
      })
      if (labels) texts.push({ x: pos.x + radius + font.marginX, y: pos.y, alpha, label: c.label })
    }
    const colors: Record<string, string> = { ok: p.ok, progress: p.progress, warn: p.warn, error: p.error, done: p.done, unknown: p.unknown }
    for (const { tone, alpha, arcs } of slices.values()) {
      ctx.globalAlpha = alpha
      ctx.fillStyle = colors[tone]
      ctx.beginPath()
      for (let i = 0; i < arcs.length; i += 5) {
        const x = arcs[i]
        const y = arcs[i + 1]
        const r = arcs[i + 2]
        const start = arcs[i + 3]
        const end = arcs[i + 4]
        // A whole disc starts on its rim; a slice at the centre (a fill closes each one).
        if (end - start >= 2 * Math.PI) ctx.moveTo(x + r, y)
        else ctx.moveTo(x, y)
        ctx.arc(x, y, r, start, end)
      }
      ctx.fill()
    }
    if (texts.length) {
      ctx.font = `${font.size}px ${p.font}`
      ctx.textBaseline = 'middle'
      ctx.textAlign = 'left'
      ctx.fillStyle = p.text
      const lineH = font.size * 1.1
      for (const t of texts) {
        ctx.globalAlpha = t.alpha
        const lines = this.wrapped(ctx, t.label)
        let y = t.y - ((lines.length - 1) * lineH) / 2
        for (const line of lines) {
          ctx.fillText(line, t.x, y)
          y += lineH
        }
      }
    }
    ctx.globalAlpha = 1
  }

  /** A summary's element on the canvas, looked up once while it stays there. */
  private element(id: string): cytoscape.NodeSingular | undefined {
    let node = this.elements.get(id)
    if (!node || node.removed()) {
      const found = this.cy.getElementById(id)
      node = found.nonempty() && found.isNode() ? found : undefined
      if (node) this.elements.set(id, node)
      else this.elements.delete(id)
    }
    return node
  }

  /** A label's lines: its own line breaks, then breaks between " · " parts past the maximum width. */
  private wrapped(ctx: CanvasRenderingContext2D, label: string): string[] {
    const known = this.lines.get(label)
    if (known) return known
    const out: string[] = []
    for (const line of label.split('\n')) {
      let current = ''
      for (const part of line.split(' · ')) {
        const candidate = current ? `${current} · ${part}` : part
        if (current && ctx.measureText(candidate).width > font.maxWidth) {
          out.push(current)
          current = part
        } else current = candidate
      }
      out.push(current)
    }
    this.lines.set(label, out)
    return out
  }

  destroy(): void {
    this.cy.off('render', this.onRender)
    this.canvas.remove()
  }
}

/** The tones as slices clockwise from 12 o'clock, as cytoscape draws a pie (`pct_<tone>` of 100): each slice's angles. */
function pieSlices(data: SummaryContent['data'], slice: (tone: string, start: number, end: number) => void): void {
  let done = 0
  for (const tone of summaryTones) {
    const pct = Math.min(Number(data[`pct_${tone}`]) || 0, 100 - done)
    if (pct <= 0) continue
    const start = 1.5 * Math.PI + (2 * Math.PI * done) / 100
    slice(tone, start, pct >= 100 ? start + 2 * Math.PI : start + (2 * Math.PI * pct) / 100)
    done += pct
  }
}

/** Internals read for speed (cytoscape 3's `_private`): an element's box, without building a collection per call. */
interface Internal {
  _private: { parent?: Internal | null }
  pstyle(name: string): { value: unknown }
}

/** The opacity cytoscape draws an element at (its own times its boxes'), 0 when it is not displayed. */
function shownOpacity(ele: cytoscape.NodeSingular): number {
  const node = ele as unknown as Internal
  if (node.pstyle('display').value === 'none' || node.pstyle('visibility').value !== 'visible') return 0
  let opacity = Number(node.pstyle('opacity').value)
  for (let box = node._private.parent; box; box = box._private.parent) opacity *= Number(box.pstyle('opacity').value)
  return opacity
}

function sameData(a: SummaryContent['data'], b: SummaryContent['data']): boolean {
  for (const k of Object.keys(b)) if (a[k] !== b[k]) return false
  return Object.keys(a).length === Object.keys(b).length
}
