/* eslint-disable @typescript-eslint/ban-ts-comment -- renderer modules from a node test: see modules.ts */
/**
 * The overlays' pure parts: which canvas element stands for a traced object
 * in each view, how generators' per-edge rates add up to arrows, and a fit
 * that keeps clear of the buttons on the canvas's right edge.
 */
import { describe, expect, it } from 'vitest'
import cytoscape from 'cytoscape'
// @ts-ignore TS6307 (see modules.ts)
import { elementIdsFor } from '../../../renderer/src/components/topology/trace-overlay'
// @ts-ignore TS6307 (see modules.ts)
import { rateText, trafficArrows } from '../../../renderer/src/components/topology/traffic-overlay'
// @ts-ignore TS6307 (see modules.ts)
import { fitViewport } from '../../../renderer/src/components/topology/fit-viewport'
import type { KubeObject } from '../../../preload/contract'

describe('elementIdsFor', () => {
  const pod = { kind: 'Pod' as const, namespace: 'default', name: 'web-1', node: 'kubelab-worker' }
  it('a pod: itself, else (crowded) its node summary, then its node; on the Networks view, its bridge', () => {
    expect(elementIdsFor(pod, 'cluster')).toEqual(['pod/default/web-1', 'podsum/node/kubelab-worker', 'node/kubelab-worker'])
    expect(elementIdsFor(pod, 'networks')).toEqual(['pod/default/web-1', 'bridge/kubelab-worker'])
  })
  it('a node: its box; on the Networks view its NIC, or its bridge for a hop on the Pod network', () => {
    const node = { kind: 'Node' as const, name: 'kubelab-worker' }
    expect(elementIdsFor(node, 'cluster', 'Node')).toEqual(['node/kubelab-worker'])
    expect(elementIdsFor(node, 'networks', 'Node')).toEqual(['nic/kubelab-worker'])
    expect(elementIdsFor(node, 'networks', 'Pod')).toEqual(['bridge/kubelab-worker', 'nic/kubelab-worker'])
  })
  it('a Service: its element in every view', () => {
    expect(elementIdsFor({ kind: 'Service', namespace: 'default', name: 'web' }, 'networks')).toEqual(['svc/default/web'])
  })
})

describe('trafficArrows', () => {
  const generator = (edges: unknown[]): KubeObject => ({ metadata: { name: 'g', namespace: 'default' }, status: { edges } })
  it('client -> Service -> each pod, rates summed over generators sharing an arrow', () => {
    const arrows = trafficArrows([
      generator([
        { source: 'external', service: 'default/web', destination: 'default/web-1', rate: 6 },
        { source: 'external', service: 'default/web', destination: 'default/web-2', rate: 4 }
      ]),
      generator([{ source: 'default/client', service: 'default/web', destination: 'default/web-1', rate: 2.5 }])
    ])
    expect(arrows).toEqual([
      { from: 'external', to: 'svc/default/web', rate: 10 },
      { from: 'svc/default/web', to: 'pod/default/web-1', rate: 8.5 },
      { from: 'svc/default/web', to: 'pod/default/web-2', rate: 4 },
      { from: 'pod/default/client', to: 'svc/default/web', rate: 2.5 }
    ])
  })
  it('straight to a pod without a Service; a node as client; idle edges and generators without status draw nothing', () => {
    const arrows = trafficArrows([
      generator([{ source: 'node/kubelab-worker', destination: 'default/web-1', rate: 3 }]),
      generator([{ source: 'external', service: 'default/web', destination: 'default/web-1', rate: 0 }]),
      { metadata: { name: 'new' } }
    ])
    expect(arrows).toEqual([{ from: 'node/kubelab-worker', to: 'pod/default/web-1', rate: 3 }])
  })
  it('labels as people read them', () => {
    expect([rateText(0.25), rateText(9.84), rateText(12.4)]).toEqual(['0.3 req/s', '9.8 req/s', '12 req/s'])
  })
})

describe('fitViewport', () => {
  /** Headless cytoscape with nodes at these places, as big as an 800x500 canvas. */
  const canvas = (at: Array<[number, number]>): cytoscape.Core => {
    const cy = cytoscape({ headless: true, styleEnabled: true })
    at.forEach(([x, y], i) => cy.add({ data: { id: `n${i}` }, position: { x, y } }))
    Object.assign(cy, { width: () => 800, height: () => 500 })
    return cy
  }
  it('fits everything inside the margins, centred in what they leave, the right one wider', () => {
    const cy = canvas([
      [0, 0],
      [1000, 100]
    ])
    const v = fitViewport(cy, { top: 36, right: 82, bottom: 36, left: 36 }, 1.25)!
    const bb = cy.elements().boundingBox()
    const right = bb.x2 * v.zoom + v.pan.x
    const left = bb.x1 * v.zoom + v.pan.x
    expect(left).toBeCloseTo(36, 5)
    expect(800 - right).toBeCloseTo(82, 5)
    const top = bb.y1 * v.zoom + v.pan.y
    const bottom = bb.y2 * v.zoom + v.pan.y
    expect(top - 36).toBeCloseTo(500 - 36 - bottom, 5)
    cy.destroy()
  })
  it('does not blow a small graph up past the largest zoom asked for', () => {
    const cy = canvas([
      [0, 0],
      [40, 10]
    ])
    expect(fitViewport(cy, { top: 36, right: 82, bottom: 36, left: 36 }, 1.25)!.zoom).toBe(1.25)
    cy.destroy()
  })
})
