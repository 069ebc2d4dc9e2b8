/**
 * Bringing the canvas to a graph: new elements are added inside their boxes,
 * changed ones updated, gone ones removed, and an unchanged element costs
 * nothing (cytoscape runs headless here, as it does in node).
 */
import { describe, expect, it } from 'vitest'
import cytoscape from 'cytoscape'
import { syncGraph, type Placement, type TopoGraph } from './modules'

const graph = (podParent: string, tone = 'ok'): TopoGraph => ({
  nodes: [
    { id: 'node/a', label: 'a', classes: ['k8s-node'] },
    { id: 'box/unscheduled', label: 'Unscheduled', classes: ['unscheduled-box'] },
    { id: 'pod/default/web', parent: podParent, label: 'web', classes: ['pod', `tone-${tone}`], ref: { resource: 'pods', namespace: 'default', name: 'web' } },
    { id: 'svc/default/web', label: 'web', classes: ['service'] }
  ],
  edges: [{ id: 'serves:svc/default/web->pod/default/web', source: 'svc/default/web', target: 'pod/default/web', classes: ['serves'] }]
})
const placement = (podX: number): Placement => ({
  positions: new Map([
    ['pod/default/web', { x: podX, y: 10 }],
    ['svc/default/web', { x: 0, y: 200 }],
    ['node/a', { x: 0, y: 0 }],
    ['box/unscheduled', { x: -300, y: 0 }]
  ]),
  boxes: new Map([
    ['node/a', { w: 258, h: 72 }],
    ['box/unscheduled', { w: 258, h: 72 }]
  ])
})

describe('syncGraph', () => {
  it('adds every element at its place, children inside their boxes, with the object named in its data', () => {
    const cy = cytoscape({ headless: true })
    expect(syncGraph(cy, graph('box/unscheduled'), placement(-300))).toBe(true)
    const pod = cy.getElementById('pod/default/web')
    expect(pod.parent().map((p) => p.id())).toEqual(['box/unscheduled'])
    expect(pod.data()).toMatchObject({ resource: 'pods', namespace: 'default', name: 'web', label: 'web' })
    expect(pod.position()).toEqual({ x: -300, y: 10 })
    expect(cy.getElementById('node/a').data('minW')).toBe(258)
    expect(cy.edges().map((e) => e.id())).toEqual(['serves:svc/default/web->pod/default/web'])
  })

  it('moves a pod into its node box when it is scheduled, and changes only what changed', () => {
    const cy = cytoscape({ headless: true })
    const memo = new Map<string, string>()
    syncGraph(cy, graph('box/unscheduled', 'progress'), placement(-300), { memo })
    let dataWrites = 0
    cy.on('data', () => dataWrites++)
    expect(syncGraph(cy, graph('box/unscheduled', 'progress'), placement(-300), { memo })).toBe(false)
    expect(dataWrites).toBe(0)

    expect(syncGraph(cy, graph('node/a', 'ok'), placement(10), { memo })).toBe(true)
    const pod = cy.getElementById('pod/default/web')
    expect(pod.parent().map((p) => p.id())).toEqual(['node/a'])
    expect(pod.hasClass('tone-ok')).toBe(true)
    expect(pod.hasClass('tone-progress')).toBe(false)
    expect(pod.position().x).toBe(10)
    // The edge survived the move (cytoscape re-creates moved nodes' edges).
    expect(cy.getElementById('serves:svc/default/web->pod/default/web').nonempty()).toBe(true)
  })

  it('removes what is gone', () => {
    const cy = cytoscape({ headless: true })
    const memo = new Map<string, string>()
    syncGraph(cy, graph('node/a'), placement(10), { memo })
    const g = graph('node/a')
    g.nodes = g.nodes.filter((n) => !n.id.startsWith('svc/'))
    g.edges = []
    expect(syncGraph(cy, g, placement(10), { memo })).toBe(true)
    expect(cy.nodes().map((n) => n.id()).sort()).toEqual(['box/unscheduled', 'node/a', 'pod/default/web'])
    expect(cy.edges().length).toBe(0)
    expect(memo.has('svc/default/web')).toBe(false)
  })

  it('keeps the edges of a pod that leaves a box as the box goes away (cytoscape removes a box with what it holds)', () => {
    const cy = cytoscape({ headless: true })
    const memo = new Map<string, string>()
    syncGraph(cy, graph('box/unscheduled'), placement(-300), { memo })
    // Scheduled, the pod was the Unscheduled box's last: the box goes, the pod and its edge stay.
    const g = graph('node/a')
    g.nodes = g.nodes.filter((n) => n.id !== 'box/unscheduled')
    syncGraph(cy, g, placement(10), { memo })
    expect(cy.getElementById('pod/default/web').parent().map((p) => p.id())).toEqual(['node/a'])
    expect(cy.edges().map((e) => e.id())).toEqual(['serves:svc/default/web->pod/default/web'])
  })
})
