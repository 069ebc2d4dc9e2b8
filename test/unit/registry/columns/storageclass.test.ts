import { describe, expect, it } from 'vitest'
import type { StorageClass } from 'kubernetes-types/storage/v1'
import { storageClassColumns } from '../../../../main/cluster/registry/columns/storage'
import { storageClassDefinition } from '../../../../main/cluster/registry/kinds/storageclass'
import { ago, headers, minute, row } from './helpers'

const sc = (name: string, created: string, body: Partial<StorageClass>, annotations?: Record<string, string>): StorageClass => ({
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name, creationTimestamp: created, annotations },
  provisioner: '',
  ...body
})

describe('storageclass columns', () => {
  it('are the storageclass columns of Kubernetes 1.32', () => {
    expect(headers(storageClassColumns)).toEqual(['Name', 'Provisioner', 'ReclaimPolicy', 'VolumeBindingMode', 'AllowVolumeExpansion', 'Age'])
    expect(storageClassDefinition.tableColumns).toBe(storageClassColumns)
  })

  // TestPrintStorageClass
  it.each<[StorageClass, unknown[]]>([
    [sc('sc1', ago(-1900), { provisioner: 'kubernetes.io/glusterfs' }), ['sc1', 'kubernetes.io/glusterfs', 'Delete', 'Immediate', false, '0s']],
    [sc('sc2', ago(5 * minute), { provisioner: 'kubernetes.io/nfs' }), ['sc2', 'kubernetes.io/nfs', 'Delete', 'Immediate', false, '5m']],
    [sc('sc3', ago(5 * minute), { provisioner: 'kubernetes.io/nfs', reclaimPolicy: 'Delete' }), ['sc3', 'kubernetes.io/nfs', 'Delete', 'Immediate', false, '5m']],
    [sc('sc4', ago(5 * minute), { provisioner: 'kubernetes.io/nfs', reclaimPolicy: 'Retain', volumeBindingMode: 'Immediate' }), ['sc4', 'kubernetes.io/nfs', 'Retain', 'Immediate', false, '5m']],
    [
      sc('sc5', ago(5 * minute), { provisioner: 'kubernetes.io/nfs', reclaimPolicy: 'Retain', volumeBindingMode: 'WaitForFirstConsumer' }),
      ['sc5', 'kubernetes.io/nfs', 'Retain', 'WaitForFirstConsumer', false, '5m']
    ],
    [
      sc('sc6', ago(5 * minute), { provisioner: 'kubernetes.io/nfs', reclaimPolicy: 'Retain', allowVolumeExpansion: true, volumeBindingMode: 'WaitForFirstConsumer' }),
      ['sc6', 'kubernetes.io/nfs', 'Retain', 'WaitForFirstConsumer', true, '5m']
    ],
    [
      sc('standard', ago(5 * minute), { provisioner: 'rancher.io/local-path' }, { 'storageclass.kubernetes.io/is-default-class': 'true' }),
      ['standard (default)', 'rancher.io/local-path', 'Delete', 'Immediate', false, '5m']
    ],
    [sc('old', ago(5 * minute), { provisioner: 'p' }, { 'storageclass.beta.kubernetes.io/is-default-class': 'true' }), ['old (default)', 'p', 'Delete', 'Immediate', false, '5m']],
    [sc('no', ago(5 * minute), { provisioner: 'p' }, { 'storageclass.kubernetes.io/is-default-class': 'yes' }), ['no', 'p', 'Delete', 'Immediate', false, '5m']]
  ])('%#', (s, expected) => {
    expect(row(storageClassColumns, s)).toEqual(expected)
  })
})
