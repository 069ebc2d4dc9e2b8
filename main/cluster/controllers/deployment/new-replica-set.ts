import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1'
import type { ObjectMetadata } from '../../apimachinery/types'
import { isAlreadyExists } from '../../apimachinery/errors'
import { maxRevision, podTemplateHashLabel, revisionAnnotation, setDeploymentRevision, setNewReplicaSetAnnotations } from './annotations'
import { Reasons, getCondition, hasProgressDeadline, newCondition, setCondition } from './conditions'
import { type DeploymentSyncContext, recordEvent, writeStatus } from './context'
import { computeHash } from './hash'
import { equalIgnoreHash, findNewReplicaSet, findOldReplicaSets, newRSNewReplicas } from './replica-sets'
import { deepCopy } from '../../apimachinery/deep-copy'

/**
 * Finding, or creating, the Deployment's new ReplicaSet and keeping the
 * revision numbers in order (sync.go getAllReplicaSetsAndSyncRevision and
 * getNewReplicaSet).
 */

/** The new ReplicaSet (undefined if none yet and none created) and every old one. */
export interface ReplicaSets {
  /** The ReplicaSet whose template is the Deployment's; undefined when there is none (yet). */
  newRS: ReplicaSet | undefined
  /** Every other ReplicaSet the Deployment controls, scaled down or not. */
  oldRSs: ReplicaSet[]
}

/**
 * getAllReplicaSetsAndSyncRevision: the new ReplicaSet gets revision
 * max(old)+1 (a rollback raises an old ReplicaSet's revision this way) and
 * the Deployment mirrors it. With create, a missing new ReplicaSet is made.
 */
export async function getAllReplicaSetsAndSyncRevision(dc: DeploymentSyncContext, d: Deployment, rsList: ReplicaSet[], create: boolean): Promise<ReplicaSets> {
  const { all: oldRSs } = findOldReplicaSets(d, rsList)
  const newRS = await getNewReplicaSet(dc, d, rsList, oldRSs, create)
  return { newRS, oldRSs }
}

/** An owner reference making the Deployment the ReplicaSet's controller. */
export function controllerRef(d: Deployment) {
  return { apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata?.name ?? '', uid: d.metadata?.uid ?? '', controller: true, blockOwnerDeletion: true }
}

async function syncExistingNewRS(dc: DeploymentSyncContext, d: Deployment, existing: ReplicaSet, newRevision: string): Promise<ReplicaSet> {
  const rsCopy = deepCopy(existing) as ReplicaSet
  const annotationsUpdated = setNewReplicaSetAnnotations(d, rsCopy, newRevision, true)
  const minReadySecondsChanged = (rsCopy.spec?.minReadySeconds ?? 0) !== (d.spec?.minReadySeconds ?? 0)
  if (annotationsUpdated || minReadySecondsChanged) {
    rsCopy.spec!.minReadySeconds = d.spec?.minReadySeconds
    // The Deployment's revision follows on the next sync, which this write triggers.
    return dc.replicaSets.update(rsCopy)
  }
  // The ReplicaSet's revision was set before: it is the one to trust.
  let needsUpdate = setDeploymentRevision(d, rsCopy.metadata?.annotations?.[revisionAnnotation] ?? '')
  if (hasProgressDeadline(d) && !getCondition(d.status, 'Progressing')) {
    // A Deployment that starts caring about progress late: count from when its new ReplicaSet was noticed.
    d.status ??= {}
    const msg = `Found new replica set "${rsCopy.metadata?.name}"`
    setCondition(d.status, newCondition('Progressing', 'True', Reasons.foundNewRS, msg, dc.clock.rfc3339()))
    needsUpdate = true
  }
  if (needsUpdate) await writeStatus(dc, d)
  return rsCopy
}

