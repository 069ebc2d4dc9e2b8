import type { PersistentVolume, PersistentVolumeSpec } from 'kubernetes-types/core/v1'
import { type FieldError, type FieldPath, field, path } from '../../apimachinery/field-errors'
import type { Mutable } from '../../apimachinery/types'
import { deepEqual, isDNS1123Subdomain, nameIsDNSSubdomain, validateImmutable } from '../../apimachinery/validation'
import type { ResourceDefinition } from '../types'
import { persistentVolumeColumns } from '../columns/storage'
import { semanticEqual } from '../validation/equality'
import { validateNodeSelectorRequirement } from '../validation/node-selector'
import { validateCoreObjectMeta } from '../validation/object-meta'
import { defaultResourceList, quantityError, toQuantity } from '../validation/resources'

/**
 * PersistentVolumes (pkg/registry/core/persistentvolume): cluster-wide
 * storage, Pending until the PV controller binds or releases it.
 */

/** Access modes as sets.List sorts them for messages. */
export const accessModes = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod']
const reclaimPolicies = ['Delete', 'Recycle', 'Retain']
/** Volume modes as sets.List sorts them. */
export const volumeModes = ['Block', 'Filesystem']
const hostPathTypes = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket']

/** The volume sources a PersistentVolume may name (PersistentVolumeSource), in Kubernetes' checking order. */
const pvSources = [
  'hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'glusterfs', 'flocker', 'nfs', 'rbd', 'quobyte', 'cephfs', 'iscsi',
  'cinder', 'fc', 'flexVolume', 'azureFile', 'vsphereVolume', 'photonPersistentDisk', 'portworxVolume', 'azureDisk', 'scaleIO',
  'local', 'storageos', 'csi'
] as const

/** accessModes checks shared with PersistentVolumeClaims. */
export function validateAccessModes(modes: string[], fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  let rwop = false
  let other = false
  for (const m of modes) {
    if (!accessModes.includes(m)) errs.push(field.notSupported(fp.toString(), m, accessModes))
    if (m === 'ReadWriteOncePod') rwop = true
    else if (accessModes.includes(m)) other = true
  }
  if (rwop && other) errs.push(field.forbidden(fp.toString(), 'may not use ReadWriteOncePod with other access modes'))
  return errs
}

function validateSource(spec: PersistentVolumeSpec, key: (typeof pvSources)[number], fp: FieldPath, nodeAffinity: boolean): FieldError[] {
  const errs: FieldError[] = []
  switch (key) {
    case 'hostPath': {
      const hp = spec.hostPath!
      if (!hp.path) return [field.required(fp.child('hostPath', 'path').toString())]
      if (hp.path.split('/').includes('..')) errs.push(field.invalid(fp.child('hostPath', 'path').toString(), hp.path, "must not contain '..'"))
      if (hp.type !== undefined && !hostPathTypes.includes(hp.type)) errs.push(field.notSupported(fp.child('hostPath', 'type').toString(), hp.type, hostPathTypes))
      break
    }
    case 'nfs': {
      const nfs = spec.nfs!
      if (!nfs.server) errs.push(field.required(fp.child('nfs', 'server').toString()))
      if (!nfs.path) errs.push(field.required(fp.child('nfs', 'path').toString()))
      if (!(nfs.path ?? '').startsWith('/')) errs.push(field.invalid(fp.child('nfs', 'path').toString(), nfs.path ?? '', 'must be an absolute path'))
      break
    }
    case 'local': {
      const p = spec.local!.path
      if (!p) errs.push(field.required(fp.child('local', 'path').toString()))
      else if (p.split('/').includes('..')) errs.push(field.invalid(fp.child('local', 'path').toString(), p, "must not contain '..'"))
      if (!nodeAffinity) errs.push(field.required(fp.child('nodeAffinity').toString(), 'Local volume requires node affinity'))
      break
    }
    case 'csi': {
      const csi = spec.csi!
      if (!csi.driver) errs.push(field.required(fp.child('csi', 'driver').toString()))
      if (!csi.volumeHandle) errs.push(field.required(fp.child('csi', 'volumeHandle').toString()))
      break
    }
    default:
      // Cloud and legacy sources are accepted as declared; nothing in Kubelab provisions them.
      break
  }
  return errs
}

