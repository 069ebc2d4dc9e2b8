import { describe, expect, it } from 'vitest'
import type { PersistentVolume, PersistentVolumeSpec } from 'kubernetes-types/core/v1'
import { persistentVolumeColumns } from '../../../../main/cluster/registry/columns/storage'
import { persistentVolumeDefinition } from '../../../../main/cluster/registry/kinds/persistentvolume'
import { ago, day, headers, row } from './helpers'

const claimRef = { name: 'test', namespace: 'default' }

function pv(name: string, spec: PersistentVolumeSpec, phase: string, meta: Partial<PersistentVolume['metadata']> = {}): PersistentVolume {
  return { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name, ...meta }, spec, status: { phase } }
}

describe('persistentvolume columns', () => {
  it('are the pv columns of Kubernetes 1.32', () => {
    expect(headers(persistentVolumeColumns)).toEqual(['Name', 'Capacity', 'Access Modes', 'Reclaim Policy', 'Status', 'Claim', 'StorageClass', 'VolumeAttributesClass', 'Reason', 'Age', 'VolumeMode*'])
    expect(persistentVolumeDefinition.tableColumns).toBe(persistentVolumeColumns)
  })

  // TestPrintPersistentVolume, with 1.32's VolumeAttributesClass column.
  it.each<[PersistentVolume, unknown[]]>([
    [pv('test1', { claimRef, accessModes: ['ReadOnlyMany'], capacity: { storage: '4Gi' } }, 'Bound'), ['test1', '4Gi', 'ROX', '', 'Bound', 'default/test', '', '<unset>', '', '<unknown>', '<unset>']],
    [pv('test2', { claimRef, accessModes: ['ReadOnlyMany'], capacity: { storage: '4Gi' } }, 'Failed'), ['test2', '4Gi', 'ROX', '', 'Failed', 'default/test', '', '<unset>', '', '<unknown>', '<unset>']],
    [pv('test3', { claimRef, accessModes: ['ReadWriteMany'], capacity: { storage: '10Gi' } }, 'Pending'), ['test3', '10Gi', 'RWX', '', 'Pending', 'default/test', '', '<unset>', '', '<unknown>', '<unset>']],
    [
      pv('test4', { claimRef, storageClassName: 'my-scn', accessModes: ['ReadWriteOnce'], capacity: { storage: '10Gi' } }, 'Pending'),
      ['test4', '10Gi', 'RWO', '', 'Pending', 'default/test', 'my-scn', '<unset>', '', '<unknown>', '<unset>']
    ],
    [
      pv('test5', { claimRef, storageClassName: 'my-scn', accessModes: ['ReadWriteOnce'], capacity: { storage: '10Gi' } }, 'Available'),
      ['test5', '10Gi', 'RWO', '', 'Available', 'default/test', 'my-scn', '<unset>', '', '<unknown>', '<unset>']
    ],
    [
      pv('test6', { claimRef, storageClassName: 'my-scn', accessModes: ['ReadWriteOnce'], capacity: { storage: '10Gi' } }, 'Released'),
      ['test6', '10Gi', 'RWO', '', 'Released', 'default/test', 'my-scn', '<unset>', '', '<unknown>', '<unset>']
    ],
    [
      pv(
        'pv-data',
        {
          accessModes: ['ReadWriteOncePod', 'ReadWriteMany', 'ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteOnce'],
          capacity: { storage: '2048Mi' },
          persistentVolumeReclaimPolicy: 'Retain',
          storageClassName: 'standard',
          volumeAttributesClassName: 'gold',
          volumeMode: 'Filesystem',
          hostPath: { path: '/data' }
        },
        'Available',
        { creationTimestamp: ago(2 * day), annotations: { 'volume.beta.kubernetes.io/storage-class': 'legacy' } }
      ),
      ['pv-data', '2Gi', 'RWO,ROX,RWX,RWOP', 'Retain', 'Available', '', 'legacy', 'gold', '', '2d', 'Filesystem']
    ],
    [
      pv('going', { capacity: {}, persistentVolumeReclaimPolicy: 'Delete', volumeMode: 'Block' }, 'Failed', { deletionTimestamp: ago(0) }),
      ['going', '0', '', 'Delete', 'Terminating', '', '', '<unset>', '', '<unknown>', 'Block']
    ]
  ])('%#', (p, expected) => {
    expect(row(persistentVolumeColumns, p)).toEqual(expected)
  })

  it('prints the failure reason', () => {
    const p: PersistentVolume = { ...pv('broken', { capacity: { storage: '1Gi' } }, 'Failed'), status: { phase: 'Failed', reason: 'RecyclerFailed' } }
    expect(row(persistentVolumeColumns, p)[8]).toBe('RecyclerFailed')
  })
})
