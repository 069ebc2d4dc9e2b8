import type cytoscape from 'cytoscape'

const svgNS = 'http://www.w3.org/2000/svg'

/**
 * A transparent SVG drawn over the cytoscape canvas, for what is not a
 * cluster object: a packet's path, traffic rates. It holds no element of the
 * graph, so graph updates never disturb it; it is redrawn (by `draw`) each
 * time cytoscape draws a frame (pan, zoom, moves) and when its owner asks.
 * Clicks go through to the canvas.
 */
export class SvgLayer {
  readonly svg: SVGSVGElement
  private readonly onRender = (): void => this.redraw()
  private requested = false

  constructor(
    host: HTMLElement,
    private readonly cy: cytoscape.Core,
    private readonly draw: (layer: SvgLayer) => void,
    testId: string
  ) {
    this.svg = document.createElementNS(svgNS, 'svg')
    this.svg.setAttribute('data-test', testId)
    Object.assign(this.svg.style, { position: 'absolute', inset: '0', width: '100%', height: '100%', pointerEvents: 'none', overflow: 'visible' })
    host.appendChild(this.svg)
    cy.on('render', this.onRender)
  }

  /** Redraws at the next frame (several requests in one frame draw once). */
  request(): void {
    if (this.requested) return
    this.requested = true
    requestAnimationFrame(() => this.redraw())
  }

  redraw(): void {
    this.requested = false
    this.draw(this)
  }

  /** An element's centre on screen, or undefined when it is not drawn. */
  at(id: string): { x: number; y: number } | undefined {
    const el = this.cy.getElementById(id)
    if (el.empty() || !el.isNode()) return undefined
    return el.renderedPosition()
  }

  /** Removes everything drawn. */
  clear(): void {
    this.svg.replaceChildren()
  }

  /** Adds an SVG element with attributes. */
  add<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>, parent: Element = this.svg): SVGElementTagNameMap[K] {
    const el = document.createElementNS(svgNS, tag)
    for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, String(v))
    parent.appendChild(el)
    return el
  }

  /** A label on a rounded plate, centred on (x, y). */
  label(x: number, y: number, text: string, colors: { fg: string; bg: string; border: string }, attributes: Record<string, string> = {}, parent: Element = this.svg): SVGGElement {
    const g = this.add('g', { transform: `translate(${x.toFixed(1)},${y.toFixed(1)})`, ...attributes }, parent)
    const w = 7 + text.length * 6.2
    this.add('rect', { x: -w / 2, y: -9, width: w, height: 18, rx: 9, fill: colors.bg, stroke: colors.border, 'stroke-width': 1.2 }, g)
    const t = this.add('text', { x: 0, y: 0.5, 'text-anchor': 'middle', 'dominant-baseline': 'middle', 'font-size': 10.5, 'font-weight': 600, fill: colors.fg, 'font-family': 'system-ui, sans-serif' }, g)
    t.textContent = text
    return g
  }

  destroy(): void {
    this.cy.off('render', this.onRender)
    this.svg.remove()
  }
}
