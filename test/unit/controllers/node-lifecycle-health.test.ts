import type { Node, Pod, Taint, Toleration } from 'kubernetes-types/core/v1'
import { describe, expect, it } from 'vitest'
import { evictionDecision } from '../../../main/cluster/controllers/node-lifecycle/eviction'
import { desiredTaints, unknownConditions } from '../../../main/cluster/controllers/node-lifecycle/health'

const t0 = '2026-11-26T10:00:00Z'
const now = '2026-11-26T10:01:00Z'

function node(ready: 'True' | 'False' | 'Unknown', taints?: Taint[]): Node {
  return {
    metadata: { name: 'n', creationTimestamp: t0 },
    spec: taints ? { taints } : {},
    status: {
      conditions: [
        { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', lastHeartbeatTime: t0, lastTransitionTime: t0 },
        { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', lastHeartbeatTime: t0, lastTransitionTime: t0 },
        { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', lastHeartbeatTime: t0, lastTransitionTime: t0 },
        { type: 'Ready', status: ready, reason: 'KubeletReady', lastHeartbeatTime: t0, lastTransitionTime: t0 }
      ]
    }
  }
}

describe('node health', () => {
  it('turns every condition Unknown, keeping the last heartbeat', () => {
    const conditions = unknownConditions(node('True'), now)
    expect(conditions.map((c) => c.type)).toEqual(['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready'])
    for (const c of conditions) {
      expect(c).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastHeartbeatTime: t0, lastTransitionTime: now })
    }
  })

  it('taints unreachable and not-ready nodes, keeps timeAdded, keeps other taints, and untaints a Ready node', () => {
    expect(desiredTaints(node('True'), now)).toEqual([])
    expect(desiredTaints(node('Unknown'), now)).toEqual([
      { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: now }
    ])
    const cordoned: Taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }
    const notReady = node('False', [cordoned, { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute', timeAdded: t0 }])
    expect(desiredTaints(notReady, now)).toEqual([
      cordoned,
      { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute', timeAdded: t0 }
    ])
    expect(desiredTaints(node('True', [cordoned, { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }]), now)).toEqual([cordoned])
  })
})

describe('NoExecute eviction', () => {
  const unreachable: Taint[] = [
    { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }
  ]
  const pod = (tolerations: Toleration[]): Pod => ({ spec: { containers: [], tolerations } })

  it('evicts at once without a matching toleration, after tolerationSeconds with one, never when unbounded', () => {
    expect(evictionDecision(pod([]), unreachable)).toEqual({ kind: 'now' })
    expect(evictionDecision(pod([{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }]), unreachable)).toEqual({ kind: 'after', ms: 300_000 })
    expect(evictionDecision(pod([{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' }]), unreachable)).toEqual({ kind: 'none' })
    expect(evictionDecision(pod([{ operator: 'Exists', tolerationSeconds: 0 }]), unreachable)).toEqual({ kind: 'now' })
    expect(evictionDecision(pod([]), [{ key: 'x', effect: 'NoSchedule' }])).toEqual({ kind: 'none' })
  })

  it('takes the shortest tolerationSeconds among the tolerations in use', () => {
    const both: Taint[] = [...unreachable, { key: 'maintenance', effect: 'NoExecute' }]
    const tolerations: Toleration[] = [
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'maintenance', operator: 'Exists', tolerationSeconds: 60 }
    ]
    expect(evictionDecision(pod(tolerations), both)).toEqual({ kind: 'after', ms: 60_000 })
    expect(evictionDecision(pod(tolerations.slice(0, 1)), both)).toEqual({ kind: 'now' })
  })
})
