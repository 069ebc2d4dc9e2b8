import { describe, expect, it } from 'vitest'
import { Scheduler } from '../../../../main/cluster/scheduler'
import { filterResult, makeNode, makePod } from '../helpers'

describe('NodeUnschedulable Filter', () => {
  it('lets pods onto a schedulable node', () => {
    expect(filterResult('NodeUnschedulable', makePod('p'), makeNode('n'))).toBe('fits')
  })
  it('keeps pods off a cordoned node', () => {
    expect(filterResult('NodeUnschedulable', makePod('p'), makeNode('n', { unschedulable: true }))).toBe('UnschedulableAndUnresolvable: node(s) were unschedulable')
  })
  it('lets pods tolerating node.kubernetes.io/unschedulable:NoSchedule onto a cordoned node', () => {
    const pod = makePod('p', { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] })
    expect(filterResult('NodeUnschedulable', pod, makeNode('n', { unschedulable: true }))).toBe('fits')
  })
  it('does not count a NoExecute toleration of that key', () => {
    const pod = makePod('p', { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoExecute' }] })
    expect(filterResult('NodeUnschedulable', pod, makeNode('n', { unschedulable: true }))).toBe('UnschedulableAndUnresolvable: node(s) were unschedulable')
  })
})

describe('NodeUnschedulable on a node that is cordoned and uncordoned', () => {
  it('follows the node\'s latest version (and a what-if copy of it)', () => {
    const s = new Scheduler()
    s.setNode(makeNode('n'))
    expect(s.scheduleOne(makePod('a')).result).toBe('Scheduled')
    s.setNode(makeNode('n', { unschedulable: true }))
    expect(s.cache.get('n')!.clone().unschedulable).toBe(true)
    const out = s.scheduleOne(makePod('b'))
    expect(out.result === 'Unschedulable' && out.message).toContain('1 node(s) were unschedulable')
    s.setNode(makeNode('n'))
    expect(s.scheduleOne(makePod('c')).result).toBe('Scheduled')
  })
})

describe('NodeName Filter', () => {
  it.each([
    ['no node name', undefined, 'fits'],
    ['the same node', 'n', 'fits'],
    ['another node', 'other', "UnschedulableAndUnresolvable: node(s) didn't match the requested node name"]
  ])('%s', (_name, nodeName, expected) => {
    expect(filterResult('NodeName', makePod('p', { spec: nodeName ? { nodeName } : {} }), makeNode('n'))).toBe(expected)
  })
})
