import type cytoscape from 'cytoscape'
import type { Placement, TopoGraph } from './graph'
import { installCytoscapeSpeedups } from './cytoscape-speedups'

export interface SyncOptions {
  /** Moves of elements already on the canvas animate over this many ms (0: jump). */
  animateMs?: number
  /** Data added to every node, e.g. kind icons for the current theme. */
  decorate?: (data: Record<string, unknown>) => void
  /**
   * What each element looked like when last synced (kept by the caller across frames): an element
   * whose description has not changed costs no cytoscape call at all, which is what makes a
   * frame with one changed pod among thousands cheap. Clear it when the canvas is cleared.
   */
  memo?: Map<string, string>
}

/**
 * Brings the canvas to a graph in one cy.batch(): adds what is new (at its
 * place), updates what changed, removes what is gone. Elements that did not
 * change are not touched, so a frame with one changed pod costs one update.
 * Returns whether the set of elements changed (the caller may then fit).
 */
export function syncGraph(cy: cytoscape.Core, graph: TopoGraph, placement: Placement, options: SyncOptions = {}): boolean {
  const wanted = new Set<string>([...graph.nodes.map((n) => n.id), ...graph.edges.map((e) => e.id)])
  const moves: Array<[cytoscape.NodeSingular, { x: number; y: number }]> = []
  let structural = false
  installCytoscapeSpeedups(cy)
  cy.batch(() => {
    const gone = cy.elements().filter((el) => !wanted.has(el.id()))
    if (gone.nonempty()) {
      structural = true
      // What cytoscape removes with them is forgotten too: a box's children still on the canvas (a pod
      // that moves out of the Unscheduled box as it goes away) and the edges of all these, to be added again.
      cy.remove(gone).forEach((el) => void options.memo?.delete(el.id()))
    }
    // New elements are gathered and added in one cy.add: cytoscape links parents and children (and
    // edges to their ends) after the whole collection is in, so order does not matter, and one add
    // of 2,000 elements costs far less than 2,000 adds.
    const added: cytoscape.ElementDefinition[] = []
    // Moves into another box wait for the add: the box may be new.
    const reparented: Array<[cytoscape.NodeSingular, string | null]> = []
    for (const n of graph.nodes) {
      const box = placement.boxes.get(n.id)
      const data: Record<string, unknown> = {
        id: n.id,
        label: n.label,
        ...(n.ref ? { resource: n.ref.resource, namespace: n.ref.namespace, name: n.ref.name } : {}),
        ...n.data,
        ...(box ? { minW: box.w, minH: box.h } : {})
      }
      options.decorate?.(data)
      const position = placement.positions.get(n.id)
      const signature = `${n.parent}|${n.classes.join(' ')}|${position?.x},${position?.y}|${JSON.stringify(data)}`
      if (options.memo?.get(n.id) === signature) continue
      options.memo?.set(n.id, signature)
      const existing = cy.getElementById(n.id)
      if (existing.empty()) {
        structural = true
        added.push({ group: 'nodes', data: { ...data, parent: n.parent }, classes: n.classes, ...(position ? { position: { ...position } } : {}) })
        continue
      }
      const node = existing as cytoscape.NodeSingular
      if ((node.data('parent') ?? undefined) !== n.parent) {
        structural = true
        reparented.push([node, n.parent ?? null])
      }
      if (changed(node.data(), data)) node.data(data)
      const classes = n.classes.join(' ')
      if (node.classes().join(' ') !== classes) node.classes(classes)
      if (position && !node.isParent()) {
        const cur = node.position()
        if (Math.abs(cur.x - position.x) > 0.5 || Math.abs(cur.y - position.y) > 0.5) moves.push([node, position])
      }
    }
    for (const e of graph.edges) {
      const signature = `${e.classes.join(' ')}|${e.label}`
      if (options.memo?.get(e.id) === signature) continue
      options.memo?.set(e.id, signature)
      const existing = cy.getElementById(e.id)
      if (existing.empty()) {
        structural = true
        added.push({ group: 'edges', data: { id: e.id, source: e.source, target: e.target, label: e.label }, classes: e.classes })
      } else {
        const classes = e.classes.join(' ')
        if (existing.classes().join(' ') !== classes) existing.classes(classes)
        if (existing.data('label') !== e.label) existing.data('label', e.label)
      }
    }
    if (added.length) cy.add(added)
    for (const [node, parent] of reparented) node.move({ parent })
  })
  // After a change of structure, boxes and what they hold are restyled, which is what makes cytoscape
  // recompute a box's bounds (a box that lost children, or whose min size changed, keeps the old ones otherwise).
  if (structural) (cy.nodes(':parent') as unknown as { updateStyle(): void }).updateStyle()
  for (const [node, position] of moves) {
    if (options.animateMs) node.animate({ position, duration: options.animateMs, easing: 'ease-in-out-cubic' })
    else node.position(position)
  }
  return structural
}

function changed(current: Record<string, unknown>, next: Record<string, unknown>): boolean {
  for (const k of Object.keys(next)) if (current[k] !== next[k]) return true
  return false
}