/** ValidatePersistentVolumeSpec for a standalone PersistentVolume. */
function validateSpec(spec: PersistentVolumeSpec): FieldError[] {
  const sp = path('spec')
  const errs: FieldError[] = []
  const modes = spec.accessModes ?? []
  if (modes.length === 0) errs.push(field.required(sp.child('accessModes').toString()))
  errs.push(...validateAccessModes(modes, sp.child('accessModes')))
  const capacity = spec.capacity ?? {}
  const cp = sp.child('capacity')
  if (Object.keys(capacity).length === 0) errs.push(field.required(cp.toString()))
  if (!('storage' in capacity) || Object.keys(capacity).length > 1) errs.push(field.notSupported(cp.toString(), capacity, ['storage']))
  for (const [r, q] of Object.entries(capacity)) {
    const n = toQuantity(q)
    if (!n) errs.push(field.invalid(cp.key(r).toString(), q, quantityError(q) ?? ''))
    else if (n.sign() <= 0) errs.push(field.invalid(cp.key(r).toString(), n.toString(), 'must be greater than zero'))
  }
  if (spec.persistentVolumeReclaimPolicy && !reclaimPolicies.includes(spec.persistentVolumeReclaimPolicy)) {
    errs.push(field.notSupported(sp.child('persistentVolumeReclaimPolicy').toString(), spec.persistentVolumeReclaimPolicy, reclaimPolicies))
  }
  let hasAffinity = false
  if (spec.nodeAffinity) {
    hasAffinity = true
    const ap = sp.child('nodeAffinity', 'required')
    const req = spec.nodeAffinity.required
    if (!req) errs.push(field.required(ap.toString(), 'must specify required node constraints'))
    else if (!req.nodeSelectorTerms?.length) errs.push(field.required(ap.child('nodeSelectorTerms').toString(), 'must have at least one node selector term'))
    else {
      req.nodeSelectorTerms.forEach((t, i) => {
        ;(t.matchExpressions ?? []).forEach((rq, j) => errs.push(...validateNodeSelectorRequirement(rq, ap.child('nodeSelectorTerms').index(i).child('matchExpressions').index(j), false)))
      })
    }
  }
  let n = 0
  const src = spec as unknown as Record<string, unknown>
  for (const key of pvSources) {
    if (src[key] === undefined || src[key] === null) continue
    // flexVolume is counted without the "more than 1" check, as Kubernetes does.
    if (n > 0 && key !== 'flexVolume') {
      errs.push(field.forbidden(sp.child(key === 'cephfs' ? 'cephFS' : key).toString(), 'may not specify more than 1 volume type'))
      continue
    }
    n++
    errs.push(...validateSource(spec, key, sp, hasAffinity))
  }
  if (n === 0) errs.push(field.required(sp.toString(), 'must specify a volume type'))
  if (spec.hostPath && spec.persistentVolumeReclaimPolicy === 'Recycle' && /^\/+$/.test(spec.hostPath.path ?? '')) {
    errs.push(field.forbidden(sp.child('persistentVolumeReclaimPolicy').toString(), "may not be 'recycle' for a hostPath mount of '/'"))
  }
  if (spec.storageClassName) {
    for (const m of isDNS1123Subdomain(spec.storageClassName)) errs.push(field.invalid(sp.child('storageClassName').toString(), spec.storageClassName, m))
  }
  if (spec.volumeMode !== undefined && !volumeModes.includes(spec.volumeMode)) errs.push(field.notSupported(sp.child('volumeMode').toString(), spec.volumeMode, volumeModes))
  return errs
}

function validate(pv: PersistentVolume): FieldError[] {
  return [...validateCoreObjectMeta(pv.metadata, false, nameIsDNSSubdomain, path('metadata')), ...validateSpec(pv.spec ?? {})]
}

/** The PersistentVolumeSource part of a spec: what may never change. */
function sourceOf(spec: PersistentVolumeSpec | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  const src = (spec ?? {}) as unknown as Record<string, unknown>
  for (const k of pvSources) if (src[k] !== undefined) out[k] = src[k]
  return out
}

function validateUpdate(pv: PersistentVolume, old: PersistentVolume): FieldError[] {
  const errs = validate(pv)
  const now = sourceOf(pv.spec)
  const was = sourceOf(old.spec)
  // A CSI volume may gain a controllerExpandSecretRef after creation.
  const nowCSI = now.csi as { controllerExpandSecretRef?: unknown } | undefined
  if (nowCSI?.controllerExpandSecretRef && !(was.csi as { controllerExpandSecretRef?: unknown } | undefined)?.controllerExpandSecretRef) {
    now.csi = { ...nowCSI, controllerExpandSecretRef: undefined }
  }
  if (!semanticEqual(now, was)) {
    errs.push(field.forbidden(path('spec', 'persistentvolumesource').toString(), `spec.persistentvolumesource is immutable after creation\n${JSON.stringify(was)} -> ${JSON.stringify(now)}`))
  }
  // Kubernetes reports these two without the `spec.` prefix.
  errs.push(...validateImmutable(pv.spec?.volumeMode, old.spec?.volumeMode, 'volumeMode'))
  if (old.spec?.nodeAffinity && !deepEqual(pv.spec?.nodeAffinity, old.spec.nodeAffinity)) {
    errs.push(field.invalid('nodeAffinity', pv.spec?.nodeAffinity ?? null, 'field is immutable, except for updating from beta label to GA'))
  }
  return errs
}

export const persistentVolumeDefinition: ResourceDefinition<PersistentVolume> = {
  group: '',
  version: 'v1',
  kind: 'PersistentVolume',
  plural: 'persistentvolumes',
  singular: 'persistentvolume',
  shortNames: ['pv'],
  categories: [],
  namespaced: false,
  hasStatus: true,
  tableColumns: persistentVolumeColumns,
  defaults: (pv) => {
    const status = ((pv as Mutable<PersistentVolume>).status ??= {})
    if (!status.phase) status.phase = 'Pending'
    const spec = (pv.spec ??= {})
    if (!spec.persistentVolumeReclaimPolicy) spec.persistentVolumeReclaimPolicy = 'Retain'
    if (!spec.volumeMode) spec.volumeMode = 'Filesystem'
    defaultResourceList(spec.capacity)
    if (spec.hostPath && spec.hostPath.type === undefined) spec.hostPath.type = ''
  },
  prepareForCreate: (pv) => {
    ;(pv as Mutable<PersistentVolume>).status = { phase: 'Pending' }
  },
  prepareForUpdate: (pv, old) => {
    ;(pv as Mutable<PersistentVolume>).status = old.status
  },
  validate,
  validateUpdate,
  validateStatusUpdate: () => [],
  // "name" is a legacy alias Kubernetes keeps for compatibility.
  selectableFields: (pv) => ({ name: pv.metadata?.name ?? '' })
  // Table columns and the OpenAPI schema are added here by a later change.
}
