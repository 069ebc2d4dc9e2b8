import { describe, expect, it } from 'vitest'
import { collapsePods, defaultDetail, summaryId } from '../../../renderer/src/components/topology/pod-summary'
import type { TopoGraph, TopoNode } from '../../../renderer/src/components/topology/graph'

const box = (name: string): TopoNode => ({ id: `node/${name}`, label: name, classes: ['k8s-node'] })
const pod = (name: string, node: string, tone: string, extra: string[] = []): TopoNode => ({ id: `pod/default/${name}`, parent: `node/${node}`, label: name, classes: ['pod', `tone-${tone}`, ...extra] })

function cluster(podsOnA: number, podsOnB: number): TopoGraph {
  const nodes = [box('a'), box('b'), { id: 'rs/default/web', label: 'web', classes: ['controller', 'rs'] }]
  for (let i = 0; i < podsOnA; i++) nodes.push(pod(`a${i}`, 'a', i % 4 === 0 ? 'progress' : 'ok', i === 1 ? ['restarted'] : []))
  for (let i = 0; i < podsOnB; i++) nodes.push(pod(`b${i}`, 'b', 'ok'))
  const edges = nodes.filter((n) => n.classes.includes('pod')).map((p) => ({ id: `owns:rs/default/web->${p.id}`, source: 'rs/default/web', target: p.id, classes: ['owns'] }))
  return { nodes, edges }
}

const detail = { ...defaultDetail }

describe('collapsePods (level of detail)', () => {
  it('leaves a graph within its thresholds untouched', () => {
    const g = cluster(3, 2)
    expect(collapsePods(g, { ...detail, maxPods: 100, maxPodsPerBox: 10 })).toBe(g)
  })

  it('collapses a crowded box into one summary counting its pods by tone, and links to it once', () => {
    const g = collapsePods(cluster(12, 2), { ...detail, maxPods: 100, maxPodsPerBox: 10 })
    const s = g.nodes.find((n) => n.id === summaryId('node/a'))!
    expect(s.parent).toBe('node/a')
    expect(s.data).toMatchObject({ pods: 12, n_ok: 9, n_progress: 3, pct_ok: 75, pct_progress: 25, restarted: 1 })
    expect(s.label).toBe('12 pods\n9 running · 3 pending')
    expect(g.nodes.filter((n) => n.parent === 'node/a')).toEqual([s])
    expect(g.nodes.filter((n) => n.parent === 'node/b')).toHaveLength(2)
    expect(g.edges.filter((e) => e.target === s.id)).toEqual([{ id: `owns:rs/default/web->${s.id}`, source: 'rs/default/web', target: s.id, classes: ['owns', 'to-summary'] }])
    expect(g.edges.filter((e) => e.target.startsWith('pod/default/b'))).toHaveLength(2)
  })

  it('collapses every box above the total threshold, except an expanded one', () => {
    const g = collapsePods(cluster(5, 5), { ...detail, maxPods: 8, maxPodsPerBox: 10, expanded: new Set(['node/b']) })
    expect(g.nodes.map((n) => n.id)).toContain(summaryId('node/a'))
    expect(g.nodes.map((n) => n.id)).not.toContain(summaryId('node/b'))
    expect(g.nodes.filter((n) => n.parent === 'node/b' && n.classes.includes('pod'))).toHaveLength(5)
  })

  it('past the edge budget, draws edges to summaries only for the focused element', () => {
    const g = cluster(12, 12)
    g.nodes.push({ id: 'svc/default/web', label: 'web', classes: ['service'] })
    for (const p of g.nodes.filter((n) => n.classes.includes('pod'))) g.edges.push({ id: `serves:svc/default/web->${p.id}`, source: 'svc/default/web', target: p.id, classes: ['serves', 'ready'] })
    const toSummaries = (o: Partial<typeof detail>) => collapsePods(g, { ...detail, maxPodsPerBox: 10, ...o }).edges.filter((e) => e.classes.includes('to-summary')).map((e) => e.id)
    expect(toSummaries({ maxSummaryEdges: 4 })).toHaveLength(4)
    expect(toSummaries({ maxSummaryEdges: 3 })).toEqual([])
    expect(toSummaries({ maxSummaryEdges: 3, focus: new Set(['svc/default/web']) }).sort()).toEqual([
      `serves:svc/default/web->${summaryId('node/a')}`,
      `serves:svc/default/web->${summaryId('node/b')}`
    ])
  })
})
