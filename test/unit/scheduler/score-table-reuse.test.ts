import { describe, expect, it } from 'vitest'
import { Scheduler, emptyListers } from '../../../main/cluster/scheduler'
import { schedulingResultJson } from '../../../main/cluster/scheduler/core/scheduling-result-json'
import { makeNode, makePod } from './helpers'

function scheduler(): Scheduler {
  const rs = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'rs', namespace: 'default', uid: 'rs-rs' }, spec: { selector: { matchLabels: { app: 'web' } } } }
  const s = new Scheduler({ seed: 9, listers: { ...emptyListers, replicaSet: (_ns, name) => (name === 'rs' ? (rs as never) : undefined) } })
  for (let i = 0; i < 120; i++) s.setNode(makeNode(`node-${i}`, { cpu: String(1 + (i % 3)), labels: { zone: `z${i % 4}` } }))
  s.setNode(makeNode('cp', { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }))
  return s
}

describe('score tables and feasible-node lists handed back after a binding', () => {
  it('are refilled by the next attempts, which decide and annotate as with fresh tables', () => {
    const fresh = scheduler()
    const reusing = scheduler()
    const seen = new Set<unknown>()
    const seenLists = new Set<unknown>()
    let reused = 0
    let reusedLists = 0
    for (let i = 0; i < 300; i++) {
      // Pods scored by different plugins: owned ones by PodTopologySpread too, some with tolerations or a node preference.
      const pod = makePod(`p-${i}`, {
        labels: { app: i % 3 === 0 ? 'web' : 'other' },
        ...(i % 3 === 0 ? { ownerRS: 'rs' } : {}),
        requests: { cpu: i % 4 === 0 ? '700m' : '100m' },
        ...(i % 5 === 0 ? { tolerations: [{ operator: 'Exists' as const }] } : {}),
        ...(i % 7 === 0 ? { affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 5, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['z1'] }] } }] } } } : {})
      })
      const a = fresh.scheduleOne(pod)
      const b = reusing.scheduleOne(pod)
      expect(schedulingResultJson(b, 't')).toBe(schedulingResultJson(a, 't'))
      expect(b.result === 'Scheduled' && b.nodeName).toBe(a.result === 'Scheduled' && a.nodeName)
      const table = b.record?.scores?.table
      if (table) {
        if (seen.has(table)) reused++
        seen.add(table)
        if (seenLists.has(b.record!.feasible)) reusedLists++
        seenLists.add(b.record!.feasible)
      }
      if (a.result === 'Scheduled' && b.result === 'Scheduled') {
        const placed = { ...pod, spec: { ...pod.spec!, nodeName: a.nodeName } }
        fresh.setPod(placed)
        reusing.setPod(placed)
      }
      // Released every other attempt: a table may also be kept (a failed binding reads it again).
      if (i % 2 === 0) {
        reusing.releaseRecord(b.record)
        expect(b.record?.scores).toBeUndefined()
      }
    }
    expect(reused).toBeGreaterThan(100)
    expect(reusedLists).toBeGreaterThan(100)
  })
})
