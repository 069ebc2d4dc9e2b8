import { field, inline, list, map, message, pointer, required } from './descriptor'
import { LabelSelector } from './meta-v1'
import {
  CORE,
  LocalObjectReference,
  ObjectFieldSelector,
  ResourceFieldSelector
} from './core-v1-refs'

/**
 * k8s.io/api/core/v1 Volume with the sources a simulated cluster can mean:
 * the in-tree cloud and network plugins are left out (and reported as unknown
 * fields by the decoder).
 */

export const KeyToPath = message(`${CORE}.KeyToPath`, {
  1: required('key', 'string'),
  2: required('path', 'string'),
  3: pointer('mode', 'int32')
})

export const HostPathVolumeSource = message(`${CORE}.HostPathVolumeSource`, {
  1: required('path', 'string'),
  2: pointer('type', 'string')
})

export const EmptyDirVolumeSource = message(`${CORE}.EmptyDirVolumeSource`, {
  1: field('medium', 'string'),
  2: pointer('sizeLimit', 'Quantity')
})

export const SecretVolumeSource = message(`${CORE}.SecretVolumeSource`, {
  1: field('secretName', 'string'),
  2: list('items', KeyToPath),
  3: pointer('defaultMode', 'int32'),
  4: pointer('optional', 'bool')
})

export const NFSVolumeSource = message(`${CORE}.NFSVolumeSource`, {
  1: required('server', 'string'),
  2: required('path', 'string'),
  3: field('readOnly', 'bool')
})

export const PersistentVolumeClaimVolumeSource = message(`${CORE}.PersistentVolumeClaimVolumeSource`, {
  1: required('claimName', 'string'),
  2: field('readOnly', 'bool')
})

export const DownwardAPIVolumeFile = message(`${CORE}.DownwardAPIVolumeFile`, {
  1: required('path', 'string'),
  2: pointer('fieldRef', ObjectFieldSelector),
  3: pointer('resourceFieldRef', ResourceFieldSelector),
  4: pointer('mode', 'int32')
})

export const DownwardAPIVolumeSource = message(`${CORE}.DownwardAPIVolumeSource`, {
  1: list('items', DownwardAPIVolumeFile),
  2: pointer('defaultMode', 'int32')
})

export const ConfigMapVolumeSource = message(`${CORE}.ConfigMapVolumeSource`, {
  1: inline('localObjectReference', LocalObjectReference),
  2: list('items', KeyToPath),
  3: pointer('defaultMode', 'int32'),
  4: pointer('optional', 'bool')
})

const projection = (name: string) =>
  message(`${CORE}.${name}`, {
    1: inline('localObjectReference', LocalObjectReference),
    2: list('items', KeyToPath),
    4: pointer('optional', 'bool')
  })
export const SecretProjection = projection('SecretProjection')
export const ConfigMapProjection = projection('ConfigMapProjection')

export const DownwardAPIProjection = message(`${CORE}.DownwardAPIProjection`, {
  1: list('items', DownwardAPIVolumeFile)
})

export const ServiceAccountTokenProjection = message(`${CORE}.ServiceAccountTokenProjection`, {
  1: field('audience', 'string'),
  2: pointer('expirationSeconds', 'int64'),
  3: required('path', 'string')
})

export const ClusterTrustBundleProjection = message(`${CORE}.ClusterTrustBundleProjection`, {
  1: pointer('name', 'string'),
  2: pointer('signerName', 'string'),
  3: pointer('labelSelector', LabelSelector),
  4: required('path', 'string'),
  5: pointer('optional', 'bool')
})

export const VolumeProjection = message(`${CORE}.VolumeProjection`, {
  1: pointer('secret', SecretProjection),
  2: pointer('downwardAPI', DownwardAPIProjection),
  3: pointer('configMap', ConfigMapProjection),
  4: pointer('serviceAccountToken', ServiceAccountTokenProjection),
  5: pointer('clusterTrustBundle', ClusterTrustBundleProjection)
})

export const ProjectedVolumeSource = message(`${CORE}.ProjectedVolumeSource`, {
  1: list('sources', VolumeProjection),
  2: pointer('defaultMode', 'int32')
})

export const CSIVolumeSource = message(`${CORE}.CSIVolumeSource`, {
  1: required('driver', 'string'),
  2: pointer('readOnly', 'bool'),
  3: pointer('fsType', 'string'),
  4: map('volumeAttributes', 'string'),
  5: pointer('nodePublishSecretRef', LocalObjectReference)
})

export const ImageVolumeSource = message(`${CORE}.ImageVolumeSource`, {
  1: field('reference', 'string'),
  2: field('pullPolicy', 'string')
})

export const VolumeSource = message(`${CORE}.VolumeSource`, {
  1: pointer('hostPath', HostPathVolumeSource),
  2: pointer('emptyDir', EmptyDirVolumeSource),
  6: pointer('secret', SecretVolumeSource),
  7: pointer('nfs', NFSVolumeSource),
  10: pointer('persistentVolumeClaim', PersistentVolumeClaimVolumeSource),
  16: pointer('downwardAPI', DownwardAPIVolumeSource),
  19: pointer('configMap', ConfigMapVolumeSource),
  26: pointer('projected', ProjectedVolumeSource),
  28: pointer('csi', CSIVolumeSource),
  30: pointer('image', ImageVolumeSource)
})

export const Volume = message(`${CORE}.Volume`, {
  1: required('name', 'string'),
  2: inline('volumeSource', VolumeSource)
})
