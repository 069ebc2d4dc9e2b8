/**
 * The accurate class toggle changes classes exactly as cytoscape's own
 * (add, remove, flip), but restyles and emits `class` only for elements
 * whose classes changed (cytoscape's restyles every element it was asked about).
 */
import { describe, expect, it } from 'vitest'
import cytoscape from 'cytoscape'
import { installAccurateClassToggle, toggleClassAccurately } from './modules'

function canvas(): cytoscape.Core {
  return cytoscape({
    headless: true,
    elements: [
      { data: { id: 'a' }, classes: ['pod', 'faded'] },
      { data: { id: 'b' }, classes: ['pod'] },
      { data: { id: 'c' }, classes: ['pod', 'related'] },
      { data: { id: 'e', source: 'a', target: 'b' }, classes: ['serves', 'faded'] }
    ]
  })
}

const classesOf = (cy: cytoscape.Core): string[] => cy.elements().map((e) => `${e.id()}:${e.classes().sort().join(',')}`)

describe('accurate class toggle', () => {
  it('adds, removes and flips classes as cytoscape does', () => {
    const ops: Array<(eles: cytoscape.CollectionReturnValue) => unknown> = [
      (eles) => eles.removeClass('faded related'),
      (eles) => eles.addClass('hover faded'),
      (eles) => eles.toggleClass('faded'),
      (eles) => eles.toggleClass('related', true),
      (eles) => eles.toggleClass(['pod', 'x'], false)
    ]
    for (const op of ops) {
      const theirs = canvas()
      op(theirs.elements())
      const ours = canvas()
      const proto = Object.getPrototypeOf(ours.collection()) as { toggleClass: unknown }
      const saved = proto.toggleClass
      proto.toggleClass = toggleClassAccurately
      try {
        op(ours.elements())
      } finally {
        proto.toggleClass = saved
      }
      expect(classesOf(ours)).toEqual(classesOf(theirs))
    }
  })

  it('tells (and restyles) only the elements whose classes changed', () => {
    const cy = canvas()
    installAccurateClassToggle(cy)
    const told: string[] = []
    cy.on('class', (e) => void told.push(e.target.id()))
    cy.elements().removeClass('faded related')
    expect(told.sort()).toEqual(['a', 'c', 'e'])
    told.length = 0
    cy.elements().removeClass('faded related')
    expect(told).toEqual([])
    cy.elements().addClass('pod')
    expect(told).toEqual(['e'])
  })
})
