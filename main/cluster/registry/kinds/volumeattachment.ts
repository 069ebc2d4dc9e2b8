import type { VolumeAttachment } from 'kubernetes-types/storage/v1'
import type { KubeObject } from '../../apimachinery/types'
import { type FieldError, field, path } from '../../apimachinery/field-errors'
import { deepEqual, nameIsDNSSubdomain } from '../../apimachinery/validation'
import type { ResourceDefinition } from '../types'
import { ageColumn, column, nameColumn } from '../columns/common'
import { validateCoreObjectMeta } from '../validation/object-meta'
import { validateCSIDriverName } from './csi-driver-name'

/**
 * storage.k8s.io/v1 VolumeAttachment: the attach/detach controller's
 * request that a CSI driver attach one volume to one node, with the
 * external attacher's answer in status. None exist by default: Kubelab's
 * volumes (hostPath, local-path) need no attaching. Validation as
 * ValidateVolumeAttachment; the spec never changes once created.
 */
export type VolumeAttachmentObject = VolumeAttachment & KubeObject

function validateVolumeAttachment(va: VolumeAttachmentObject): FieldError[] {
  const errs = validateCoreObjectMeta(va.metadata, false, nameIsDNSSubdomain, path('metadata'))
  const spec = va.spec ?? ({} as VolumeAttachment['spec'])
  errs.push(...validateCSIDriverName(spec.attacher, 'spec.attacher'))
  if (!spec.nodeName) errs.push(field.required('spec.nodeName', ''))
  const source = spec.source ?? {}
  const given = [source.persistentVolumeName !== undefined, source.inlineVolumeSpec !== undefined].filter(Boolean).length
  if (given === 0) errs.push(field.required('spec.source', 'must specify exactly one of inlineVolumeSpec and persistentVolumeName'))
  else if (given > 1) errs.push(field.forbidden('spec.source', 'must specify exactly one of inlineVolumeSpec and persistentVolumeName'))
  else if (source.persistentVolumeName === '') errs.push(field.required('spec.source.persistentVolumeName', 'must specify non empty persistentVolumeName'))
  return errs
}

export const volumeAttachmentDefinition: ResourceDefinition<VolumeAttachmentObject> = {
  group: 'storage.k8s.io',
  version: 'v1',
  kind: 'VolumeAttachment',
  plural: 'volumeattachments',
  singular: 'volumeattachment',
  shortNames: [],
  categories: [],
  namespaced: false,
  hasStatus: true,
  tableColumns: [
    nameColumn(),
    { ...column<VolumeAttachmentObject>('Attacher', 'attacher indicates the name of the volume driver that MUST handle this request.', (va) => va.spec?.attacher ?? ''), format: 'name' },
    column('PV', 'persistentVolumeName represents the name of the persistent volume to attach.', (va) => va.spec?.source?.persistentVolumeName ?? ''),
    column('Node', 'nodeName represents the node that the volume should be attached to.', (va) => va.spec?.nodeName ?? ''),
    column('Attached', 'attached indicates the volume is successfully attached.', (va) => va.status?.attached ?? false, 0, 'boolean'),
    ageColumn()
  ],

  defaults() {},

  prepareForCreate(va) {
    delete va.status
  },

  validate: validateVolumeAttachment,

  validateUpdate(va, old) {
    const errs = validateVolumeAttachment(va)
    if (!deepEqual(va.spec, old.spec)) errs.push(field.invalid('spec', va.spec, 'field is immutable'))
    return errs
  }
}
