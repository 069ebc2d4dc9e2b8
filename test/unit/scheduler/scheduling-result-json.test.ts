import { describe, expect, it } from 'vitest'
import type { Node } from 'kubernetes-types/core/v1'
import { Scheduler, buildSchedulingResult, emptyListers } from '../../../main/cluster/scheduler'
import { schedulingResultJson } from '../../../main/cluster/scheduler/core/scheduling-result-json'
import { Diagnosis } from '../../../main/cluster/scheduler/framework/fit-error'
import type { Outcome } from '../../../main/cluster/scheduler/core/outcome'
import { makeNode, makePod } from './helpers'

/** What the annotation was before: the result object, stringified. */
function viaObject(outcome: Outcome, limits?: { nodes?: number; feasible?: number }): string {
  return JSON.stringify(buildSchedulingResult(outcome, '2026-01-01T00:00:00Z', limits))
}

describe('the scheduling-result annotation written directly', () => {
  it('is byte for byte the result object stringified, for real attempts: scheduled, unschedulable, restricted, failed bindings', () => {
    const nodes: Node[] = []
    // Names that are array indexes ("7"): objects list those keys first, so such annotations must keep that order.
    for (let i = 0; i < 300; i++) nodes.push(makeNode(i % 50 === 7 ? String(i) : `node-${i}`, { cpu: String(1 + (i % 4)), labels: { zone: `z${i % 3}` } }))
    nodes.push(makeNode('cp', { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }))
    nodes.push(makeNode('cordoned', { unschedulable: true }))
    const rs = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'rs', namespace: 'default', uid: 'rs-rs' }, spec: { selector: { matchLabels: { app: 'web' } } } }
    const s = new Scheduler({ seed: 5, listers: { ...emptyListers, replicaSet: (_ns, name) => (name === 'rs' ? (rs as never) : undefined) } })
    for (const n of nodes) s.setNode(n)
    let checked = 0
    for (let i = 0; i < 400; i++) {
      const big = i % 37 === 0
      const pinned = i % 53 === 0
      const pod = makePod(`p-${i}`, {
        labels: { app: 'web', 'quote"d': 'x' },
        ownerRS: 'rs',
        requests: { cpu: big ? '64' : i % 5 === 0 ? '900m' : '100m' },
        ...(pinned ? { nodeSelector: { 'kubernetes.io/hostname': `node-${i % 300}` } } : {})
      })
      const outcome = s.scheduleOne(pod)
      for (const limits of [undefined, { nodes: 3, feasible: 2 }, { nodes: 100, feasible: 10 }]) {
        expect(schedulingResultJson(outcome, '2026-01-01T00:00:00Z', limits)).toBe(viaObject(outcome, limits))
        // A binding that failed reports the attempt again as an error.
        const failed = { ...outcome, result: 'Error', message: 'binding "failed"\n' } as Outcome
        expect(schedulingResultJson(failed, '2026-01-01T00:00:00Z', limits)).toBe(viaObject(failed, limits))
        checked++
      }
      if (outcome.result === 'Scheduled') s.setPod({ ...pod, spec: { ...pod.spec!, nodeName: outcome.nodeName } })
    }
    expect(checked).toBe(1200)
  })

  it('an attempt without a record, and one whose tables hold odd plugin names', () => {
    const bare = { result: 'Unschedulable', pod: {}, message: 'no nodes available to schedule pods', unschedulablePlugins: new Set() } as unknown as Outcome
    expect(schedulingResultJson(bare, 't')).toBe(viaObject(bare).replace('2026-01-01T00:00:00Z', 't'))
    const feasible = [{ name: 'a' }, { name: 'b' }]
    for (const plugins of [['A', 'B'], ['total', 'B'], ['1', 'B'], ['A', 'A'], ['__proto__', 'B']]) {
      const record = {
        numAllNodes: 2,
        nodes: feasible,
        filters: ['NodeName', '__proto__'],
        pluginsWithNodes: [],
        feasible,
        diagnosis: new Diagnosis(),
        scores: { nodes: feasible, table: { plugins, scores: [[1, 2], [3, Number.NaN]], totals: [4, -0] }, selected: 1 }
      }
      const outcome = { result: 'Scheduled', pod: {}, nodeName: 'b', record } as unknown as Outcome
      expect(schedulingResultJson(outcome, '2026-01-01T00:00:00Z')).toBe(viaObject(outcome))
    }
  })
})
