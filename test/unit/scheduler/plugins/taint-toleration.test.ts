import { describe, expect, it } from 'vitest'
import type { Taint, Toleration } from 'kubernetes-types/core/v1'
import { filterResult, makeNode, makePod, scoresOf } from '../helpers'
import { toleratesTaint } from '../../../../main/cluster/scheduler/plugins/helpers/tolerations'

const plugin = 'TaintToleration'

describe('Toleration.ToleratesTaint', () => {
  const taint: Taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }
  it.each<[string, Toleration, boolean]>([
    ['Equal with the same key, value and effect', { key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }, true],
    ['operator left out means Equal', { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }, true],
    ['Equal with another value', { key: 'dedicated', operator: 'Equal', value: 'cpu', effect: 'NoSchedule' }, false],
    ['Exists ignores the value', { key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }, true],
    ['no effect tolerates every effect', { key: 'dedicated', operator: 'Exists' }, true],
    ['another effect', { key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }, false],
    ['another key', { key: 'other', operator: 'Exists' }, false],
    ['empty key with Exists tolerates everything', { operator: 'Exists' }, true],
    ['an unknown operator tolerates nothing', { key: 'dedicated', operator: 'Gt', value: 'gpu' }, false]
  ])('%s', (_name, toleration, expected) => {
    expect(toleratesTaint(toleration, taint)).toBe(expected)
  })
})

describe('TaintToleration Filter', () => {
  const cp: Taint = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }
  it.each<[string, Taint[], Toleration[], string]>([
    ['untainted node', [], [], 'fits'],
    ['NoSchedule taint, no toleration', [cp], [], 'UnschedulableAndUnresolvable: node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }'],
    ['NoSchedule taint, tolerated', [cp], [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }], 'fits'],
    ['NoExecute taint with a value', [{ key: 'dedicated', value: 'db', effect: 'NoExecute' }], [], 'UnschedulableAndUnresolvable: node(s) had untolerated taint {dedicated: db}'],
    ['PreferNoSchedule does not filter', [{ key: 'spot', effect: 'PreferNoSchedule' }], [], 'fits'],
    [
      'the first untolerated taint is reported',
      [
        { key: 'a', value: '1', effect: 'NoSchedule' },
        { key: 'b', value: '2', effect: 'NoSchedule' }
      ],
      [{ key: 'a', operator: 'Equal', value: '1' }],
      'UnschedulableAndUnresolvable: node(s) had untolerated taint {b: 2}'
    ],
    ['NotReady node (lifecycle controller taint)', [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }], [], 'UnschedulableAndUnresolvable: node(s) had untolerated taint {node.kubernetes.io/not-ready: }'],
    ['unreachable node tolerated as DaemonSets do', [{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }], [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoSchedule' }], 'fits']
  ])('%s', (_name, taints, tolerations, expected) => {
    expect(filterResult(plugin, makePod('p', { tolerations }), makeNode('n', { taints }))).toBe(expected)
  })
})

describe('TaintToleration Score', () => {
  it('prefers nodes with fewer untolerated PreferNoSchedule taints (normalized, reversed)', () => {
    const nodes = [
      makeNode('clean'),
      makeNode('one', { taints: [{ key: 'a', effect: 'PreferNoSchedule' }] }),
      makeNode('two', {
        taints: [
          { key: 'a', effect: 'PreferNoSchedule' },
          { key: 'b', effect: 'PreferNoSchedule' }
        ]
      }),
      makeNode('hard', { taints: [{ key: 'c', effect: 'NoSchedule' }] })
    ]
    // counts 0, 1, 2, 0 → 100 − 100·count/2
    expect(scoresOf(plugin, makePod('p'), nodes)).toEqual({ clean: 100, one: 50, two: 0, hard: 100 })
  })

  it('counts a toleration without an effect as tolerating PreferNoSchedule', () => {
    const nodes = [makeNode('clean'), makeNode('spot', { taints: [{ key: 'spot', effect: 'PreferNoSchedule' }] })]
    expect(scoresOf(plugin, makePod('p', { tolerations: [{ key: 'spot', operator: 'Exists' }] }), nodes)).toEqual({ clean: 100, spot: 100 })
    expect(scoresOf(plugin, makePod('p', { tolerations: [{ key: 'spot', operator: 'Exists', effect: 'NoSchedule' }] }), nodes)).toEqual({ clean: 100, spot: 0 })
  })
})
