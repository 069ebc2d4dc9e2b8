import type { PersistentVolumeClaim } from 'kubernetes-types/core/v1'
import { describe, expect, it } from 'vitest'
import { localPathVolume, provisionedVolumeName, standardStorageClass } from '../../../main/cluster/controllers/volume-provisioner/local-path'

const claim: PersistentVolumeClaim = {
  metadata: { name: 'www', namespace: 'shop', uid: '1234-abcd', resourceVersion: '42' },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '2Gi' } }, storageClassName: 'standard', volumeMode: 'Filesystem' }
}

describe('local-path provisioner', () => {
  it('names the volume pvc-<claim uid>', () => {
    expect(provisionedVolumeName(claim)).toBe('pvc-1234-abcd')
  })

  it('builds a hostPath volume pinned to the node, pre-bound to the claim, sized as requested', () => {
    const pv = localPathVolume(claim, standardStorageClass(), 'kubelab-worker2')
    expect(pv).toEqual({
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: {
        name: 'pvc-1234-abcd',
        annotations: { 'pv.kubernetes.io/provisioned-by': 'rancher.io/local-path', 'local.path.provisioner/selected-node': 'kubelab-worker2' }
      },
      spec: {
        accessModes: ['ReadWriteOnce'],
        capacity: { storage: '2Gi' },
        claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: 'shop', name: 'www', uid: '1234-abcd', resourceVersion: '42' },
        hostPath: { path: '/var/local-path-provisioner/pvc-1234-abcd_shop_www', type: 'DirectoryOrCreate' },
        nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['kubelab-worker2'] }] }] } },
        persistentVolumeReclaimPolicy: 'Delete',
        storageClassName: 'standard',
        volumeMode: 'Filesystem'
      }
    })
  })

  it("kind's standard class is the default, WaitForFirstConsumer, Delete", () => {
    expect(standardStorageClass()).toMatchObject({
      metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      provisioner: 'rancher.io/local-path',
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'WaitForFirstConsumer'
    })
  })
})
