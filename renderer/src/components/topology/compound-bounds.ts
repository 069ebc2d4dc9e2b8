/**
 * Cytoscape marks the bounds of every box holding an element stale
 * (dirtyCompoundBoundsCache) after each style property it applies to the
 * element that can move bounds (width, label, font size, padding…). Each
 * call walks up with forEachUp (a queue and a set of ids per call) and
 * emits a 'bounds' event on every box, every time: a new element gets a
 * couple of hundred properties, so the first render of a 500-node cluster
 * emitted tens of thousands of events, which only tell the renderer to draw
 * again (the app listens to none).
 *
 * This replacement clears the same caches of the same boxes, walking
 * cytoscape's own parent links, and emits 'bounds' on a box only when its
 * bounds go from clean to stale: the renderer hears of each change once,
 * and a box's bounds are clean again only once recomputed. Installed once,
 * on the collection prototype every element shares.
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

type Eles = ArrayLike<Box> & { cy(): { styleEnabled(): boolean; hasCompoundNodes(): boolean } }

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
  const proto = Object.getPrototypeOf(cy.collection()) as { dirtyCompoundBoundsCache?: unknown }
  if (typeof proto.dirtyCompoundBoundsCache !== 'function') return
  proto.dirtyCompoundBoundsCache = dirtyCompoundBoundsOnce
  installed = true
}
