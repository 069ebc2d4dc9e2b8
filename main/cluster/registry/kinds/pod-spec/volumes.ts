import type { Volume } from 'kubernetes-types/core/v1'
import { type FieldError, type FieldPath, field } from '../../../apimachinery/field-errors'
import { validateDNS1123Label } from '../../validation/names'

/** spec.volumes: the volume sources, their paths and file modes, and unique names. */

/** The volume source fields of a Volume, in the order Kubernetes checks them. */
export const volumeSourceKeys = [
  'emptyDir', 'hostPath', 'gitRepo', 'gcePersistentDisk', 'awsElasticBlockStore', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'flocker', 'persistentVolumeClaim', 'rbd', 'cinder', 'cephfs', 'quobyte', 'downwardAPI', 'fc', 'flexVolume', 'configMap',
  'azureFile', 'vsphereVolume', 'photonPersistentDisk', 'portworxVolume', 'azureDisk', 'storageos', 'projected', 'scaleIO',
  'csi', 'ephemeral', 'image'
] as const

const fileModeErrorMsg = 'must be a number between 0 and 0777 (octal), both inclusive'

function validateFileMode(mode: number | undefined, fp: FieldPath): FieldError[] {
  if (mode !== undefined && (mode > 0o777 || mode < 0)) return [field.invalid(fp.toString(), mode, fileModeErrorMsg)]
  return []
}

export function validateLocalDescendingPath(p: string, fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  if (p.startsWith('/')) errs.push(field.invalid(fp.toString(), p, 'must be a relative path'))
  errs.push(...validatePathNoBacksteps(p, fp))
  return errs
}

function validatePathNoBacksteps(p: string, fp: FieldPath): FieldError[] {
  if (p.replace(/\\/g, '/').split('/').includes('..')) return [field.invalid(fp.toString(), p, "must not contain '..'")]
  return []
}

function validateLocalNonReservedPath(p: string, fp: FieldPath): FieldError[] {
  const errs = validateLocalDescendingPath(p, fp)
  if (p.startsWith('..') && !p.startsWith('../')) errs.push(field.invalid(fp.toString(), p, "must not start with '..'"))
  return errs
}

function validateKeyToPath(kp: { key?: string; path?: string; mode?: number }, fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  if (!kp.key) errs.push(field.required(fp.child('key').toString()))
  if (!kp.path) errs.push(field.required(fp.child('path').toString()))
  errs.push(...validateLocalNonReservedPath(kp.path ?? '', fp.child('path')))
  errs.push(...validateFileMode(kp.mode, fp.child('mode')))
  return errs
}

const hostPathTypes = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket']

/** Checks one volume source's own fields; returns the errors and how many sources were set. */
function validateVolumeSource(v: Volume, fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  let n = 0
  const src = v as unknown as Record<string, unknown>
  for (const key of volumeSourceKeys) {
    if (src[key] === undefined || src[key] === null) continue
    // Kubernetes misspells this path in its own message; keep it so users can search for it.
    const pathKey = key === 'downwardAPI' ? 'downwarAPI' : key === 'cephfs' ? 'cephFS' : key
    if (n > 0) {
      errs.push(field.forbidden(fp.child(pathKey).toString(), 'may not specify more than 1 volume type'))
      continue
    }
    n++
    errs.push(...validateOneSource(v, key, fp))
  }
  if (n === 0) errs.push(field.required(fp.toString(), 'must specify a volume type'))
  return errs
}

