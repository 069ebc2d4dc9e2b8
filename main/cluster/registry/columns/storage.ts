import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1'
import type { StorageClass } from 'kubernetes-types/storage/v1'
import type { TableColumn } from '../types'
import { accessModesString, ageColumn, column, nameColumn, quantityString } from './common'
import { docs } from './descriptions'

/** The beta annotation that once named a volume's or claim's class, and still wins over the field. */
const betaStorageClassAnnotation = 'volume.beta.kubernetes.io/storage-class'

/** helper.GetPersistentVolumeClass. */
function pvClass(pv: PersistentVolume): string {
  const annotations = pv.metadata?.annotations ?? {}
  if (Object.hasOwn(annotations, betaStorageClassAnnotation)) return annotations[betaStorageClassAnnotation]
  return pv.spec?.storageClassName ?? ''
}

/** helper.GetPersistentVolumeClaimClass. */
function pvcClass(pvc: PersistentVolumeClaim): string {
  const annotations = pvc.metadata?.annotations ?? {}
  if (Object.hasOwn(annotations, betaStorageClassAnnotation)) return annotations[betaStorageClassAnnotation]
  return pvc.spec?.storageClassName ?? ''
}

/** The phase, or Terminating while the object is being deleted. */
function phase(o: PersistentVolume | PersistentVolumeClaim): string {
  return o.metadata?.deletionTimestamp ? 'Terminating' : (o.status?.phase ?? '')
}

/** CLAIM: `namespace/name` of the bound claim, empty when unbound. */
function claim(pv: PersistentVolume): string {
  const ref = pv.spec?.claimRef
  return ref ? `${ref.namespace ?? ''}/${ref.name ?? ''}` : ''
}

const unset = (value: string | null | undefined): string => (value === undefined || value === null ? '<unset>' : value)

export const persistentVolumeColumns: TableColumn<PersistentVolume>[] = [
  nameColumn(),
  column('Capacity', docs.pvSpecCapacity, (pv) => quantityString(pv.spec?.capacity?.storage)),
  column('Access Modes', docs.pvSpecAccessModes, (pv) => accessModesString(pv.spec?.accessModes)),
  column('Reclaim Policy', docs.pvSpecReclaimPolicy, (pv) => pv.spec?.persistentVolumeReclaimPolicy ?? ''),
  column('Status', docs.pvStatusPhase, phase),
  column('Claim', docs.pvSpecClaimRef, claim),
  column('StorageClass', docs.pvStorageClass, pvClass),
  column('VolumeAttributesClass', docs.pvVolumeAttributesClass, (pv) => unset(pv.spec?.volumeAttributesClassName)),
  column('Reason', docs.pvStatusReason, (pv) => pv.status?.reason ?? ''),
  ageColumn(),
  column('VolumeMode', docs.pvSpecVolumeMode, (pv) => unset(pv.spec?.volumeMode), 1)
]

/** Capacity and access modes come from the status, and only once the claim names its volume. */
const bound = (pvc: PersistentVolumeClaim): boolean => !!pvc.spec?.volumeName

export const persistentVolumeClaimColumns: TableColumn<PersistentVolumeClaim>[] = [
  nameColumn(),
  column('Status', docs.pvcStatusPhase, phase),
  column('Volume', docs.pvcSpecVolumeName, (pvc) => pvc.spec?.volumeName ?? ''),
  column('Capacity', docs.pvcStatusCapacity, (pvc) => (bound(pvc) ? quantityString(pvc.status?.capacity?.storage) : '')),
  column('Access Modes', docs.pvcStatusAccessModes, (pvc) => (bound(pvc) ? accessModesString(pvc.status?.accessModes) : '')),
  column('StorageClass', docs.pvcStorageClass, pvcClass),
  column('VolumeAttributesClass', docs.pvcVolumeAttributesClass, (pvc) => unset(pvc.spec?.volumeAttributesClassName)),
  ageColumn(),
  column('VolumeMode', docs.pvcSpecVolumeMode, (pvc) => unset(pvc.spec?.volumeMode), 1)
]

/** storageutil.IsDefaultAnnotation: the GA or the beta default-class annotation set to "true". */
function isDefaultClass(sc: StorageClass): boolean {
  const a = sc.metadata?.annotations ?? {}
  return a['storageclass.kubernetes.io/is-default-class'] === 'true' || a['storageclass.beta.kubernetes.io/is-default-class'] === 'true'
}

export const storageClassColumns: TableColumn<StorageClass>[] = [
  { ...nameColumn<StorageClass>(), cell: (sc) => `${sc.metadata?.name ?? ''}${isDefaultClass(sc) ? ' (default)' : ''}` },
  column('Provisioner', docs.storageClassProvisioner, (sc) => sc.provisioner ?? ''),
  column('ReclaimPolicy', docs.storageClassReclaimPolicy, (sc) => sc.reclaimPolicy ?? 'Delete'),
  column('VolumeBindingMode', docs.storageClassVolumeBindingMode, (sc) => sc.volumeBindingMode ?? 'Immediate'),
  // A boolean cell in a column Kubernetes types as string.
  column('AllowVolumeExpansion', docs.storageClassAllowVolumeExpansion, (sc) => sc.allowVolumeExpansion ?? false),
  ageColumn()
]
