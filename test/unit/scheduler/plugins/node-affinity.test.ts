import { describe, expect, it } from 'vitest'
import type { NodeSelectorTerm } from 'kubernetes-types/core/v1'
import { filterResult, makeNode, makePod, schedulerWith, scoresOf } from '../helpers'
import { PodInfo } from '../../../../main/cluster/scheduler'

const plugin = 'NodeAffinity'
const mismatch = "UnschedulableAndUnresolvable: node(s) didn't match Pod's node affinity/selector"

function required(...terms: NodeSelectorTerm[]) {
  return { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } }
}

const node = makeNode('node-1', { labels: { zone: 'a', disk: 'ssd', gpus: '4' } })

describe('NodeAffinity Filter: nodeSelector', () => {
  it.each([
    [{}, 'fits'],
    [{ disk: 'ssd' }, 'fits'],
    [{ disk: 'ssd', zone: 'a' }, 'fits'],
    [{ disk: 'hdd' }, mismatch],
    [{ missing: '' }, mismatch]
  ])('%o → %s', (nodeSelector, expected) => {
    expect(filterResult(plugin, makePod('p', { nodeSelector }), node)).toBe(expected)
  })
})

describe('NodeAffinity Filter: required terms', () => {
  it.each<[string, NodeSelectorTerm[], string]>([
    ['In', [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] }], 'fits'],
    ['In, no match', [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] }], mismatch],
    ['NotIn', [{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['b'] }] }], 'fits'],
    ['NotIn on a missing label matches', [{ matchExpressions: [{ key: 'rack', operator: 'NotIn', values: ['r1'] }] }], 'fits'],
    ['Exists', [{ matchExpressions: [{ key: 'disk', operator: 'Exists' }] }], 'fits'],
    ['DoesNotExist', [{ matchExpressions: [{ key: 'disk', operator: 'DoesNotExist' }] }], mismatch],
    ['Gt', [{ matchExpressions: [{ key: 'gpus', operator: 'Gt', values: ['3'] }] }], 'fits'],
    ['Gt, equal is not greater', [{ matchExpressions: [{ key: 'gpus', operator: 'Gt', values: ['4'] }] }], mismatch],
    ['Lt', [{ matchExpressions: [{ key: 'gpus', operator: 'Lt', values: ['5'] }] }], 'fits'],
    ['Gt with a value that is not an integer never matches', [{ matchExpressions: [{ key: 'gpus', operator: 'Gt', values: ['x'] }] }], mismatch],
    ['expressions of a term are ANDed', [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }, { key: 'disk', operator: 'In', values: ['hdd'] }] }], mismatch],
    ['terms are ORed', [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] }, { matchExpressions: [{ key: 'disk', operator: 'Exists' }] }], 'fits'],
    ['an empty term matches nothing', [{}], mismatch],
    ['no terms match nothing', [], mismatch],
    ['matchFields metadata.name In', [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-1'] }] }], 'fits'],
    ['matchFields metadata.name NotIn', [{ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['node-1'] }] }], mismatch],
    ['matchFields and matchExpressions ANDed', [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-1'] }], matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] }], mismatch]
  ])('%s', (_name, terms, expected) => {
    const result = filterResult(plugin, makePod('p', { affinity: required(...terms) }), node)
    // A term list naming only other nodes is rejected at PreFilter; the node-1 ones reach Filter.
    expect(result).toBe(expected)
  })

  it('nodeSelector and required affinity must both match', () => {
    expect(filterResult(plugin, makePod('p', { nodeSelector: { disk: 'hdd' }, affinity: required({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }) }), node)).toBe(mismatch)
  })
})

describe('NodeAffinity PreFilter: node names', () => {
  it('restricts the pod to the nodes every term names by metadata.name (DaemonSet pods)', () => {
    const s = schedulerWith([plugin], [makeNode('a'), makeNode('b'), makeNode('c')])
    const pi = new PodInfo(makePod('p', { affinity: required({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['b'] }] }) }))
    const out = s.framework.runPreFilterPlugins(s.framework.newCycleState(), pi)
    expect([...(out.nodes ?? [])]).toEqual(['b'])
    expect(out.pluginsWithNodes).toEqual(['NodeAffinity'])
  })

  it('does not restrict when a term has no node name', () => {
    const s = schedulerWith([plugin], [makeNode('a')])
    const pi = new PodInfo(makePod('p', { affinity: required({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['b'] }] }, { matchExpressions: [{ key: 'x', operator: 'Exists' }] }) }))
    expect(s.framework.runPreFilterPlugins(s.framework.newCycleState(), pi).nodes).toBeUndefined()
  })

  it('reports a conflict when the names of one term exclude each other', () => {
    const s = schedulerWith([plugin], [makeNode('a')])
    const pi = new PodInfo(
      makePod('p', {
        affinity: required({
          matchFields: [
            { key: 'metadata.name', operator: 'In', values: ['a'] },
            { key: 'metadata.name', operator: 'In', values: ['b'] }
          ]
        })
      })
    )
    const out = s.framework.runPreFilterPlugins(s.framework.newCycleState(), pi)
    expect(out.status?.message()).toBe('pod affinity terms conflict')
    expect(out.status?.code).toBe('UnschedulableAndUnresolvable')
  })

  it('tells about the nodes a PreFilter ruled out in the FitError', () => {
    const s = schedulerWith(['TaintToleration', plugin], [makeNode('a'), makeNode('b', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }), makeNode('c'), makeNode('d')])
    const out = s.scheduleOne(makePod('ds-pod', { affinity: required({ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['b'] }] }) }))
    expect(out.result === 'Unschedulable' && out.message).toBe("0/4 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 3 node(s) didn't satisfy plugin(s) [NodeAffinity].")
  })
})

describe('NodeAffinity Score: preferred terms', () => {
  it('sums the weights of matching terms and scales the best to 100', () => {
    const pod = makePod('p', {
      affinity: {
        nodeAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 2, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] } },
            { weight: 8, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } },
            { weight: 0, preference: { matchExpressions: [{ key: 'zone', operator: 'Exists' }] } }
          ]
        }
      }
    })
    const nodes = [makeNode('both', { labels: { zone: 'a', disk: 'ssd' } }), makeNode('ssd', { labels: { disk: 'ssd' } }), makeNode('zone', { labels: { zone: 'a' } }), makeNode('none')]
    // raw 10, 8, 2, 0 → ×100/10
    expect(scoresOf(plugin, pod, nodes)).toEqual({ both: 100, ssd: 80, zone: 20, none: 0 })
  })

  it('is skipped for pods without preferred terms', () => {
    expect(scoresOf(plugin, makePod('p'), [makeNode('a'), makeNode('b')])).toEqual({ a: NaN, b: NaN })
  })
})