function validateOneSource(v: Volume, key: (typeof volumeSourceKeys)[number], fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  switch (key) {
    case 'hostPath': {
      const hp = v.hostPath!
      if (!hp.path) return [field.required(fp.child('hostPath', 'path').toString())]
      errs.push(...validatePathNoBacksteps(hp.path, fp.child('hostPath', 'path')))
      if (hp.type !== undefined && !hostPathTypes.includes(hp.type)) errs.push(field.notSupported(fp.child('hostPath', 'type').toString(), hp.type, hostPathTypes))
      break
    }
    case 'secret': {
      const s = v.secret!
      const p = fp.child('secret')
      if (!s.secretName) errs.push(field.required(p.child('secretName').toString()))
      errs.push(...validateFileMode(s.defaultMode, p.child('defaultMode')))
      ;(s.items ?? []).forEach((kp, i) => errs.push(...validateKeyToPath(kp, p.child('items').index(i))))
      break
    }
    case 'configMap': {
      const c = v.configMap!
      const p = fp.child('configMap')
      if (!c.name) errs.push(field.required(p.child('name').toString()))
      errs.push(...validateFileMode(c.defaultMode, p.child('defaultMode')))
      ;(c.items ?? []).forEach((kp, i) => errs.push(...validateKeyToPath(kp, p.child('items').index(i))))
      break
    }
    case 'persistentVolumeClaim':
      if (!v.persistentVolumeClaim!.claimName) errs.push(field.required(fp.child('persistentVolumeClaim', 'claimName').toString()))
      break
    case 'nfs': {
      const nfs = v.nfs!
      if (!nfs.server) errs.push(field.required(fp.child('nfs', 'server').toString()))
      if (!nfs.path) errs.push(field.required(fp.child('nfs', 'path').toString()))
      if (!(nfs.path ?? '').startsWith('/')) errs.push(field.invalid(fp.child('nfs', 'path').toString(), nfs.path ?? '', 'must be an absolute path'))
      break
    }
    case 'downwardAPI': {
      const d = v.downwardAPI!
      errs.push(...validateFileMode(d.defaultMode, fp.child('downwardAPI', 'defaultMode')))
      for (const item of d.items ?? []) {
        const p = fp.child('downwardAPI')
        if (!item.path) errs.push(field.required(p.child('path').toString()))
        errs.push(...validateLocalNonReservedPath(item.path ?? '', p.child('path')))
        if (!item.fieldRef && !item.resourceFieldRef) errs.push(field.required(p.toString(), 'one of fieldRef and resourceFieldRef is required'))
        errs.push(...validateFileMode(item.mode, p.child('mode')))
      }
      break
    }
    case 'projected': {
      const pr = v.projected!
      const p = fp.child('projected')
      errs.push(...validateFileMode(pr.defaultMode, p.child('defaultMode')))
      ;(pr.sources ?? []).forEach((s, i) => {
        const sp = p.child('sources').index(i)
        let count = 0
        if (s.secret) {
          count++
          ;(s.secret.items ?? []).forEach((kp, j) => errs.push(...validateKeyToPath(kp, sp.child('secret', 'items').index(j))))
        }
        if (s.configMap) {
          count++
          ;(s.configMap.items ?? []).forEach((kp, j) => errs.push(...validateKeyToPath(kp, sp.child('configMap', 'items').index(j))))
        }
        if (s.downwardAPI) count++
        if (s.serviceAccountToken) {
          count++
          const exp = s.serviceAccountToken.expirationSeconds ?? 3600
          const ep = sp.child('serviceAccountToken', 'expirationSeconds').toString()
          if (exp < 600) errs.push(field.invalid(ep, exp, 'may not specify a duration less than 10 minutes'))
          if (exp > 2 ** 32) errs.push(field.invalid(ep, exp, 'may not specify a duration larger than 2^32 seconds'))
          if (!s.serviceAccountToken.path) errs.push(field.required(p.child('path').toString()))
          else errs.push(...validateLocalNonReservedPath(s.serviceAccountToken.path, p.child('path')))
        }
        if (count > 1) errs.push(field.forbidden(sp.toString(), 'may not specify more than 1 volume type per source'))
      })
      break
    }
    case 'csi':
      if (!v.csi!.driver) errs.push(field.required(fp.child('csi', 'driver').toString()))
      break
    case 'gitRepo':
      if (!v.gitRepo!.repository) errs.push(field.required(fp.child('gitRepo', 'repository').toString()))
      errs.push(...validateLocalDescendingPath(v.gitRepo!.directory ?? '', fp.child('gitRepo', 'directory')))
      break
    case 'ephemeral':
      if (!v.ephemeral!.volumeClaimTemplate) errs.push(field.required(fp.child('ephemeral', 'volumeClaimTemplate').toString()))
      break
    default:
      // Cloud and legacy in-tree sources exist in the API but nothing in Kubelab mounts them.
      break
  }
  return errs
}

/** Validates spec.volumes; returns the errors and the names of the valid volumes (for volumeMounts). */
export function validateVolumes(volumes: Volume[], fp: FieldPath): { errs: FieldError[]; names: Map<string, Volume> } {
  const errs: FieldError[] = []
  const names = new Map<string, Volume>()
  volumes.forEach((v, i) => {
    const ip = fp.index(i)
    const np = ip.child('name')
    const el = validateVolumeSource(v, ip)
    if (!v.name) el.push(field.required(np.toString()))
    else el.push(...validateDNS1123Label(v.name, np))
    if (names.has(v.name)) el.push(field.duplicate(np.toString(), v.name))
    if (el.length === 0) names.set(v.name, v)
    else errs.push(...el)
  })
  return { errs, names }
}
