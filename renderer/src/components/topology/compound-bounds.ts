/**
 * Cytoscape marks an element's bounds stale (dirtyBoundingBoxCache), and
 * those of every box holding it (dirtyCompoundBoundsCache), after each style
 * property it applies to the element that can move bounds (width, label,
 * font size, padding…), and emits a 'bounds' event on each of them every
 * time; the box walk also builds a queue and a set of ids per call. A new
 * element gets a couple of hundred properties, so the first render of a
 * 500-node cluster emitted tens of thousands of events, which only tell the
 * renderer to draw again (the app listens to none; the change that staled
 * the bounds, a style or a move, has asked for that draw already).
 *
 * These replacements clear the same caches of the same elements, walking
 * cytoscape's own parent links, and emit 'bounds' on an element only when
 * its bounds go from known to stale: the renderer hears of each change
 * once, and bounds are known again only once recomputed. Installed once, on
 * the collection prototype every element shares.
 */
import type cytoscape from 'cytoscape'

/** The element internals this walk reads and clears (cytoscape 3's `_private`). */
interface Box {
  _private: {
    parent?: Box | null
    children?: unknown[]
    compoundBoundsClean?: boolean
    bbCache?: unknown
  }
  emitAndNotify(event: string): void
}

type Eles = ArrayLike<Box> & { cy(): { styleEnabled(): boolean; hasCompoundNodes(): boolean; collection(eles: Box[]): { emitAndNotify(event: string): void } } }

/** The element caches that hold bounds (cytoscape 3's `_private`). */
interface Bounded {
  _private: {
    bbCache?: unknown
    bbCachePosKey?: unknown
    bodyBounds?: unknown
    overlayBounds?: unknown
    labelBounds: Record<string, unknown>
    arrowBounds: Record<string, unknown>
    labelPolygonCache?: unknown
    labelPolygonPosKey?: unknown
  }
}

/** ele.dirtyBoundingBoxCache(): the same caches cleared, 'bounds' emitted on the elements whose bounds were known. */
export function dirtyBoundingBoxOnce(this: Eles): Eles {
  const known: Box[] = []
  for (let i = 0; i < this.length; i++) {
    const p = (this[i] as unknown as Bounded)._private
    if (p.bbCache != null) known.push(this[i])
    p.bbCache = null
    p.bbCachePosKey = null
    p.bodyBounds = null
    p.overlayBounds = null
    const l = p.labelBounds
    l.all = l.source = l.target = l.main = l.sourceRot = l.targetRot = l.mainRot = null
    const a = p.arrowBounds
    a.source = a.target = a['mid-source'] = a['mid-target'] = null
    p.labelPolygonCache = {}
    p.labelPolygonPosKey = null
  }
  if (known.length === this.length && known.length) (this as unknown as Box).emitAndNotify('bounds')
  else if (known.length) this.cy().collection(known).emitAndNotify('bounds')
  return this
}

/** ele.dirtyCompoundBoundsCache(silent) without collections, each box's 'bounds' event emitted once per change. */
export function dirtyCompoundBoundsOnce(this: Eles, silent = false): Eles {
  const cy = this.cy()
  if (!cy.styleEnabled() || !cy.hasCompoundNodes()) return this
  for (let i = 0; i < this.length; i++) {
    for (let box: Box | null | undefined = this[i]; box; box = box._private.parent) {
      const p = box._private
      if (!p.children?.length) continue
      const wasClean = p.compoundBoundsClean
      p.compoundBoundsClean = false
      p.bbCache = null
      if (wasClean && !silent) box.emitAndNotify('bounds')
    }
  }
  return this
}

let installed = false

/** Puts the cheaper invalidation in place for every element of every cytoscape instance (idempotent). */
export function installCheapCompoundBounds(cy: cytoscape.Core): void {
  if (installed) return
  const proto = Object.getPrototypeOf(cy.collection()) as { dirtyCompoundBoundsCache?: unknown; dirtyBoundingBoxCache?: unknown }
  if (typeof proto.dirtyCompoundBoundsCache !== 'function' || typeof proto.dirtyBoundingBoxCache !== 'function') return
  proto.dirtyCompoundBoundsCache = dirtyCompoundBoundsOnce
  proto.dirtyBoundingBoxCache = dirtyBoundingBoxOnce
  installed = true
}
