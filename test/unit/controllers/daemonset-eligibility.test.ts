import type { DaemonSet } from 'kubernetes-types/apps/v1'
import type { Node, PodSpec, Taint } from 'kubernetes-types/core/v1'
import { describe, expect, it } from 'vitest'
import { daemonPodNode, daemonPodTolerations, nodeShouldRunDaemonPod, pinToNode } from '../../../main/cluster/controllers/daemonset/node-eligibility'

function node(name: string, labels: Record<string, string> = {}, taints?: Taint[]): Node {
  return { metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } }, spec: taints ? { taints } : {} }
}

function ds(spec: Partial<PodSpec> = {}): DaemonSet {
  return { metadata: { name: 'ds', namespace: 'default' }, spec: { selector: {}, template: { spec: { containers: [{ name: 'c' }], ...spec } } } }
}

describe('daemon pod tolerations', () => {
  it('adds the six automatic tolerations, and network-unavailable only for host-network pods', () => {
    const keys = (spec: PodSpec) => daemonPodTolerations(spec).map((t) => `${t.key}:${t.effect}`)
    expect(keys({ containers: [] })).toEqual([
      'node.kubernetes.io/not-ready:NoExecute',
      'node.kubernetes.io/unreachable:NoExecute',
      'node.kubernetes.io/disk-pressure:NoSchedule',
      'node.kubernetes.io/memory-pressure:NoSchedule',
      'node.kubernetes.io/pid-pressure:NoSchedule',
      'node.kubernetes.io/unschedulable:NoSchedule'
    ])
    expect(keys({ containers: [], hostNetwork: true })).toContain('node.kubernetes.io/network-unavailable:NoSchedule')
  })

  it('replaces an equal toleration instead of duplicating it, and keeps the template own', () => {
    const spec: PodSpec = {
      containers: [],
      tolerations: [
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 },
        { key: 'gpu', operator: 'Exists' }
      ]
    }
    const result = daemonPodTolerations(spec)
    expect(result.filter((t) => t.key === 'node.kubernetes.io/unreachable')).toEqual([{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' }])
    expect(result).toContainEqual({ key: 'gpu', operator: 'Exists' })
  })
})

describe('nodeShouldRunDaemonPod', () => {
  const controlPlane: Taint = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }

  it('runs on an untainted node, not on one with an untolerated NoSchedule taint', () => {
    expect(nodeShouldRunDaemonPod(node('w'), ds())).toEqual({ shouldRun: true, shouldContinueRunning: true })
    expect(nodeShouldRunDaemonPod(node('cp', {}, [controlPlane]), ds())).toEqual({ shouldRun: false, shouldContinueRunning: true })
    expect(nodeShouldRunDaemonPod(node('cp', {}, [controlPlane]), ds({ tolerations: [{ operator: 'Exists' }] })).shouldRun).toBe(true)
  })

  it('evicts on an untolerated NoExecute taint, but rides out unreachable and cordoned nodes', () => {
    expect(nodeShouldRunDaemonPod(node('w', {}, [{ key: 'dedicated', value: 'db', effect: 'NoExecute' }]), ds())).toEqual({ shouldRun: false, shouldContinueRunning: false })
    const troubled = node('w', {}, [
      { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }
    ])
    expect(nodeShouldRunDaemonPod(troubled, ds())).toEqual({ shouldRun: false, shouldContinueRunning: true })
    const unschedulable = node('w', {}, [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }])
    expect(nodeShouldRunDaemonPod(unschedulable, ds()).shouldRun).toBe(true)
  })

  it('honours nodeSelector and required node affinity', () => {
    expect(nodeShouldRunDaemonPod(node('w', { disk: 'ssd' }), ds({ nodeSelector: { disk: 'ssd' } })).shouldRun).toBe(true)
    expect(nodeShouldRunDaemonPod(node('w'), ds({ nodeSelector: { disk: 'ssd' } }))).toEqual({ shouldRun: false, shouldContinueRunning: false })
    const affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }] } } }
    expect(nodeShouldRunDaemonPod(node('w', { zone: 'a' }), ds({ affinity })).shouldRun).toBe(true)
    expect(nodeShouldRunDaemonPod(node('w', { zone: 'b' }), ds({ affinity })).shouldRun).toBe(false)
  })

  it('answers for each stored (frozen) version of a node and of the template, as worked out afresh', () => {
    const stored = <T>(o: T): T => Object.freeze(structuredClone(o))
    const daemons = stored(ds({ nodeSelector: { disk: 'ssd' } }))
    Object.freeze(daemons.spec!.template.spec)
    const plain = stored(node('w', { disk: 'ssd' }))
    const tainted = stored(node('w', { disk: 'ssd' }, [{ key: 'dedicated', value: 'db', effect: 'NoExecute' }]))
    const relabelled = stored(node('w', { disk: 'hdd' }))
    for (let round = 0; round < 2; round++) {
      expect(nodeShouldRunDaemonPod(plain, daemons)).toEqual({ shouldRun: true, shouldContinueRunning: true })
      expect(nodeShouldRunDaemonPod(tainted, daemons)).toEqual({ shouldRun: false, shouldContinueRunning: false })
      expect(nodeShouldRunDaemonPod(relabelled, daemons).shouldRun).toBe(false)
    }
    // A new template (a new stored spec) is judged on its own.
    const anywhere = stored(ds())
    Object.freeze(anywhere.spec!.template.spec)
    expect(nodeShouldRunDaemonPod(relabelled, anywhere).shouldRun).toBe(true)
  })
})

describe('pinning', () => {
  it('replaces the required node affinity with one matchFields term on the node name, keeping the rest', () => {
    const spec: PodSpec = {
      containers: [],
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }] },
          preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchExpressions: [{ key: 'x', operator: 'Exists' }] } }]
        }
      }
    }
    const pinned = pinToNode(spec, 'kubelab-worker2')
    expect(pinned.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution).toEqual({
      nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['kubelab-worker2'] }] }]
    })
    expect(pinned.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution).toHaveLength(1)
    expect(daemonPodNode({ spec: pinned })).toBe('kubelab-worker2')
    expect(daemonPodNode({ spec: { ...pinned, nodeName: 'other' } })).toBe('other')
    expect(daemonPodNode({ spec })).toBeUndefined()
  })
})
