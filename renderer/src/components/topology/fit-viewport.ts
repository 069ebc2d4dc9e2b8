import type cytoscape from 'cytoscape'

/** Room kept free on each side when everything is fitted in view, in pixels. */
export interface FitPadding {
  top: number
  right: number
  bottom: number
  left: number
}

/**
 * The zoom and pan that fit every element in the canvas with a margin on
 * each side, centred in what is left: like cy.fit(), but the right margin
 * can be wider, so the zoom and export buttons floating over the canvas's
 * right edge never cover the widest box (the Networks view's Cluster IP
 * layer). A small graph is not blown up past `maxZoom`.
 */
export function fitViewport(cy: cytoscape.Core, padding: FitPadding, maxZoom: number): { zoom: number; pan: { x: number; y: number } } | undefined {
  const eles = cy.elements()
  if (eles.empty()) return undefined
  const bb = eles.boundingBox()
  const w = cy.width() - padding.left - padding.right
  const h = cy.height() - padding.top - padding.bottom
  if (w <= 0 || h <= 0 || !(bb.w > 0) || !(bb.h > 0)) return undefined
  const zoom = Math.max(cy.minZoom(), Math.min(maxZoom, cy.maxZoom(), w / bb.w, h / bb.h))
  return {
    zoom,
    pan: {
      x: padding.left + (w - bb.w * zoom) / 2 - bb.x1 * zoom,
      y: padding.top + (h - bb.h * zoom) / 2 - bb.y1 * zoom
    }
  }
}
