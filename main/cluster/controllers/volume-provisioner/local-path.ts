import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1'
import type { StorageClass } from 'kubernetes-types/storage/v1'

/**
 * What rancher's local-path-provisioner (kind's default storage) creates for
 * a claim: a hostPath directory on the node the first consumer was
 * scheduled to, pinned to that node by required node affinity.
 */

/** The provisioner name kind's `standard` class uses. */
export const localPathProvisioner = 'rancher.io/local-path'
/** Where local-path-provisioner keeps its volumes on each node. */
export const localPathRoot = '/var/local-path-provisioner'

/** kind's default StorageClass, created when a cluster has none of that name. */
export function standardStorageClass(): StorageClass {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    provisioner: localPathProvisioner,
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer'
  }
}

/** The provisioned volume's name, as the external provisioner names it. */
export function provisionedVolumeName(claim: PersistentVolumeClaim): string {
  return `pvc-${claim.metadata?.uid ?? ''}`
}

/** The PersistentVolume for a claim on a node; pre-bound to the claim (claimRef with uid) so the binder takes it. */
export function localPathVolume(claim: PersistentVolumeClaim, sc: StorageClass, node: string): PersistentVolume {
  const name = provisionedVolumeName(claim)
  const ns = claim.metadata?.namespace ?? ''
  const claimName = claim.metadata?.name ?? ''
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: {
      name,
      annotations: { 'pv.kubernetes.io/provisioned-by': localPathProvisioner, 'local.path.provisioner/selected-node': node }
    },
    spec: {
      accessModes: claim.spec?.accessModes ?? ['ReadWriteOnce'],
      capacity: { storage: String(claim.spec?.resources?.requests?.storage ?? '0') },
      claimRef: {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        namespace: ns,
        name: claimName,
        uid: claim.metadata?.uid,
        resourceVersion: claim.metadata?.resourceVersion
      },
      hostPath: { path: `${localPathRoot}/${name}_${ns}_${claimName}`, type: 'DirectoryOrCreate' },
      nodeAffinity: {
        required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] }] }
      },
      persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? 'Delete',
      storageClassName: sc.metadata?.name,
      volumeMode: claim.spec?.volumeMode ?? 'Filesystem'
    }
  }
}
