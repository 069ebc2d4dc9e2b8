/**
 * When the canvas was brought up to date and when cytoscape then drew it,
 * for browser tests and the UI benchmark (present only with `?e2e`). Each
 * sync records how many pods the canvas stands for (a summary counts its
 * pods), so a test can tell the first full render from a partial one.
 * A draw is cytoscape's frame (the summary layer is drawn with it) or the
 * summary layer's draw alone when only the counts changed (summary-layer.ts).
 */
import type cytoscape from 'cytoscape'

export interface SyncMark {
  frame: number
  /** performance.now() when the batch was on the canvas (before cytoscape drew it). */
  at: number
  pods: number
  nodes: number
}

export interface DrawMark {
  /** The last sync this draw shows. */
  frame: number
  at: number
}

/** The newest marks kept; a benchmark reads them as it goes. */
const keep = 5000

export class RenderProbe {
  readonly syncs: SyncMark[] = []
  readonly draws: DrawMark[] = []
  private frame = 0

  constructor(cy: cytoscape.Core) {
    cy.on('render', () => this.drew())
  }

  /** What the user sees now shows the last sync. */
  drew(): void {
    push(this.draws, { frame: this.frame, at: performance.now() })
  }

  /** `summaryPods`: how many pods a summary element stands for. */
  synced(frame: number, cy: cytoscape.Core, summaryPods: (id: string) => number): void {
    this.frame = frame
    let pods = 0
    let nodes = 0
    cy.nodes().forEach((n) => {
      if (n.hasClass('pod')) pods++
      else if (n.hasClass('pod-summary')) pods += summaryPods(n.id())
      else if (n.hasClass('k8s-node')) nodes++
    })
    performance.mark('kubelab:topology-synced', { detail: { frame, pods } })
    push(this.syncs, { frame, at: performance.now(), pods, nodes })
  }
}

function push<T>(list: T[], mark: T): void {
  list.push(mark)
  if (list.length > keep) list.splice(0, list.length - keep)
}
