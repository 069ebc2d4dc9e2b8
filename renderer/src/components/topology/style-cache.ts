/**
 * Cytoscape invalidates an element's style cache after every style property
 * it applies to it (style checkTriggers → ele.dirtyStyleCache()), and once a
 * compound node exists (our node boxes), each call builds collections of the
 * element's descendants, ancestors and all their edges, then merges them.
 * A new element gets every default property applied (a couple of hundred),
 * so drawing a 500-node cluster built millions of throwaway collections:
 * most of the first render's style time in a CPU profile.
 *
 * This replacement invalidates exactly the same elements (the element, its
 * descendants and ancestors, and every edge connected to any of them) by
 * walking cytoscape's own links, building nothing. Installed once, on the
 * collection prototype every element shares.
 */
import type cytoscape from 'cytoscape'

/** The element internals this walk reads (cytoscape 3's `_private`). */
interface Internals {
  group: 'nodes' | 'edges'
  styleCache: unknown
  parent?: { _private: Internals } | null
  children?: Array<{ _private: Internals }>
  edges?: Array<{ _private: Internals }>
}

type Eles = ArrayLike<{ _private: Internals }>

function dirtyWithEdges(p: Internals): void {
  p.styleCache = null
  if (p.edges) for (const e of p.edges) e._private.styleCache = null
}

function dirtyDescendants(p: Internals): void {
  if (!p.children) return
  for (const c of p.children) {
    dirtyWithEdges(c._private)
    dirtyDescendants(c._private)
  }
}

/** ele.dirtyStyleCache() without collections: the same elements' caches are cleared. */
export function dirtyStyleCacheCheaply(this: Eles): Eles {
  for (let i = 0; i < this.length; i++) {
    const p = this[i]._private
    if (p.group !== 'nodes') {
      p.styleCache = null
      continue
    }
    dirtyWithEdges(p)
    dirtyDescendants(p)
    for (let a = p.parent; a; a = a._private.parent) dirtyWithEdges(a._private)
  }
  return this
}

let installed = false

/** Puts the cheap invalidation in place for every element of every cytoscape instance (idempotent). */
export function installCheapStyleCache(cy: cytoscape.Core): void {
  if (installed) return
  const proto = Object.getPrototypeOf(cy.collection()) as { dirtyStyleCache?: unknown }
  if (typeof proto.dirtyStyleCache !== 'function') return
  proto.dirtyStyleCache = dirtyStyleCacheCheaply
  installed = true
}
