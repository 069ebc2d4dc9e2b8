import type { CSIDriver } from 'kubernetes-types/storage/v1'
import type { KubeObject } from '../../apimachinery/types'
import { type FieldError, field, path } from '../../apimachinery/field-errors'
import { validateImmutable } from '../../apimachinery/validation'
import type { ResourceDefinition } from '../types'
import { ageColumn, column, nameColumn } from '../columns/common'
import { validateCoreObjectMeta } from '../validation/object-meta'
import { validateCSIDriverName } from './csi-driver-name'

/**
 * storage.k8s.io/v1 CSIDriver: how the kubelet and the attach/detach
 * controller treat one CSI driver. None exist by default (kind's local-path
 * provisioner is not a CSI driver). Defaults as SetDefaults_CSIDriver,
 * validation as ValidateCSIDriver.
 */
export type CSIDriverObject = CSIDriver & KubeObject

const fsGroupPolicies = ['ReadWriteOnceWithFSType', 'File', 'None'] as const
const lifecycleModes = ['Persistent', 'Ephemeral'] as const

function validateCSIDriver(d: CSIDriverObject): FieldError[] {
  const errs = validateCoreObjectMeta(d.metadata, false, (name) => validateCSIDriverName(name, 'x').map((e) => e.detail ?? ''), path('metadata'))
  const spec = d.spec ?? {}
  if (spec.attachRequired === undefined) errs.push(field.required('spec.attachRequired', ''))
  if (spec.podInfoOnMount === undefined) errs.push(field.required('spec.podInfoOnMount', ''))
  if (spec.storageCapacity === undefined) errs.push(field.required('spec.storageCapacity', ''))
  if (spec.requiresRepublish === undefined) errs.push(field.required('spec.requiresRepublish', ''))
  if (spec.fsGroupPolicy && !(fsGroupPolicies as readonly string[]).includes(spec.fsGroupPolicy)) errs.push(field.notSupported('spec.fsGroupPolicy', spec.fsGroupPolicy, fsGroupPolicies))
  ;(spec.volumeLifecycleModes ?? []).forEach((m, i) => {
    if (!(lifecycleModes as readonly string[]).includes(m)) errs.push(field.notSupported(`spec.volumeLifecycleModes[${i}]`, m, lifecycleModes))
  })
  const audiences = new Set<string>()
  ;(spec.tokenRequests ?? []).forEach((t, i) => {
    if (audiences.has(t.audience)) errs.push(field.duplicate(`spec.tokenRequests[${i}].audience`, t.audience))
    audiences.add(t.audience)
    if (t.expirationSeconds !== undefined && t.expirationSeconds < 600) errs.push(field.invalid(`spec.tokenRequests[${i}].expirationSeconds`, t.expirationSeconds, 'may not specify a duration less than 10 minutes'))
  })
  return errs
}

export const csiDriverDefinition: ResourceDefinition<CSIDriverObject> = {
  group: 'storage.k8s.io',
  version: 'v1',
  kind: 'CSIDriver',
  plural: 'csidrivers',
  singular: 'csidriver',
  shortNames: [],
  categories: [],
  namespaced: false,
  hasStatus: false,
  tableColumns: [
    nameColumn(),
    column('AttachRequired', 'attachRequired indicates this CSI volume driver requires an attach operation.', (d) => d.spec?.attachRequired ?? true, 0, 'boolean'),
    column('PodInfoOnMount', 'podInfoOnMount indicates this CSI volume driver requires additional pod information during mount operations.', (d) => d.spec?.podInfoOnMount ?? false, 0, 'boolean'),
    column('StorageCapacity', 'storageCapacity indicates that the driver wants pod scheduling to consider the storage capacity it reports.', (d) => d.spec?.storageCapacity ?? false, 0, 'boolean'),
    column('TokenRequests', 'tokenRequests indicates the service account tokens the driver needs for the pods it mounts volumes for.', (d) => (d.spec?.tokenRequests ?? []).map((t) => t.audience).join(',') || '<unset>'),
    column('RequiresRepublish', 'requiresRepublish indicates the driver wants NodePublishVolume called periodically.', (d) => d.spec?.requiresRepublish ?? false, 0, 'boolean'),
    column('Modes', 'volumeLifecycleModes defines what kind of volumes this CSI volume driver supports.', (d) => (d.spec?.volumeLifecycleModes ?? []).join(',') || '<none>'),
    ageColumn()
  ],

  defaults(d) {
    const spec = (d.spec ??= {})
    spec.attachRequired ??= true
    spec.podInfoOnMount ??= false
    spec.storageCapacity ??= false
    spec.fsGroupPolicy ??= 'ReadWriteOnceWithFSType'
    spec.requiresRepublish ??= false
    spec.seLinuxMount ??= false
    if (!spec.volumeLifecycleModes?.length) spec.volumeLifecycleModes = ['Persistent']
  },

  validate: validateCSIDriver,

  validateUpdate(d, old) {
    const errs = validateCSIDriver(d)
    // attachRequired, fsGroupPolicy and the lifecycle modes are fixed once a driver is registered.
    errs.push(...validateImmutable(d.spec?.attachRequired, old.spec?.attachRequired, 'spec.attachRequired'))
    errs.push(...validateImmutable(d.spec?.fsGroupPolicy, old.spec?.fsGroupPolicy, 'spec.fsGroupPolicy'))
    errs.push(...validateImmutable(d.spec?.volumeLifecycleModes, old.spec?.volumeLifecycleModes, 'spec.volumeLifecycleModes'))
    return errs
  }
}
