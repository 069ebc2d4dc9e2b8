import { describe, expect, it } from 'vitest'
import { Scheduler, buildSchedulingResult } from '../../../main/cluster/scheduler'
import { makeNode, makePod } from './helpers'

describe('Scheduler core', () => {
  it('examines only the adaptive share of a large cluster and resumes where the last pod stopped', () => {
    const s = new Scheduler()
    for (let i = 0; i < 1000; i++) s.setNode(makeNode(`node-${String(i).padStart(4, '0')}`))
    const first = s.scheduleOne(makePod('a'))
    expect(first).toMatchObject({ result: 'Scheduled', evaluatedNodes: 420, feasibleNodes: 420 })
    const second = s.scheduleOne(makePod('b'))
    expect(second.result === 'Scheduled' && second.record.feasible[0].name).toBe('node-0420')
  })

  it('counts a scheduled pod on its node at once (assumed), before any binding', () => {
    const s = new Scheduler()
    s.setNode(makeNode('only', { cpu: '1' }))
    expect(s.scheduleOne(makePod('a', { requests: { cpu: '600m' } })).result).toBe('Scheduled')
    const second = s.scheduleOne(makePod('b', { requests: { cpu: '600m' } }))
    expect(second.result === 'Unschedulable' && second.message).toBe(
      '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.'
    )
    s.forget('default/a')
    expect(s.scheduleOne(makePod('b', { requests: { cpu: '600m' } })).result).toBe('Scheduled')
  })

  it('answers with no nodes at all', () => {
    const out = new Scheduler().scheduleOne(makePod('a'))
    expect(out).toMatchObject({ result: 'Unschedulable', message: 'no nodes available to schedule pods' })
  })

  it('prefers the emptier node and breaks ties at random, reproducibly per seed', () => {
    const pick = (seed: number) => {
      const s = new Scheduler({ seed })
      for (const n of ['a', 'b', 'c', 'd']) s.setNode(makeNode(n))
      return s.schedule([1, 2, 3, 4].map((i) => makePod(`p${i}`, { requests: { cpu: '1' } }))).map((o) => (o.result === 'Scheduled' ? o.nodeName : '-'))
    }
    // Four equal nodes, four pods: LeastAllocated sends each pod to a node still empty.
    expect(new Set(pick(1)).size).toBe(4)
    expect(pick(7)).toEqual(pick(7))
  })

  it('keeps placed pods incrementally: removing a pod frees its room', () => {
    const s = new Scheduler()
    s.setNode(makeNode('n', { cpu: '1' }))
    s.setPod(makePod('a', { requests: { cpu: '1' }, nodeName: 'n' }))
    expect(s.cache.get('n')!.requested.milliCPU).toBe(1000)
    s.removePod('default/a')
    expect(s.cache.get('n')!.requested.milliCPU).toBe(0)
  })
})

