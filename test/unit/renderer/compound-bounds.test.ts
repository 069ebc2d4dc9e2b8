/**
 * The cheaper bounds invalidation clears the bounds of exactly the elements
 * cytoscape's own dirtyBoundingBoxCache and dirtyCompoundBoundsCache clear
 * (the element; every box holding it, and itself when it is a box), and
 * emits 'bounds' once per change: when bounds go from known to stale.
 */
import { describe, expect, it } from 'vitest'
import cytoscape from 'cytoscape'
import { dirtyBoundingBoxOnce, dirtyCompoundBoundsOnce, installCheapCompoundBounds } from './modules'

type Ele = cytoscape.SingularElementArgument & { _private: { bbCache: unknown; compoundBoundsClean: boolean } }

function canvas(): cytoscape.Core {
  return cytoscape({
    headless: true,
    styleEnabled: true,
    elements: [
      { data: { id: 'layer' } },
      { data: { id: 'box-a', parent: 'layer' } },
      { data: { id: 'box-b' } },
      { data: { id: 'pod-1', parent: 'box-a' } },
      { data: { id: 'pod-2', parent: 'box-a' } },
      { data: { id: 'pod-3', parent: 'box-b' } },
      { data: { id: 'svc' } },
      { data: { id: 'e1', source: 'svc', target: 'pod-1' } }
    ]
  })
}

/** Which boxes a dirtying of `id` left stale, after every element's bounds were clean and cached. */
function staled(cy: cytoscape.Core, id: string, dirty: (ele: cytoscape.CollectionReturnValue) => void): string[] {
  cy.elements().forEach((e) => {
    const p = (e as unknown as Ele)._private
    p.bbCache = { cached: true }
    p.compoundBoundsClean = true
  })
  dirty(cy.getElementById(id))
  return cy
    .elements()
    .filter((e) => (e as unknown as Ele)._private.bbCache === null && !(e as unknown as Ele)._private.compoundBoundsClean)
    .map((e) => e.id())
    .sort()
}

describe('cheaper compound bounds invalidation', () => {
  it('stales the same boxes as cytoscape does, for boxes, children, plain nodes and edges', () => {
    const cy = canvas()
    const original = (Object.getPrototypeOf(cy.collection()) as { dirtyCompoundBoundsCache: (this: unknown) => unknown }).dirtyCompoundBoundsCache
    expect(original).not.toBe(dirtyCompoundBoundsOnce)
    for (const id of ['layer', 'box-a', 'box-b', 'pod-1', 'pod-3', 'svc', 'e1']) {
      expect(staled(cy, id, (ele) => dirtyCompoundBoundsOnce.call(ele as never)), id).toEqual(staled(cy, id, (ele) => original.call(ele)))
    }
    expect(staled(cy, 'pod-1', (ele) => dirtyCompoundBoundsOnce.call(ele as never))).toEqual(['box-a', 'layer'])
  })

  it("emits 'bounds' on a box when its bounds go stale, not again while they stay stale", () => {
    const cy = canvas()
    const events: string[] = []
    cy.on('bounds', (e) => void events.push((e.target as cytoscape.NodeSingular).id()))
    // Styled and measured: every box's bounds are clean.
    cy.elements().boundingBox()
    events.length = 0
    dirtyCompoundBoundsOnce.call(cy.getElementById('pod-1') as never)
    expect(events.sort()).toEqual(['box-a', 'layer'])
    dirtyCompoundBoundsOnce.call(cy.getElementById('pod-2') as never)
    expect(events).toHaveLength(2)
    // Recomputed bounds are clean again: the next change is heard.
    cy.elements().boundingBox()
    events.length = 0
    dirtyCompoundBoundsOnce.call(cy.getElementById('pod-2') as never)
    expect(events.sort()).toEqual(['box-a', 'layer'])
  })

  it("clears an element's bounds caches as cytoscape does, and emits 'bounds' only on bounds that were known", () => {
    const cy = canvas()
    const original = (Object.getPrototypeOf(cy.collection()) as { dirtyBoundingBoxCache: (this: unknown) => unknown }).dirtyBoundingBoxCache
    expect(original).not.toBe(dirtyBoundingBoxOnce)
    type Caches = { _private: { bbCache: unknown; labelBounds: Record<string, unknown>; arrowBounds: Record<string, unknown>; labelPolygonCache: unknown } }
    const caches = (id: string): string => JSON.stringify((cy.getElementById(id) as unknown as Caches)._private, ['bbCache', 'bbCachePosKey', 'bodyBounds', 'overlayBounds', 'labelBounds', 'arrowBounds', 'labelPolygonCache', 'labelPolygonPosKey', ...['all', 'source', 'target', 'main', 'sourceRot', 'targetRot', 'mainRot', 'mid-source', 'mid-target']])
    for (const id of ['pod-1', 'box-a', 'e1']) {
      cy.elements().boundingBox()
      original.call(cy.getElementById(id))
      const theirs = caches(id)
      cy.elements().boundingBox()
      dirtyBoundingBoxOnce.call(cy.getElementById(id) as never)
      expect(caches(id), id).toBe(theirs)
    }
    const events: string[] = []
    cy.on('bounds', (e) => void events.push((e.target as cytoscape.NodeSingular).id()))
    cy.elements().boundingBox()
    events.length = 0
    dirtyBoundingBoxOnce.call(cy.getElementById('pod-1').union(cy.getElementById('svc')) as never)
    expect(events.sort()).toEqual(['pod-1', 'svc'])
    dirtyBoundingBoxOnce.call(cy.getElementById('pod-1') as never)
    expect(events).toHaveLength(2)
  })

  it('is installed on every element once asked', () => {
    const cy = canvas()
    installCheapCompoundBounds(cy)
    expect((cy.getElementById('pod-2') as unknown as { dirtyCompoundBoundsCache: unknown }).dirtyCompoundBoundsCache).toBe(dirtyCompoundBoundsOnce)
    expect((cy.getElementById('pod-2') as unknown as { dirtyBoundingBoxCache: unknown }).dirtyBoundingBoxCache).toBe(dirtyBoundingBoxOnce)
  })
})
