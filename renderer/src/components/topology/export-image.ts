import cytoscape from 'cytoscape'
import svg from 'cytoscape-svg'
import type { SummaryContent } from './summary-layer'

/**
 * The topology as a picture: PNG from cytoscape's own renderer, SVG from
 * cytoscape-svg, the whole graph (not just what is in view) on the canvas
 * colour, so the picture reads the same in either theme. On screen the pod
 * summaries' pies and counts are drawn by a layer of our own over
 * cytoscape's plain discs (summary-layer.ts): for the picture, cytoscape
 * draws them itself (`pie-drawn` style), so both formats hold them.
 */
cytoscape.use(svg)

export type ImageFormat = 'png' | 'svg'

export function topologyImage(cy: cytoscape.Core, format: ImageFormat, background: string, summary: (id: string) => SummaryContent | undefined): Blob {
  const discs = cy.nodes('.pod-summary')
  cy.batch(() =>
    discs.forEach((n) => {
      const c = summary(n.id())
      if (c) n.data({ ...c.data, label: c.label }).addClass('pie-drawn')
    })
  )
  try {
    return image(cy, format, background)
  } finally {
    cy.batch(() => discs.removeClass('pie-drawn').data('label', ''))
  }
}

function image(cy: cytoscape.Core, format: ImageFormat, background: string): Blob {
  if (format === 'png') return cy.png({ output: 'blob', full: true, scale: 2, bg: background, maxWidth: 8000, maxHeight: 8000 })
  // cytoscape-svg 0.4 cannot draw background images (it fails clipping them): the kind icons are left out of the drawing.
  const iconed = cy.nodes().filter((n) => n.style('background-image') !== 'none')
  iconed.style('background-image', 'none')
  try {
    const text = (cy as unknown as { svg(options: { full: boolean; scale: number; bg: string }): string }).svg({ full: true, scale: 1, bg: background })
    return new Blob([text], { type: 'image/svg+xml' })
  } finally {
    iconed.removeStyle('background-image')
  }
}

/** Saves a blob as a file, as a browser download (the desktop app asks where). */
export function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
