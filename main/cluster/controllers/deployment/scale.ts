import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1'
import { isNotFound } from '../../apimachinery/errors'
import { desiredReplicasOf, replicasAnnotationsNeedUpdate, setReplicasAnnotations } from './annotations'
import { type DeploymentSyncContext, recordEvent } from './context'
import { desiredReplicas, isRollingUpdate, maxSurge } from './fenceposts'
import {
  byRevision,
  bySizeNewer,
  bySizeOlder,
  filterActive,
  findActiveOrLatest,
  getProportion,
  isSaturated,
  replicasOf,
  specReplicaCount
} from './replica-sets'
import { deepCopy } from '../../apimachinery/deep-copy'

/**
 * Resizing ReplicaSets (sync.go): one at a time with a ScalingReplicaSet
 * event, proportionally across all active ones when the Deployment is
 * resized mid-rollout or while paused, and pruning old, empty ReplicaSets
 * beyond revisionHistoryLimit.
 */

/**
 * scaleReplicaSet: sets spec.replicas and the replicas annotations; returns
 * whether the size changed, and the ReplicaSet as stored.
 */
export async function scaleReplicaSet(
  dc: DeploymentSyncContext,
  rs: ReplicaSet,
  newScale: number,
  d: Deployment,
  operation?: 'up' | 'down'
): Promise<{ scaled: boolean; rs: ReplicaSet }> {
  const oldScale = replicasOf(rs)
  const sizeNeedsUpdate = oldScale !== newScale
  const max = desiredReplicas(d) + maxSurge(d)
  if (!sizeNeedsUpdate && !replicasAnnotationsNeedUpdate(rs, desiredReplicas(d), max)) return { scaled: false, rs }
  const copy = deepCopy(rs) as ReplicaSet
  copy.spec = { ...copy.spec!, replicas: newScale }
  setReplicasAnnotations(copy, desiredReplicas(d), max)
  const updated = await dc.replicaSets.update(copy)
  if (!sizeNeedsUpdate) return { scaled: false, rs: updated }
  const verb = operation ?? (oldScale < newScale ? 'up' : 'down')
  recordEvent(dc, d, 'Normal', 'ScalingReplicaSet', `Scaled ${verb} replica set ${updated.metadata?.name} from ${oldScale} to ${newScale}`)
  return { scaled: true, rs: updated }
}

/** scaleReplicaSetAndRecordEvent: scaleReplicaSet unless the size is already right. */
export async function scaleReplicaSetAndRecordEvent(dc: DeploymentSyncContext, rs: ReplicaSet, newScale: number, d: Deployment): Promise<{ scaled: boolean; rs: ReplicaSet }> {
  if (replicasOf(rs) === newScale) return { scaled: false, rs }
  return scaleReplicaSet(dc, rs, newScale, d)
}

/**
 * scale: a scaling event (or a paused Deployment). One active ReplicaSet
 * takes the new size; a saturated new one lets the old ones go; otherwise
 * a rolling Deployment spreads the difference across the active
 * ReplicaSets in proportion to their size, so resizing mid-rollout neither
 * hastens nor slows the rollout.
 */
export async function scale(dc: DeploymentSyncContext, d: Deployment, newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): Promise<void> {
  const activeOrLatest = findActiveOrLatest(newRS, oldRSs)
  if (activeOrLatest) {
    if (replicasOf(activeOrLatest) === desiredReplicas(d)) return
    await scaleReplicaSetAndRecordEvent(dc, activeOrLatest, desiredReplicas(d), d)
    return
  }
  if (isSaturated(d, newRS)) {
    for (const old of filterActive(oldRSs)) await scaleReplicaSetAndRecordEvent(dc, old, 0, d)
    return
  }
  if (!isRollingUpdate(d)) return

  const active = filterActive([...oldRSs, newRS])
  const allowedSize = desiredReplicas(d) > 0 ? desiredReplicas(d) + maxSurge(d) : 0
  const toAdd = allowedSize - specReplicaCount(active)
  let operation: 'up' | 'down' | undefined
  // Larger first; among equals, scale up the newer and scale down the older first.
  if (toAdd > 0) {
    active.sort(bySizeNewer)
    operation = 'up'
  } else if (toAdd < 0) {
    active.sort(bySizeOlder)
    operation = 'down'
  }
  let added = 0
  const sizes = new Map<string, number>()
  for (const rs of active) {
    const name = rs.metadata?.name ?? ''
    if (toAdd === 0) {
      sizes.set(name, replicasOf(rs))
      continue
    }
    const proportion = getProportion(rs, d, toAdd, added)
    sizes.set(name, replicasOf(rs) + proportion)
    added += proportion
  }
  for (const [i, rs] of active.entries()) {
    const name = rs.metadata?.name ?? ''
    // Leftovers from rounding go to the largest ReplicaSet.
    if (i === 0 && toAdd !== 0) sizes.set(name, Math.max(0, sizes.get(name)! + toAdd - added))
    await scaleReplicaSet(dc, rs, sizes.get(name)!, d, operation)
  }
}

/**
 * cleanupDeployment: deletes the oldest old ReplicaSets beyond
 * revisionHistoryLimit, only those with no pods wanted or running and whose
 * latest spec their controller has seen.
 */
export async function cleanupDeployment(dc: DeploymentSyncContext, oldRSs: ReplicaSet[], d: Deployment): Promise<void> {
  const limit = d.spec?.revisionHistoryLimit
  if (limit === undefined || limit === null || limit === 2147483647) return
  const cleanable = oldRSs.filter((rs) => !rs.metadata?.deletionTimestamp)
  const diff = cleanable.length - limit
  if (diff <= 0) return
  cleanable.sort(byRevision)
  for (const rs of cleanable.slice(0, diff)) {
    const busy = (rs.status?.replicas ?? 0) !== 0 || replicasOf(rs) !== 0 || (rs.metadata?.generation ?? 0) > (rs.status?.observedGeneration ?? 0)
    if (busy) continue
    try {
      await dc.replicaSets.delete(rs.metadata?.namespace, rs.metadata?.name ?? '')
    } catch (e) {
      if (!isNotFound(e)) throw e
    }
  }
}

/** isScalingEvent: an active ReplicaSet recorded a different Deployment size than spec.replicas. */
export function isScalingEvent(d: Deployment, newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): boolean {
  return filterActive([...oldRSs, newRS]).some((rs) => {
    const desired = desiredReplicasOf(rs)
    return desired !== undefined && desired !== desiredReplicas(d)
  })
}
