/**
 * The cheap style-cache invalidation clears exactly the caches cytoscape's
 * own dirtyStyleCache clears (the element, its descendants and ancestors,
 * and every edge touching any of them), on a compound graph, headless.
 */
import { describe, expect, it } from 'vitest'
import cytoscape from 'cytoscape'
import { dirtyStyleCacheCheaply, installCheapStyleCache } from './modules'

type Ele = cytoscape.SingularElementArgument & { _private: { styleCache: unknown } }

function canvas(): cytoscape.Core {
  return cytoscape({
    headless: true,
    elements: [
      { data: { id: 'layer' } },
      { data: { id: 'box-a', parent: 'layer' } },
      { data: { id: 'box-b' } },
      { data: { id: 'pod-1', parent: 'box-a' } },
      { data: { id: 'pod-2', parent: 'box-a' } },
      { data: { id: 'pod-3', parent: 'box-b' } },
      { data: { id: 'svc' } },
      { data: { id: 'other' } },
      { data: { id: 'e1', source: 'svc', target: 'pod-1' } },
      { data: { id: 'e2', source: 'svc', target: 'pod-3' } },
      { data: { id: 'e3', source: 'layer', target: 'other' } },
      { data: { id: 'e4', source: 'box-b', target: 'other' } }
    ]
  })
}

/** Which elements' caches a dirtying of `id` clears. */
function cleared(cy: cytoscape.Core, id: string, dirty: (ele: cytoscape.CollectionReturnValue) => void): string[] {
  cy.elements().forEach((e) => void ((e as unknown as Ele)._private.styleCache = ['cached']))
  dirty(cy.getElementById(id))
  return cy
    .elements()
    .filter((e) => (e as unknown as Ele)._private.styleCache === null)
    .map((e) => e.id())
    .sort()
}

describe('cheap style cache invalidation', () => {
  it('clears the same elements as cytoscape does, for boxes, children, plain nodes and edges', () => {
    const cy = canvas()
    const original = (Object.getPrototypeOf(cy.collection()) as { dirtyStyleCache: (this: unknown) => unknown }).dirtyStyleCache
    expect(original).not.toBe(dirtyStyleCacheCheaply)
    for (const id of ['layer', 'box-a', 'box-b', 'pod-1', 'pod-3', 'svc', 'other', 'e1', 'e3']) {
      const theirs = cleared(cy, id, (ele) => original.call(ele))
      const ours = cleared(cy, id, (ele) => dirtyStyleCacheCheaply.call(ele as never))
      expect(ours, id).toEqual(theirs)
      expect(ours).toContain(id)
    }
    expect(cleared(cy, 'pod-1', (ele) => dirtyStyleCacheCheaply.call(ele as never))).toEqual(['box-a', 'e1', 'e3', 'layer', 'pod-1'])
  })

  it('is installed on every element once asked', () => {
    const cy = canvas()
    installCheapStyleCache(cy)
    expect((cy.getElementById('pod-2') as unknown as { dirtyStyleCache: unknown }).dirtyStyleCache).toBe(dirtyStyleCacheCheaply)
    expect(cleared(cy, 'box-b', (ele) => (ele as unknown as { dirtyStyleCache: () => void }).dirtyStyleCache())).toEqual(['box-b', 'e2', 'e4', 'pod-3'])
  })
})