describe('scheduling-result annotation', () => {
  it('lists per-node filter outcomes and weighted scores, and the selected node', () => {
    const s = new Scheduler()
    s.setNode(makeNode('small', { cpu: '1' }))
    s.setNode(makeNode('big', { cpu: '8' }))
    s.setNode(makeNode('tiny', { cpu: '100m' }))
    const out = s.scheduleOne(makePod('p', { requests: { cpu: '500m', memory: '1Gi' } }))
    const r = buildSchedulingResult(out, '2026-01-01T00:00:00Z')
    expect(r).toMatchObject({ time: '2026-01-01T00:00:00Z', result: 'Scheduled', selectedNode: 'big', nodes: { total: 3, evaluated: 3, feasible: 2 } })
    expect(r.filter.tiny).toEqual({ NodeUnschedulable: 'passed', NodeName: 'passed', TaintToleration: 'passed', NodeResourcesFit: 'Insufficient cpu' })
    expect(r.filter.big).toEqual({ NodeUnschedulable: 'passed', NodeName: 'passed', TaintToleration: 'passed', NodeResourcesFit: 'passed' })
    expect(Object.keys(r.score)).toEqual(['big', 'small'])
    const big = r.score.big
    expect(big.total).toBe(Object.entries(big).filter(([k]) => k !== 'total').reduce((sum, [, v]) => sum + v, 0))
    // TaintToleration scores 100 everywhere, weighted 3.
    expect(big.TaintToleration).toBe(300)
    expect(r.omitted).toBeUndefined()
  })

  it('caps the listed nodes and counts the rest', () => {
    const s = new Scheduler()
    for (let i = 0; i < 300; i++) s.setNode(makeNode(`n${i}`, { cpu: i < 200 ? '100m' : '4' }))
    const out = s.scheduleOne(makePod('p', { requests: { cpu: '1' } }))
    const r = buildSchedulingResult(out, 't')
    // 100 nodes: the 5 best feasible ones (with scores), then 95 rejected ones.
    expect(Object.keys(r.filter)).toHaveLength(100)
    expect(Object.keys(r.score)).toHaveLength(5)
    expect(Object.keys(r.score)[0]).toBe(r.selectedNode)
    expect(Object.values(r.filter).filter((f) => f.NodeResourcesFit === 'Insufficient cpu')).toHaveLength(95)
    expect(r.omitted).toEqual({ filter: r.nodes.evaluated - 100, score: r.nodes.feasible - 5 })
    const totals = Object.values(r.score).map((e) => e.total)
    expect(totals.slice(1)).toEqual([...totals.slice(1)].sort((a, b) => b - a))
    expect(JSON.stringify(r).length).toBeLessThan(25_000)
  })

  it('stays small when every node fits', () => {
    const s = new Scheduler()
    for (let i = 0; i < 1000; i++) s.setNode(makeNode(`node-${i}`))
    const r = buildSchedulingResult(s.scheduleOne(makePod('p', { requests: { cpu: '100m' } })), '2026-01-01T00:00:00Z')
    expect(r.nodes).toEqual({ total: 1000, evaluated: 420, feasible: 420 })
    expect(JSON.stringify(r).length).toBeLessThan(2_000)
  })

  it('explains a PreFilter rejection on every listed node', () => {
    const s = new Scheduler()
    s.setNode(makeNode('a'))
    const out = s.scheduleOne(makePod('p', { spec: { volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'data' } }] } }))
    const r = buildSchedulingResult(out, 't')
    expect(r.message).toBe('0/1 nodes are available: persistentvolumeclaim "data" not found. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.')
    expect(r.filter.a).toEqual({ VolumeBinding: 'persistentvolumeclaim "data" not found' })
  })
})

describe('node visiting order (nodeTree)', () => {
  it('takes one node from each zone in turn', () => {
    const s = new Scheduler()
    const zone = (z: string) => ({ 'topology.kubernetes.io/region': 'r', 'topology.kubernetes.io/zone': z })
    for (const [name, z] of [['a1', 'a'], ['a2', 'a'], ['a3', 'a'], ['b1', 'b'], ['c1', 'c'], ['c2', 'c']]) s.setNode(makeNode(name, { labels: zone(z) }))
    expect(s.cache.list().map((n) => n.name)).toEqual(['a1', 'b1', 'c1', 'a2', 'c2', 'a3'])
    s.removeNode('b1')
    expect(s.cache.list().map((n) => n.name)).toEqual(['a1', 'c1', 'a2', 'c2', 'a3'])
  })
})

describe('unschedulable plugins (which events retry a pod)', () => {
  it('names the plugins that rejected the pod', () => {
    const s = new Scheduler()
    s.setNode(makeNode('a', { cpu: '1' }))
    s.setNode(makeNode('b', { taints: [{ key: 'k', effect: 'NoSchedule' }] }))
    const out = s.scheduleOne(makePod('p', { requests: { cpu: '2' } }))
    expect(out.result === 'Unschedulable' && [...out.unschedulablePlugins].sort()).toEqual(['NodeResourcesFit', 'TaintToleration'])
  })

  it('counts a PreFilter that narrowed the nodes as rejecting (a DaemonSet pod for a node not there yet)', () => {
    const s = new Scheduler()
    s.setNode(makeNode('a'))
    const out = s.scheduleOne(
      makePod('ds', { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['b'] }] }] } } } })
    )
    expect(out.result === 'Unschedulable' && out.message).toBe(
      "0/1 nodes are available: 1 node(s) didn't satisfy plugin(s) [NodeAffinity]. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling."
    )
    expect(out.result === 'Unschedulable' && [...out.unschedulablePlugins]).toEqual(['NodeAffinity'])
  })
})
