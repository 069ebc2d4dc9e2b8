import { describe, expect, it } from 'vitest'
import type { PersistentVolumeClaim, PersistentVolumeClaimSpec, PersistentVolumeClaimStatus } from 'kubernetes-types/core/v1'
import { persistentVolumeClaimColumns } from '../../../../main/cluster/registry/columns/storage'
import { persistentVolumeClaimDefinition } from '../../../../main/cluster/registry/kinds/persistentvolumeclaim'
import { ago, headers, minute, row } from './helpers'

function pvc(name: string, spec: PersistentVolumeClaimSpec, status: PersistentVolumeClaimStatus, meta: Partial<PersistentVolumeClaim['metadata']> = {}): PersistentVolumeClaim {
  return { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, ...meta }, spec, status }
}

describe('persistentvolumeclaim columns', () => {
  it('are the pvc columns of Kubernetes 1.32', () => {
    expect(headers(persistentVolumeClaimColumns)).toEqual(['Name', 'Status', 'Volume', 'Capacity', 'Access Modes', 'StorageClass', 'VolumeAttributesClass', 'Age', 'VolumeMode*'])
    expect(persistentVolumeClaimDefinition.tableColumns).toBe(persistentVolumeClaimColumns)
  })

  // TestPrintPersistentVolumeClaim, with 1.32's VolumeAttributesClass column.
  it.each<[PersistentVolumeClaim, unknown[]]>([
    [
      pvc('test1', { volumeName: 'my-volume', volumeMode: 'Filesystem' }, { phase: 'Bound', accessModes: ['ReadOnlyMany'], capacity: { storage: '4Gi' } }),
      ['test1', 'Bound', 'my-volume', '4Gi', 'ROX', '', '<unset>', '<unknown>', 'Filesystem']
    ],
    [pvc('test2', { volumeMode: 'Filesystem' }, { phase: 'Lost', accessModes: ['ReadOnlyMany'], capacity: { storage: '4Gi' } }), ['test2', 'Lost', '', '', '', '', '<unset>', '<unknown>', 'Filesystem']],
    [
      pvc('test3', { volumeName: 'my-volume', volumeMode: 'Filesystem' }, { phase: 'Pending', accessModes: ['ReadWriteMany'], capacity: { storage: '10Gi' } }),
      ['test3', 'Pending', 'my-volume', '10Gi', 'RWX', '', '<unset>', '<unknown>', 'Filesystem']
    ],
    [
      pvc('test4', { volumeName: 'my-volume', storageClassName: 'my-scn', volumeMode: 'Filesystem' }, { phase: 'Pending', accessModes: ['ReadWriteOnce'], capacity: { storage: '10Gi' } }),
      ['test4', 'Pending', 'my-volume', '10Gi', 'RWO', 'my-scn', '<unset>', '<unknown>', 'Filesystem']
    ],
    [
      pvc('test5', { volumeName: 'my-volume', storageClassName: 'my-scn' }, { phase: 'Pending', accessModes: ['ReadWriteOnce'], capacity: { storage: '10Gi' } }),
      ['test5', 'Pending', 'my-volume', '10Gi', 'RWO', 'my-scn', '<unset>', '<unknown>', '<unset>']
    ],
    [
      pvc(
        'data',
        { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'standard', volumeAttributesClassName: 'silver', volumeMode: 'Filesystem' },
        { phase: 'Pending' },
        { creationTimestamp: ago(minute), annotations: { 'volume.beta.kubernetes.io/storage-class': 'fast' } }
      ),
      ['data', 'Pending', '', '', '', 'fast', 'silver', '60s', 'Filesystem']
    ],
    [pvc('bound-no-status', { volumeName: 'pv1' }, {}, { deletionTimestamp: ago(0) }), ['bound-no-status', 'Terminating', 'pv1', '0', '', '', '<unset>', '<unknown>', '<unset>']]
  ])('%#', (p, expected) => {
    expect(row(persistentVolumeClaimColumns, p)).toEqual(expected)
  })
})