/** getNewReplicaSet. */
async function getNewReplicaSet(dc: DeploymentSyncContext, d: Deployment, rsList: ReplicaSet[], oldRSs: ReplicaSet[], create: boolean): Promise<ReplicaSet | undefined> {
  const existing = findNewReplicaSet(d, rsList)
  const newRevision = String(maxRevision(oldRSs) + 1)
  if (existing) {
    const synced = await syncExistingNewRS(dc, d, existing, newRevision)
    // Later steps of this sync read rsList: let them see what was just written.
    rsList[rsList.indexOf(existing)] = synced
    return synced
  }
  if (!create) return undefined

  const template = deepCopy(d.spec?.template ?? {})
  const hash = computeHash(d.spec?.template, d.status?.collisionCount)
  const labels = { ...(template.metadata?.labels ?? {}), [podTemplateHashLabel]: hash }
  template.metadata = { ...(template.metadata ?? {}), labels }
  const selector = deepCopy(d.spec?.selector ?? {})
  selector.matchLabels = { ...(selector.matchLabels ?? {}), [podTemplateHashLabel]: hash }
  const newRS: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      // Deterministic, so a repeated create after a stale read fails instead of duplicating.
      name: `${d.metadata?.name}-${hash}`,
      namespace: d.metadata?.namespace,
      ownerReferences: [controllerRef(d)],
      labels: { ...labels }
    },
    spec: { replicas: 0, minReadySeconds: d.spec?.minReadySeconds, selector, template }
  }
  const replicas = newRSNewReplicas(d, [...oldRSs, newRS], newRS)
  newRS.spec!.replicas = replicas
  setNewReplicaSetAnnotations(d, newRS, newRevision, false)

  let created: ReplicaSet
  let alreadyExists = false
  try {
    created = await dc.replicaSets.create(newRS)
  } catch (e) {
    if (isAlreadyExists(e)) {
      alreadyExists = true
      created = await adoptOrCollide(dc, d, newRS, e)
    } else {
      await reportCreateFailure(dc, d, newRS, e)
      throw e
    }
  }
  if (!alreadyExists && replicas > 0) {
    recordEvent(dc, d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${created.metadata?.name} from 0 to ${replicas}`)
  }
  let needsUpdate = setDeploymentRevision(d, newRevision)
  if (!alreadyExists && hasProgressDeadline(d)) {
    d.status ??= {}
    setCondition(d.status, newCondition('Progressing', 'True', Reasons.newReplicaSet, `Created new replica set "${created.metadata?.name}"`, dc.clock.rfc3339()))
    needsUpdate = true
  }
  if (needsUpdate) await writeStatus(dc, d)
  return created
}

/**
 * The name was taken: by our own new ReplicaSet (a stale cache), which we
 * use, or by another template with the same hash, in which case the
 * collision count goes up so the next hash differs, and the sync retries.
 */
async function adoptOrCollide(dc: DeploymentSyncContext, d: Deployment, newRS: ReplicaSet, error: unknown): Promise<ReplicaSet> {
  const meta = newRS.metadata as ObjectMetadata
  const rs = dc.rsInformer.getByName(meta.namespace, meta.name ?? '') ?? (await dc.replicaSets.get(meta.namespace, meta.name ?? ''))
  const ref = rs.metadata?.ownerReferences?.find((r) => r.controller)
  if (ref && ref.uid === d.metadata?.uid && equalIgnoreHash(d.spec?.template, rs.spec?.template)) return rs
  d.status ??= {}
  d.status.collisionCount = (d.status.collisionCount ?? 0) + 1
  await writeStatus(dc, d)
  throw error
}

async function reportCreateFailure(dc: DeploymentSyncContext, d: Deployment, newRS: ReplicaSet, error: unknown): Promise<void> {
  const msg = `Failed to create new replica set "${newRS.metadata?.name}": ${(error as Error).message ?? error}`
  if (hasProgressDeadline(d)) {
    d.status ??= {}
    setCondition(d.status, newCondition('Progressing', 'False', Reasons.failedRSCreate, msg, dc.clock.rfc3339()))
    // The create failure is the bigger problem to report; a failed status write adds nothing.
    await writeStatus(dc, d).catch(() => undefined)
  }
  recordEvent(dc, d, 'Warning', Reasons.failedRSCreate, msg)
}
