import type cytoscape from 'cytoscape'
import type { KubeObject } from '../../../../preload/contract'
import type { TopologyView } from '../../stores/ui'
import { get } from '../../lib/kube'
import type { Palette } from './style'
import { SvgLayer } from './svg-layer'

/**
 * Live traffic on the canvas: for every TrafficGenerator, its status's
 * per-edge rates (what the traffic component measured over its last report
 * period) drawn over the topology as arrows from the client to the Service
 * and from the Service to each endpoint pod that received requests, each
 * labelled with its requests per second, thicker as the rate grows, with
 * dots running along. A client outside the cluster comes in from the
 * canvas's left edge. Nothing is added to the graph: graph updates never
 * disturb it.
 */

/** One generator's edge as its status reports it. */
interface StatusEdge {
  source: string
  destination: string
  service?: string
  rate: number
}

/** One arrow on the canvas: from one end to the other, with the rate summed over the generators it carries. */
export interface TrafficArrow {
  from: string
  to: string
  rate: number
}

/** The arrows a set of generators' statuses add up to: client -> Service -> pod, or client -> pod without a Service. */
export function trafficArrows(generators: readonly KubeObject[]): TrafficArrow[] {
  const arrows = new Map<string, TrafficArrow>()
  const add = (from: string, to: string, rate: number): void => {
    const key = `${from}|${to}`
    const a = arrows.get(key)
    if (a) a.rate += rate
    else arrows.set(key, { from, to, rate })
  }
  for (const g of generators) {
    for (const e of get<StatusEdge[]>(g, 'status', 'edges') ?? []) {
      if (!(e.rate > 0)) continue
      const client = e.source === 'external' ? 'external' : e.source.startsWith('node/') ? e.source : `pod/${e.source}`
      if (e.service) {
        add(client, `svc/${e.service}`, e.rate)
        add(`svc/${e.service}`, `pod/${e.destination}`, e.rate)
      } else add(client, `pod/${e.destination}`, e.rate)
    }
  }
  return [...arrows.values()]
}

/** `12 req/s`, `0.5 req/s`. */
export function rateText(rate: number): string {
  return `${rate >= 10 ? Math.round(rate) : Math.round(rate * 10) / 10} req/s`
}

export class TrafficOverlay {
  private arrows: TrafficArrow[] = []
  private view: TopologyView = 'cluster'
  private readonly layer: SvgLayer

  constructor(
    private readonly cy: cytoscape.Core,
    host: HTMLElement,
    private readonly palette: () => Palette | undefined,
    /** Where a pod is: its node's name (a crowded canvas draws it inside its node's summary). */
    private readonly nodeOfPod: (key: string) => string | undefined
  ) {
    this.layer = new SvgLayer(host, cy, () => this.draw(), 'traffic-layer')
  }

  show(generators: readonly KubeObject[], view: TopologyView): void {
    this.arrows = trafficArrows(generators)
    this.view = view
    this.layer.request()
  }

  /** The element an end of an arrow is drawn at in this view, if any. */
  private element(end: string): string | undefined {
    const present = (id: string): boolean => this.cy.getElementById(id).nonempty()
    if (end.startsWith('node/')) {
      const id = this.view === 'networks' ? `nic/${end.slice(5)}` : end
      return present(id) ? id : undefined
    }
    if (present(end)) return end
    if (!end.startsWith('pod/')) return undefined
    const node = this.nodeOfPod(end.slice(4))
    if (!node) return undefined
    return [this.view === 'networks' ? `bridge/${node}` : `podsum/node/${node}`].find(present)
  }

  private draw(): void {
    const layer = this.layer
    const p = this.palette()
    layer.clear()
    if (!p || !this.arrows.length || this.view === 'storage') return
    for (const a of this.arrows) {
      const toId = this.element(a.to)
      const to = toId && layer.at(toId)
      if (!to) continue
      const fromId = a.from === 'external' ? undefined : this.element(a.from)
      const from = a.from === 'external' ? { x: 8, y: to.y - 40 } : fromId && layer.at(fromId)
      if (!from) continue
      // A gentle curve, so a Service's arrows to several pods fan out instead of stacking.
      const mx = (from.x + to.x) / 2
      const my = (from.y + to.y) / 2
      const len = Math.hypot(to.x - from.x, to.y - from.y) || 1
      const bend = Math.min(40, len / 6)
      const cx = mx + ((to.y - from.y) / len) * bend
      const cy = my - ((to.x - from.x) / len) * bend
      const d = `M${from.x.toFixed(1)},${from.y.toFixed(1)} Q${cx.toFixed(1)},${cy.toFixed(1)} ${to.x.toFixed(1)},${to.y.toFixed(1)}`
      const width = 1.5 + Math.min(6, Math.log2(1 + a.rate))
      const g = layer.add('g', { 'data-test': 'traffic-edge', 'data-from': a.from, 'data-to': a.to })
      layer.add('path', { d, fill: 'none', stroke: p.service, 'stroke-width': width, 'stroke-opacity': 0.75, 'stroke-linecap': 'round' }, g)
      const dot = layer.add('circle', { r: Math.max(2.5, width / 1.6), fill: p.service }, g)
      // Faster dots for busier edges.
      layer.add('animateMotion', { path: d, dur: `${Math.max(0.5, 2.4 / Math.log2(2 + a.rate)).toFixed(2)}s`, repeatCount: 'indefinite' }, dot)
      if (a.from === 'external') layer.label(from.x + 26, from.y, 'outside', { fg: p.muted, bg: p.surface, border: p.border }, {}, g)
      // The label sits on the curve, nearer the end where arrows fan out (a Service's pods), so fanned labels do not stack.
      const t = a.from.startsWith('svc/') ? 0.62 : a.to.startsWith('svc/') ? 0.38 : 0.5
      const lx = (1 - t) * (1 - t) * from.x + 2 * t * (1 - t) * cx + t * t * to.x
      const ly = (1 - t) * (1 - t) * from.y + 2 * t * (1 - t) * cy + t * t * to.y
      layer.label(lx, ly, rateText(a.rate), { fg: p.text, bg: p.surface, border: p.service }, { 'data-test': 'traffic-rate' }, g)
    }
  }

  destroy(): void {
    this.layer.destroy()
  }
}
