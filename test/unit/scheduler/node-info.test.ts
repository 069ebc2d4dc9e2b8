import { describe, expect, it } from 'vitest'
import type { Pod } from 'kubernetes-types/core/v1'
import { SchedulerCache } from '../../../main/cluster/scheduler/cache/cache'

function pod(labels: Record<string, string>, phase = 'Pending', cpu = '100m'): Pod {
  return {
    metadata: { name: 'web-1', namespace: 'default', uid: 'u1', labels },
    spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu } } }] },
    status: { phase }
  }
}

describe('NodeInfo selection generation', () => {
  it('stands through a placed pod status writes and moves when what a selector sees changes', () => {
    const cache = new SchedulerCache()
    cache.setNode({ metadata: { name: 'n1', labels: { 'kubernetes.io/hostname': 'n1' } }, status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' } } })
    cache.upsertPod(pod({ app: 'web' }))
    const node = cache.get('n1')!
    const selection = node.selectionGeneration
    const generation = node.generation

    cache.upsertPod(pod({ app: 'web' }, 'Running'))
    expect(node.pods).toHaveLength(1)
    expect(node.pods[0].pod.status?.phase).toBe('Running')
    expect(node.generation).toBeGreaterThan(generation)
    expect(node.selectionGeneration).toBe(selection)

    cache.upsertPod(pod({ app: 'web' }, 'Running', '200m'))
    expect(node.requested.milliCPU).toBe(200)
    expect(node.selectionGeneration).toBe(selection)

    cache.upsertPod(pod({ app: 'api' }, 'Running', '200m'))
    expect(node.selectionGeneration).toBeGreaterThan(selection)

    const relabelled = node.selectionGeneration
    cache.upsertPod({ ...pod({ app: 'api' }, 'Running', '200m'), metadata: { ...pod({ app: 'api' }).metadata, deletionTimestamp: '2026-01-01T00:00:00Z' } })
    expect(node.selectionGeneration).toBeGreaterThan(relabelled)

    const deleting = node.selectionGeneration
    cache.removePod('default/web-1')
    expect(node.pods).toHaveLength(0)
    expect(node.selectionGeneration).toBeGreaterThan(deleting)
  })
})
