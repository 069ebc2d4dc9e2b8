import { describe, expect, it } from 'vitest'
import type { Node } from 'kubernetes-types/core/v1'
import { shouldIgnoreNodeUpdate } from '../../../main/cluster/controllers/daemonset/node-update'

function node(rv: string, ready: string, heartbeat: string, extra: Partial<Node> = {}): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'n1', resourceVersion: rv, labels: { zone: 'a' } },
    spec: {},
    status: {
      conditions: [
        { type: 'Ready', status: ready, lastHeartbeatTime: heartbeat },
        { type: 'MemoryPressure', status: 'False', lastHeartbeatTime: heartbeat }
      ]
    },
    ...extra
  }
}

describe('DaemonSet controller node updates', () => {
  it('ignores a heartbeat: same True conditions, nothing else changed', () => {
    expect(shouldIgnoreNodeUpdate(node('1', 'True', 't1'), node('2', 'True', 't2'))).toBe(true)
    expect(shouldIgnoreNodeUpdate(node('1', 'True', 't1'), node('1', 'True', 't1'))).toBe(true)
  })

  it('acts on a condition turning True or False, and on any other change', () => {
    expect(shouldIgnoreNodeUpdate(node('1', 'False', 't1'), node('2', 'True', 't2'))).toBe(false)
    expect(shouldIgnoreNodeUpdate(node('1', 'True', 't1'), node('2', 'Unknown', 't2'))).toBe(false)
    const relabelled = node('2', 'True', 't2')
    relabelled.metadata!.labels = { zone: 'b' }
    expect(shouldIgnoreNodeUpdate(node('1', 'True', 't1'), relabelled)).toBe(false)
    expect(shouldIgnoreNodeUpdate(node('1', 'True', 't1'), node('2', 'True', 't2', { spec: { unschedulable: true } }))).toBe(false)
  })
})
