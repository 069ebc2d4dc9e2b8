import { describe, expect, it } from 'vitest'
import type { Pod } from 'kubernetes-types/core/v1'
import { SchedulerCache } from '../../../main/cluster/scheduler/cache/cache'
import { PodInfo } from '../../../main/cluster/scheduler/cache/pod-info'
import { Scheduler } from '../../../main/cluster/scheduler/core/scheduler'

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

describe('PodInfo.of', () => {
  const pod = (spec: Pod['spec'], phase: string): Pod => ({ metadata: { name: 'p', namespace: 'ns', uid: 'u' }, spec, status: { phase } })
  const spec = (cpu: string): NonNullable<Pod['spec']> => ({ containers: [{ name: 'c', image: 'i', resources: { requests: { cpu, memory: '1Gi' } } }] })

  it('takes over what a status write leaves as it was: the stored, frozen spec', () => {
    const frozen = Object.freeze(spec('500m'))
    const before = new PodInfo(pod(frozen, 'Pending'))
    const after = PodInfo.of(pod(frozen, 'Running'), before)
    expect(after.requests).toBe(before.requests)
    expect(after.pod.status?.phase).toBe('Running')
    expect(after.key).toBe('ns/p')
  })

  it('parses a spec that changed, or one that could still change', () => {
    const before = new PodInfo(pod(Object.freeze(spec('500m')), 'Pending'))
    expect(PodInfo.of(pod(spec('2'), 'Running'), before).requests.milliCPU).toBe(2000)
    const open = spec('1')
    const first = new PodInfo(pod(open, 'Pending'))
    open.containers[0].resources!.requests!.cpu = '3'
    expect(PodInfo.of(pod(open, 'Running'), first).requests.milliCPU).toBe(3000)
  })
})

describe('a placed pod replaced by a status write', () => {
  it('moves to the end of the node list, as RemovePod + AddPod move it, with the sums unchanged', () => {
    const s = new Scheduler()
    s.setNode({ metadata: { name: 'n1' }, status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' } } })
    const stored = (name: string, phase: string, spec: Pod['spec']): Pod => ({ metadata: { name, namespace: 'default', uid: name, labels: { app: 'web' } }, spec, status: { phase } })
    const spec = (cpu: string): Pod['spec'] => Object.freeze({ nodeName: 'n1', containers: [{ name: 'c', image: 'i', resources: { requests: { cpu } } }] })
    const aSpec = spec('100m')
    s.setPod(stored('a', 'Pending', aSpec))
    s.setPod(stored('b', 'Pending', spec('300m')))
    const node = s.cache.get('n1')!
    const before = node.requested.milliCPU
    s.setPod(stored('a', 'Running', aSpec))
    expect(node.pods.map((p) => `${p.name}:${p.pod.status?.phase}`)).toEqual(['b:Pending', 'a:Running'])
    expect(node.requested.milliCPU).toBe(before)
    expect(node.nonZeroRequested.milliCPU).toBe(400)
    s.setPod(stored('b', 'Running', spec('1')))
    expect(node.requested.milliCPU).toBe(1100)
  })
})
