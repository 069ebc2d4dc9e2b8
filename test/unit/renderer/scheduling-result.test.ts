/** Reading the scheduler's sim.kubelab.dev/scheduling-result annotation into Why Pending rows. */
import { describe, expect, it } from 'vitest'
import { isWaitingForNode, schedulingResultOf, verdictLine } from './modules'
import type { KubeObject } from '../../../preload/contract'

const pod = (annotation: unknown, nodeName?: string): KubeObject => ({
  metadata: { name: 'big', namespace: 'default', annotations: { 'sim.kubelab.dev/scheduling-result': typeof annotation === 'string' ? annotation : JSON.stringify(annotation) } },
  spec: { ...(nodeName ? { nodeName } : {}), containers: [] }
})

const unschedulable = {
  time: '2026-01-01T00:00:00Z',
  result: 'Unschedulable',
  selectedNode: null,
  message: '0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu.',
  nodes: { total: 4, evaluated: 4, feasible: 0 },
  filter: {
    'kubelab-worker2': { NodeUnschedulable: 'passed', TaintToleration: 'passed', NodeResourcesFit: 'Insufficient cpu' },
    'kubelab-control-plane': { NodeUnschedulable: 'passed', TaintToleration: "node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }" },
    'kubelab-worker': { NodeResourcesFit: 'Insufficient cpu' }
  },
  score: {}
}

describe('schedulingResultOf', () => {
  it('lists per node the plugin that rejected the pod and its reason, rejected nodes by name', () => {
    const s = schedulingResultOf(pod(unschedulable))!
    expect(s.result).toBe('Unschedulable')
    expect(s.message).toContain('0/4 nodes are available')
    expect(s.verdicts).toEqual([
      { node: 'kubelab-control-plane', fits: false, plugin: 'TaintToleration', reason: 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }' },
      { node: 'kubelab-worker', fits: false, plugin: 'NodeResourcesFit', reason: 'Insufficient cpu' },
      { node: 'kubelab-worker2', fits: false, plugin: 'NodeResourcesFit', reason: 'Insufficient cpu' }
    ])
    expect(isWaitingForNode(pod(unschedulable), s)).toBe(true)
    expect(verdictLine(s.verdicts[1])).toBe('✗ NodeResourcesFit: Insufficient cpu')
  })

  it('puts nodes that fit after the rejected ones, best score first', () => {
    const s = schedulingResultOf(
      pod({ ...unschedulable, result: 'Scheduled', selectedNode: 'b', filter: { a: { X: 'passed' }, b: { X: 'passed' }, c: { X: 'no' } }, score: { a: { total: 10 }, b: { total: 90 } }, omitted: { filter: 7, score: 0 } }, 'b')
    )!
    expect(s.verdicts.map((v) => [v.node, v.fits, v.score])).toEqual([
      ['c', false, undefined],
      ['b', true, 90],
      ['a', true, 10]
    ])
    expect(s.omitted).toBe(7)
    // Bound: nothing to explain.
    expect(isWaitingForNode(pod(unschedulable, 'b'), s)).toBe(false)
    expect(verdictLine(s.verdicts[1])).toBe('✓ fits')
  })

  it('is undefined without the annotation or when it is not JSON', () => {
    expect(schedulingResultOf({ metadata: { name: 'x' } })).toBeUndefined()
    expect(schedulingResultOf(pod('{not json'))).toBeUndefined()
  })
})
