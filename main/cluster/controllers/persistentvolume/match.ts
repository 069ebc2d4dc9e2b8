import type { NodeSelectorRequirement, PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1'
import type { StorageClass } from 'kubernetes-types/storage/v1'
import { labelSelectorFromObject } from '../../apimachinery/label-selector'
import { tryParseQuantity, type Quantity } from '../../apimachinery/quantity'

/**
 * How the PV controller pairs claims with volumes (pkg/controller/volume/
 * persistentvolume/util and component-helpers/storage/volume): pure
 * functions over objects, so the rules read (and test) as a table.
 */

/** The beta annotation that once named a class, and still wins over the field. */
const betaClassAnnotation = 'volume.beta.kubernetes.io/storage-class'
/** The annotations marking a StorageClass as the cluster's default. */
const defaultClassAnnotations = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class']

/** storagehelpers.GetPersistentVolumeClaimClass: '' means no class. */
export function claimClass(claim: PersistentVolumeClaim): string {
  const annotations = claim.metadata?.annotations ?? {}
  if (Object.hasOwn(annotations, betaClassAnnotation)) return annotations[betaClassAnnotation]
  return claim.spec?.storageClassName ?? ''
}

/** storagehelpers.GetPersistentVolumeClass. */
export function volumeClass(pv: PersistentVolume): string {
  const annotations = pv.metadata?.annotations ?? {}
  if (Object.hasOwn(annotations, betaClassAnnotation)) return annotations[betaClassAnnotation]
  return pv.spec?.storageClassName ?? ''
}

/** Whether the claim has no class at all (nil, not ''), so the default class may be assigned to it. */
export function claimClassUnset(claim: PersistentVolumeClaim): boolean {
  return claim.spec?.storageClassName === undefined && !Object.hasOwn(claim.metadata?.annotations ?? {}, betaClassAnnotation)
}

/** storageutil.IsDefaultAnnotation. */
export function isDefaultClass(sc: StorageClass): boolean {
  const annotations = sc.metadata?.annotations ?? {}
  return defaultClassAnnotations.some((a) => annotations[a] === 'true')
}

/**
 * GetDefaultClass: of several default classes, the newest wins (ties by
 * name), as Kubernetes has done since 1.26.
 */
export function defaultClass(classes: readonly StorageClass[]): StorageClass | undefined {
  const defaults = classes.filter(isDefaultClass)
  defaults.sort((a, b) => {
    const ta = a.metadata?.creationTimestamp ?? ''
    const tb = b.metadata?.creationTimestamp ?? ''
    if (ta !== tb) return ta < tb ? 1 : -1
    return (a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1
  })
  return defaults[0]
}

function storageOf(list: Record<string, unknown> | undefined): Quantity | undefined {
  const v = list?.storage
  return typeof v === 'string' || typeof v === 'number' ? tryParseQuantity(String(v)) : undefined
}

/** The claim's requested size; undefined if it asks for none. */
export function requestedSize(claim: PersistentVolumeClaim): Quantity | undefined {
  return storageOf(claim.spec?.resources?.requests as Record<string, unknown> | undefined)
}

/** The volume's capacity. */
export function volumeSize(pv: PersistentVolume): Quantity | undefined {
  return storageOf(pv.spec?.capacity as Record<string, unknown> | undefined)
}

/** CheckAccessModes: the volume offers every mode the claim asks for. */
export function offersAccessModes(pv: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  const offered = pv.spec?.accessModes ?? []
  return (claim.spec?.accessModes ?? []).every((m) => offered.includes(m))
}

/** Whether the volume is pre-bound to this claim (its claimRef names it; a uid, when set, must agree). */
export function isPreBoundTo(pv: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  const ref = pv.spec?.claimRef
  if (!ref) return false
  if (ref.namespace !== claim.metadata?.namespace || ref.name !== claim.metadata?.name) return false
  return !ref.uid || ref.uid === claim.metadata?.uid
}

function requirementMatches(req: NodeSelectorRequirement, labels: Record<string, string>): boolean {
  const has = Object.hasOwn(labels, req.key)
  const value = labels[req.key]
  const values = req.values ?? []
  switch (req.operator) {
    case 'In':
      return has && values.includes(value)
    case 'NotIn':
      return !has || !values.includes(value)
    case 'Exists':
      return has
    case 'DoesNotExist':
      return !has
    case 'Gt':
    case 'Lt': {
      const n = Number.parseInt(value ?? '', 10)
      const bound = Number.parseInt(values[0] ?? '', 10)
      if (!has || Number.isNaN(n) || Number.isNaN(bound)) return false
      return req.operator === 'Gt' ? n > bound : n < bound
    }
    default:
      return false
  }
}

/** CheckNodeAffinity: the volume's required node affinity allows a node with these labels (terms are ORed). */
export function volumeAllowsNode(pv: PersistentVolume, nodeLabels: Record<string, string>): boolean {
  const terms = pv.spec?.nodeAffinity?.required?.nodeSelectorTerms
  if (!terms) return true
  return terms.some((t) => {
    const exprs = t.matchExpressions ?? []
    const fields = t.matchFields ?? []
    if (exprs.length + fields.length === 0) return false
    const nameLabels = { 'metadata.name': nodeLabels['kubernetes.io/hostname'] ?? '' }
    return exprs.every((r) => requirementMatches(r, nodeLabels)) && fields.every((r) => requirementMatches(r, nameLabels))
  })
}

/**
 * checkVolumeSatisfyClaim: why the volume cannot serve the claim, or
 * undefined if it can (size, class, volume mode, access modes).
 */
export function volumeMismatch(pv: PersistentVolume, claim: PersistentVolumeClaim): string | undefined {
  const want = requestedSize(claim)
  const have = volumeSize(pv)
  if (want && (!have || have.cmp(want) < 0)) return 'requested PV is too small'
  if (volumeClass(pv) !== claimClass(claim)) return 'storageClassName does not match'
  if ((pv.spec?.volumeMode ?? 'Filesystem') !== (claim.spec?.volumeMode ?? 'Filesystem')) return 'incompatible volumeMode'
  if (!offersAccessModes(pv, claim)) return 'incompatible accessMode'
  return undefined
}

export interface MatchOptions {
  /**
   * The claim's class binds WaitForFirstConsumer and no node is chosen yet:
   * only volumes pre-bound to it may be taken.
   */
  delayBinding?: boolean
  /** Labels of the node the claim's first consumer was scheduled to: volumes must allow it. */
  nodeLabels?: Record<string, string>
}

/**
 * FindMatchingVolume: a volume pre-bound to the claim wins if it fits;
 * otherwise the smallest available volume that satisfies class, volume mode,
 * access modes, selector and size (ties by name). Volumes being deleted,
 * bound or pre-bound elsewhere are skipped.
 */
export function findBestMatch(claim: PersistentVolumeClaim, volumes: readonly PersistentVolume[], options: MatchOptions = {}): PersistentVolume | undefined {
  const selector = claim.spec?.selector ? labelSelectorFromObject(claim.spec.selector) : undefined
  const want = requestedSize(claim)
  let best: PersistentVolume | undefined
  let bestSize: Quantity | undefined
  const sorted = [...volumes].sort((a, b) => ((a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1))
  for (const pv of sorted) {
    if (pv.metadata?.deletionTimestamp) continue
    const size = volumeSize(pv)
    if (!size || (want && size.cmp(want) < 0)) continue
    if ((pv.spec?.volumeMode ?? 'Filesystem') !== (claim.spec?.volumeMode ?? 'Filesystem')) continue
    if (options.nodeLabels && !volumeAllowsNode(pv, options.nodeLabels)) continue
    if (isPreBoundTo(pv, claim)) {
      // A pre-bound volume is taken even if a smaller one exists; class and modes still must agree.
      if (volumeMismatch(pv, claim) === undefined) return pv
      continue
    }
    if (pv.spec?.claimRef) continue
    if (pv.status?.phase && pv.status.phase !== 'Available' && pv.status.phase !== 'Pending') continue
    if (options.delayBinding) continue
    if (selector && !selector.matches(pv.metadata?.labels ?? {})) continue
    if (volumeClass(pv) !== claimClass(claim)) continue
    if (!offersAccessModes(pv, claim)) continue
    if (!bestSize || size.cmp(bestSize) < 0) {
      best = pv
      bestSize = size
    }
  }
  return best
}
