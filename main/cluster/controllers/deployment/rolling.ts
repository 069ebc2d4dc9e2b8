import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1'
import { deploymentComplete } from './conditions'
import type { DeploymentSyncContext } from './context'
import { desiredReplicas, maxUnavailable } from './fenceposts'
import { getAllReplicaSetsAndSyncRevision } from './new-replica-set'
import { cleanupDeployment, scaleReplicaSet } from './scale'
import { availableReplicaCount, byCreationTimestamp, filterActive, newRSNewReplicas, replicasOf, specReplicaCount } from './replica-sets'
import { syncRolloutStatus } from './status-sync'

/**
 * The RollingUpdate strategy (rolling.go): each sync either scales the new
 * ReplicaSet up (within maxSurge) or the old ones down (keeping
 * spec.replicas - maxUnavailable pods available), then reports status. The
 * next sync comes when the ReplicaSets' status changes.
 */

/** rolloutRolling; returns the delay before a progress-deadline check, if any. */
export async function rolloutRolling(dc: DeploymentSyncContext, d: Deployment, rsList: ReplicaSet[]): Promise<number | undefined> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(dc, d, rsList, true)
  const allRSs = [...oldRSs, newRS!]
  if (await reconcileNewReplicaSet(dc, allRSs, newRS!, d)) return syncRolloutStatus(dc, allRSs, newRS, d)
  if (await reconcileOldReplicaSets(dc, allRSs, filterActive(oldRSs), newRS!, d)) return syncRolloutStatus(dc, allRSs, newRS, d)
  if (deploymentComplete(d, d.status ?? {})) await cleanupDeployment(dc, oldRSs, d)
  return syncRolloutStatus(dc, allRSs, newRS, d)
}

async function reconcileNewReplicaSet(dc: DeploymentSyncContext, allRSs: ReplicaSet[], newRS: ReplicaSet, d: Deployment): Promise<boolean> {
  const desired = desiredReplicas(d)
  if (replicasOf(newRS) === desired) return false
  if (replicasOf(newRS) > desired) return (await scaleReplicaSet(dc, newRS, desired, d)).scaled
  return (await scaleReplicaSet(dc, newRS, newRSNewReplicas(d, allRSs, newRS), d)).scaled
}

/**
 * reconcileOldReplicaSets: scale old ReplicaSets down by at most
 * allPods - minAvailable - unavailableNewPods, unhealthy pods first, so
 * that new pods that never become available cannot push availability
 * below the minimum (kubernetes/kubernetes#16737).
 */
async function reconcileOldReplicaSets(dc: DeploymentSyncContext, allRSs: ReplicaSet[], oldRSs: ReplicaSet[], newRS: ReplicaSet, d: Deployment): Promise<boolean> {
  if (specReplicaCount(oldRSs) === 0) return false
  const minAvailable = desiredReplicas(d) - maxUnavailable(d)
  const newRSUnavailable = replicasOf(newRS) - (newRS.status?.availableReplicas ?? 0)
  const maxScaledDown = specReplicaCount(allRSs) - minAvailable - newRSUnavailable
  if (maxScaledDown <= 0) return false
  const cleaned = await cleanupUnhealthyReplicas(dc, oldRSs, d, maxScaledDown)
  const scaledDown = await scaleDownOldReplicaSetsForRollingUpdate(dc, [...cleaned.oldRSs, newRS], cleaned.oldRSs, d)
  return cleaned.count + scaledDown > 0
}

/** Scales away old pods that are not available: that cannot lower availability. */
async function cleanupUnhealthyReplicas(dc: DeploymentSyncContext, oldRSs: ReplicaSet[], d: Deployment, maxCleanup: number): Promise<{ oldRSs: ReplicaSet[]; count: number }> {
  const sorted = [...oldRSs].sort(byCreationTimestamp)
  let total = 0
  for (const [i, rs] of sorted.entries()) {
    if (total >= maxCleanup) break
    const available = rs.status?.availableReplicas ?? 0
    if (replicasOf(rs) === 0 || replicasOf(rs) === available) continue
    const count = Math.min(maxCleanup - total, replicasOf(rs) - available)
    // More available than asked for (the status still counts a pod being scaled away): never a scale-up, the sync fails and comes back, as in Go.
    if (count < 0) {
      throw new Error(`when cleaning up unhealthy replicas, got invalid request to scale down ${rs.metadata?.namespace}/${rs.metadata?.name} ${replicasOf(rs)} -> ${replicasOf(rs) - count}`)
    }
    const { rs: updated } = await scaleReplicaSet(dc, rs, replicasOf(rs) - count, d)
    total += count
    sorted[i] = updated
  }
  return { oldRSs: sorted, count: total }
}

/** Scales old ReplicaSets down, oldest first, as far as available pods above the minimum allow. */
async function scaleDownOldReplicaSetsForRollingUpdate(dc: DeploymentSyncContext, allRSs: ReplicaSet[], oldRSs: ReplicaSet[], d: Deployment): Promise<number> {
  const minAvailable = desiredReplicas(d) - maxUnavailable(d)
  const available = availableReplicaCount(allRSs)
  if (available <= minAvailable) return 0
  const toScaleDown = available - minAvailable
  let total = 0
  for (const rs of [...oldRSs].sort(byCreationTimestamp)) {
    if (total >= toScaleDown) break
    if (replicasOf(rs) === 0) continue
    const count = Math.min(replicasOf(rs), toScaleDown - total)
    await scaleReplicaSet(dc, rs, replicasOf(rs) - count, d)
    total += count
  }
  return total
}
