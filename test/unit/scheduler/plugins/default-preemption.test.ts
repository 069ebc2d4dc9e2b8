import type { Pod } from 'kubernetes-types/core/v1'
import { describe, expect, it } from 'vitest'
import { Scheduler } from '../../../../main/cluster/scheduler'
import { makeNode, makePod } from '../helpers'

function cluster(): Scheduler {
  const s = new Scheduler()
  s.setNode(makeNode('cp', { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }))
  s.setNode(makeNode('w1', { cpu: '2' }))
  s.setNode(makeNode('w2', { cpu: '2' }))
  return s
}

describe('DefaultPreemption', () => {
  it('finds no victims among pods of the same priority', () => {
    const s = cluster()
    s.setPod(makePod('a', { requests: { cpu: '2' }, nodeName: 'w1' }))
    s.setPod(makePod('b', { requests: { cpu: '2' }, nodeName: 'w2' }))
    const out = s.scheduleOne(makePod('p', { requests: { cpu: '1' } }))
    expect(out.result === 'Unschedulable' && out.message).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.'
    )
  })

  it('says preemption cannot help when evicting would not be enough', () => {
    const s = cluster()
    s.setPod(makePod('low', { requests: { cpu: '1' }, nodeName: 'w1' }))
    const out = s.scheduleOne(makePod('huge', { requests: { cpu: '3' }, priority: 1000 }))
    // w1: removing "low" still leaves 2 < 3 cpu → the filter's reason; w2: no victims.
    expect(out.result === 'Unschedulable' && out.message).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Insufficient cpu, 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.'
    )
  })

  it('nominates the node where the fewest, least important pods make room', () => {
    const s = cluster()
    s.setPod(makePod('low-1', { requests: { cpu: '1' }, nodeName: 'w1', priority: 10 }))
    s.setPod(makePod('low-2', { requests: { cpu: '1' }, nodeName: 'w1', priority: 10 }))
    s.setPod(makePod('lowest', { requests: { cpu: '1' }, nodeName: 'w2', priority: 1 }))
    s.setPod(makePod('keep', { requests: { cpu: '1' }, nodeName: 'w2', priority: 2000 }))
    const out = s.scheduleOne(makePod('high', { requests: { cpu: '1' }, priority: 1000 }))
    expect(out.result).toBe('Unschedulable')
    if (out.result !== 'Unschedulable') return
    // Preemption succeeded: no preemption message, the FitError alone.
    expect(out.message).toBe('0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu.')
    expect(out.nominatedNodeName).toBe('w2')
    expect(out.victims?.map((v) => v.name)).toEqual(['lowest'])
  })

  it('reprieves the victims that need not go', () => {
    const s = cluster()
    s.setPod(makePod('small', { requests: { cpu: '500m' }, nodeName: 'w1', priority: 5 }))
    s.setPod(makePod('big', { requests: { cpu: '1500m' }, nodeName: 'w1', priority: 1 }))
    s.setPod(makePod('other', { requests: { cpu: '2' }, nodeName: 'w2', priority: 2000 }))
    const out = s.scheduleOne(makePod('high', { requests: { cpu: '1' }, priority: 100 }))
    expect(out.result === 'Unschedulable' && out.victims?.map((v) => v.name)).toEqual(['big'])
  })

  it('does not preempt for a pod with preemptionPolicy Never', () => {
    const s = cluster()
    s.setPod(makePod('low', { requests: { cpu: '2' }, nodeName: 'w1' }))
    s.setPod(makePod('low2', { requests: { cpu: '2' }, nodeName: 'w2' }))
    const out = s.scheduleOne(makePod('high', { requests: { cpu: '1' }, priority: 1000, spec: { preemptionPolicy: 'Never' } }))
    expect(out.result === 'Unschedulable' && out.message).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.'
    )
  })

  it('keeps the room freed for a nominated pod from pods of lower priority', () => {
    const s = cluster()
    s.setPod(makePod('low', { requests: { cpu: '2' }, nodeName: 'w2' }))
    // "high" is nominated to w1 (as after a preemption) and not bound yet.
    const high: Pod = { ...makePod('high', { requests: { cpu: '2' }, priority: 1000 }), status: { nominatedNodeName: 'w1' } }
    s.setPod(high)
    const out = s.scheduleOne(makePod('other', { requests: { cpu: '1' } }))
    expect(out.result === 'Unschedulable' && out.message).toContain('2 Insufficient cpu')
    // The nominated pod itself fits there.
    expect(s.scheduleOne(high)).toMatchObject({ result: 'Scheduled', nodeName: 'w1' })
  })
})
