import { describe, expect, it } from 'vitest'
import type { PersistentVolume } from 'kubernetes-types/core/v1'
import { fieldErrorString } from '../../../main/cluster/apimachinery/field-errors'
import { persistentVolumeDefinition as def } from '../../../main/cluster/registry/kinds/persistentvolume'

function pv(spec: Record<string, unknown>): PersistentVolume {
  return { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv-1' }, spec } as PersistentVolume
}

const good = { capacity: { storage: '10Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/mnt/data' } }

function create(p: PersistentVolume): { obj: PersistentVolume; errors: string[] } {
  const obj = structuredClone(p)
  def.defaults(obj)
  def.prepareForCreate!(obj)
  return { obj, errors: def.validate(obj).map(fieldErrorString) }
}

describe('PersistentVolume', () => {
  it('is the cluster-scoped pv resource with status', () => {
    expect([def.plural, def.shortNames, def.namespaced, def.hasStatus]).toEqual(['persistentvolumes', ['pv'], false, true])
  })

  it('defaults reclaim policy, volume mode and phase', () => {
    const { obj, errors } = create(pv(good))
    expect(errors).toEqual([])
    expect(obj.spec).toEqual({ ...good, hostPath: { path: '/mnt/data', type: '' }, persistentVolumeReclaimPolicy: 'Retain', volumeMode: 'Filesystem' })
    expect(obj.status).toEqual({ phase: 'Pending' })
  })

  it.each<[string, Record<string, unknown>, string[]]>([
    ['no capacity', { accessModes: ['ReadWriteOnce'], hostPath: { path: '/x' } }, ['spec.capacity: Required value', 'spec.capacity: Unsupported value: {}: supported values: "storage"']],
    ['no access modes', { capacity: { storage: '1Gi' }, hostPath: { path: '/x' } }, ['spec.accessModes: Required value']],
    [
      'unknown access mode',
      { ...good, accessModes: ['ReadWriteSometimes'] },
      ['spec.accessModes: Unsupported value: "ReadWriteSometimes": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"']
    ],
    ['ReadWriteOncePod with another mode', { ...good, accessModes: ['ReadWriteOncePod', 'ReadOnlyMany'] }, ['spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes']],
    ['no volume source', { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'] }, ['spec: Required value: must specify a volume type']],
    ['zero capacity', { ...good, capacity: { storage: '0' } }, ['spec.capacity[storage]: Invalid value: "0": must be greater than zero']],
    ['local volume without node affinity', { ...good, hostPath: undefined, local: { path: '/mnt/disks/ssd1' } }, ['spec.nodeAffinity: Required value: Local volume requires node affinity']],
    ['bad reclaim policy', { ...good, persistentVolumeReclaimPolicy: 'Keep' }, ['spec.persistentVolumeReclaimPolicy: Unsupported value: "Keep": supported values: "Delete", "Recycle", "Retain"']]
  ])('%s', (_n, spec, expected) => {
    expect(create(pv(spec)).errors).toEqual(expected)
  })

  it('may not change its volume source', () => {
    const old = create(pv(good)).obj
    const next = structuredClone(old)
    next.spec!.hostPath = { path: '/mnt/other', type: '' }
    const errors = def.validateUpdate!(next, old).map(fieldErrorString)
    expect(errors).toHaveLength(1)
    expect(errors[0].startsWith('spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after creation\n')).toBe(true)
  })
})
