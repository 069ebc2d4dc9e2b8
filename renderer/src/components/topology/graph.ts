/**
 * The topology as data, before cytoscape: what each view builds from the
 * stores, what placement positions and what sync.ts applies to the canvas.
 * Element ids name the object: `pod/<ns>/<name>`, `node/<name>`, `svc/<ns>/<name>`.
 */

export interface TopoNode {
  id: string
  /** The compound box holding this element (a node's pods, a layer's bridges). */
  parent?: string
  label: string
  classes: string[]
  /** The object this element stands for; absent for boxes and layers that are not objects. */
  ref?: { resource: string; namespace?: string; name: string }
  /** Extra data for styles and tooltips (colours, sizes, addresses). */
  data?: Record<string, string | number | undefined>
}

export interface TopoEdge {
  id: string
  source: string
  target: string
  classes: string[]
  label?: string
}

export interface TopoGraph {
  nodes: TopoNode[]
  edges: TopoEdge[]
  /**
   * The pods of `nodes` box by box (Cluster view): a box whose pods did not change keeps its very
   * list from one build to the next, so its summary is not worked out again (pod-summary.ts).
   */
  podBoxes?: ReadonlyMap<string, readonly TopoNode[]>
  /** The box of each pod in `podBoxes`, by element id. */
  boxOfPod?: ReadonlyMap<string, string>
}

export interface Point {
  x: number
  y: number
}

/** Positions of leaf elements (compound boxes follow their children) and sizes of boxes, for min-width/min-height. */
export interface Placement {
  positions: Map<string, Point>
  /** Box id → its minimum size; empty boxes are drawn at that size, centred on their position. */
  boxes: Map<string, { w: number; h: number }>
}

/**
 * Keeps each item's slot in its box for as long as it stays there, so a new
 * pod takes a free slot and nothing else moves. Items that leave free their
 * slot for the next newcomer.
 */
export class SlotAllocator {
  private readonly boxes = new Map<string, Map<string, number>>()

  /** Slots for the items now in `box` (in any order); forgets items that left. */
  assign(box: string, items: readonly string[]): Map<string, number> {
    const slots = this.boxes.get(box) ?? new Map<string, number>()
    const present = new Set(items)
    for (const id of [...slots.keys()]) if (!present.has(id)) slots.delete(id)
    const taken = new Set(slots.values())
    let next = 0
    for (const id of items) {
      if (slots.has(id)) continue
      while (taken.has(next)) next++
      slots.set(id, next)
      taken.add(next)
    }
    this.boxes.set(box, slots)
    return slots
  }

  /** Forgets boxes that are gone. */
  retain(boxes: Iterable<string>): void {
    const keep = new Set(boxes)
    for (const b of [...this.boxes.keys()]) if (!keep.has(b)) this.boxes.delete(b)
  }

  /** The number of rows a box needs: the highest slot in use decides, so a gap left by a deleted pod keeps its place. */
  static rows(slots: Map<string, number>, cols: number): number {
    let max = -1
    for (const s of slots.values()) max = Math.max(max, s)
    return Math.max(1, Math.floor(max / cols) + 1)
  }
}

/**
 * Places a band of items on one row, each as near its wanted x as the
 * spacing allows, in the order of wanted x (items wanting nothing go last).
 */
export function placeBand(items: Array<{ id: string; want?: number }>, y: number, gap: number, start: number): Map<string, Point> {
  const sorted = [...items].sort((a, b) => (a.want ?? Infinity) - (b.want ?? Infinity) || a.id.localeCompare(b.id))
  const out = new Map<string, Point>()
  let last = -Infinity
  for (const item of sorted) {
    const x = Math.max(item.want ?? (Number.isFinite(last) ? last + gap : start), last + gap)
    out.set(item.id, { x, y })
    last = x
  }
  return out
}

/** A stable colour per namespace, from a palette that reads on both themes. */
const namespacePalette = ['#4c9aff', '#a371f7', '#2bb5a0', '#e0823d', '#d65c9e', '#8fb339', '#5b7cfa', '#c9a227', '#3fa7d6', '#b5651d']
const systemNamespaceColor = '#7d8590'

/** Each namespace's colour, worked out once: every pod of 10,000 asks for its own at the first draw. */
const namespaceColors = new Map<string, string>()

export function namespaceColor(namespace: string | undefined): string {
  if (!namespace) return systemNamespaceColor
  const known = namespaceColors.get(namespace)
  if (known) return known
  let color = systemNamespaceColor
  if (!namespace.startsWith('kube-')) {
    let h = 0
    for (const c of namespace) h = (h * 31 + c.charCodeAt(0)) >>> 0
    color = namespacePalette[h % namespacePalette.length]
  }
  namespaceColors.set(namespace, color)
  return color
}
