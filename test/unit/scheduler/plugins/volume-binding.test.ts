import { describe, expect, it } from 'vitest'
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1'
import type { StorageClass } from 'kubernetes-types/storage/v1'
import { filterResult, makeNode, makePod, schedulerWith } from '../helpers'
import type { Listers } from '../../../../main/cluster/scheduler'

const plugin = 'VolumeBinding'

function claim(name: string, o: { volumeName?: string; phase?: string; storageClassName?: string; deleting?: boolean } = {}): PersistentVolumeClaim {
  return {
    metadata: { name, namespace: 'default', ...(o.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...(o.volumeName ? { volumeName: o.volumeName } : {}), ...(o.storageClassName !== undefined ? { storageClassName: o.storageClassName } : {}) },
    status: { phase: o.phase ?? 'Pending' }
  }
}

function volume(name: string, o: { zone?: string; storageClassName?: string; claimRef?: string; phase?: string } = {}): PersistentVolume {
  return {
    metadata: { name },
    spec: {
      capacity: { storage: '5Gi' },
      accessModes: ['ReadWriteOnce'],
      storageClassName: o.storageClassName ?? '',
      ...(o.claimRef ? { claimRef: { namespace: 'default', name: o.claimRef } } : {}),
      ...(o.zone ? { nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: [o.zone] }] }] } } } : {})
    },
    status: { phase: o.phase ?? 'Available' }
  }
}

function listers(claims: PersistentVolumeClaim[], pvs: PersistentVolume[] = [], classes: StorageClass[] = []): Partial<Listers> {
  return {
    persistentVolumeClaim: (ns, name) => claims.find((c) => c.metadata?.namespace === ns && c.metadata?.name === name),
    persistentVolume: (name) => pvs.find((v) => v.metadata?.name === name),
    persistentVolumes: () => pvs,
    storageClass: (name) => classes.find((c) => c.metadata?.name === name)
  }
}

const podWith = (claimName: string) => makePod('p', { spec: { volumes: [{ name: 'data', persistentVolumeClaim: { claimName } }] } })
const node = makeNode('n', { labels: { zone: 'a' } })
const wffc: StorageClass = { metadata: { name: 'local' }, provisioner: 'kubernetes.io/no-provisioner', volumeBindingMode: 'WaitForFirstConsumer' }
const dynamic: StorageClass = { metadata: { name: 'standard' }, provisioner: 'kubelab.dev/hostpath', volumeBindingMode: 'WaitForFirstConsumer' }

describe('VolumeBinding', () => {
  it('skips pods without claims', () => {
    expect(filterResult(plugin, makePod('p'), node)).toBe('fits')
  })

  it.each<[string, PersistentVolumeClaim[], string]>([
    ['a missing claim', [], 'UnschedulableAndUnresolvable: persistentvolumeclaim "data" not found'],
    ['a claim being deleted', [claim('data', { deleting: true })], 'UnschedulableAndUnresolvable: persistentvolumeclaim "data" is being deleted'],
    ['a lost claim', [claim('data', { volumeName: 'pv-1', phase: 'Lost' })], 'UnschedulableAndUnresolvable: persistentvolumeclaim "data" bound to non-existent persistentvolume "pv-1"'],
    ['an unbound Immediate claim', [claim('data')], 'UnschedulableAndUnresolvable: pod has unbound immediate PersistentVolumeClaims'],
    ['an unbound claim of an unknown class is Immediate', [claim('data', { storageClassName: 'nope' })], 'UnschedulableAndUnresolvable: pod has unbound immediate PersistentVolumeClaims']
  ])('rejects at PreFilter: %s', (_name, claims, expected) => {
    expect(filterResult(plugin, podWith('data'), node, [], listers(claims))).toBe(expected)
  })

  it('tells the ephemeral volume controller is not done yet', () => {
    const pod = makePod('web', { spec: { volumes: [{ name: 'scratch', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'] } } } }] } })
    expect(filterResult(plugin, pod, node, [], listers([]))).toBe('UnschedulableAndUnresolvable: waiting for ephemeral volume controller to create the persistentvolumeclaim "web-scratch"')
  })

  it('accepts a bound claim whose volume allows the node', () => {
    expect(filterResult(plugin, podWith('data'), node, [], listers([claim('data', { volumeName: 'pv-1', phase: 'Bound' })], [volume('pv-1', { zone: 'a', claimRef: 'data', phase: 'Bound' })]))).toBe('fits')
  })

  it('rejects a node outside the bound volume node affinity', () => {
    expect(filterResult(plugin, podWith('data'), node, [], listers([claim('data', { volumeName: 'pv-1', phase: 'Bound' })], [volume('pv-1', { zone: 'b', claimRef: 'data', phase: 'Bound' })]))).toBe(
      'UnschedulableAndUnresolvable: node(s) had volume node affinity conflict'
    )
  })

  it('rejects every node when the bound volume is missing', () => {
    expect(filterResult(plugin, podWith('data'), node, [], listers([claim('data', { volumeName: 'pv-1', phase: 'Bound' })]))).toBe(
      'UnschedulableAndUnresolvable: node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)'
    )
  })

  it('binds a WaitForFirstConsumer claim to an available local volume of the node', () => {
    const l = listers([claim('data', { storageClassName: 'local' })], [volume('pv-a', { zone: 'a', storageClassName: 'local' })], [wffc])
    expect(filterResult(plugin, podWith('data'), node, [], l)).toBe('fits')
    expect(filterResult(plugin, podWith('data'), makeNode('other', { labels: { zone: 'b' } }), [], l)).toBe("UnschedulableAndUnresolvable: node(s) didn't find available persistent volumes to bind")
  })

  it('lets a provisioner make the volume for a WaitForFirstConsumer claim, and asks for it at PreBind', () => {
    const l = listers([claim('data', { storageClassName: 'standard' })], [], [dynamic])
    const s = schedulerWith([plugin], [node], [], l)
    const out = s.scheduleOne(podWith('data'))
    expect(out.result).toBe('Scheduled')
    if (out.result !== 'Scheduled') return
    expect(out.preBind).toEqual([{ kind: 'annotatePVC', namespace: 'default', name: 'data', annotations: { 'volume.kubernetes.io/selected-node': 'n' } }])
  })
})
