import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1'
import type { Pod } from 'kubernetes-types/core/v1'
import { IndexNames } from '../../client/indexer-builtins'
import { deploymentComplete } from './conditions'
import type { DeploymentSyncContext } from './context'
import { desiredReplicas } from './fenceposts'
import { getAllReplicaSetsAndSyncRevision } from './new-replica-set'
import { cleanupDeployment, scaleReplicaSetAndRecordEvent } from './scale'
import { actualReplicaCount, filterActive } from './replica-sets'
import { syncRolloutStatus } from './status-sync'

/**
 * The Recreate strategy (recreate.go): scale every old ReplicaSet to zero,
 * wait until none of their pods runs, and only then create (or scale up)
 * the new ReplicaSet, so old and new pods never run side by side.
 */

/** rolloutRecreate; returns the delay before a progress-deadline check, if any. */
export async function rolloutRecreate(dc: DeploymentSyncContext, d: Deployment, rsList: ReplicaSet[]): Promise<number | undefined> {
  // Not creating the new ReplicaSet yet: nothing may scale up before the old pods are gone.
  let { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(dc, d, rsList, false)
  let allRSs = [...oldRSs, newRS]
  if (await scaleDownOldReplicaSets(dc, filterActive(oldRSs), d)) return syncRolloutStatus(dc, allRSs, newRS, d)
  if (oldPodsRunning(dc, newRS, oldRSs)) return syncRolloutStatus(dc, allRSs, newRS, d)
  if (!newRS) {
    ;({ newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(dc, d, rsList, true))
    allRSs = [...oldRSs, newRS]
  }
  await scaleReplicaSetAndRecordEvent(dc, newRS!, desiredReplicas(d), d)
  if (deploymentComplete(d, d.status ?? {})) await cleanupDeployment(dc, oldRSs, d)
  return syncRolloutStatus(dc, allRSs, newRS, d)
}

async function scaleDownOldReplicaSets(dc: DeploymentSyncContext, oldRSs: ReplicaSet[], d: Deployment): Promise<boolean> {
  let scaled = false
  for (const rs of oldRSs) {
    if ((await scaleReplicaSetAndRecordEvent(dc, rs, 0, d)).scaled) scaled = true
  }
  return scaled
}

/**
 * oldPodsRunning: an old ReplicaSet still reports pods, or one of its pods
 * is not yet Succeeded or Failed (an Unknown phase counts as running: we
 * cannot be sure it stopped).
 */
function oldPodsRunning(dc: DeploymentSyncContext, newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): boolean {
  if (actualReplicaCount(oldRSs) > 0) return true
  return oldRSs.some((rs) => {
    if (newRS && rs.metadata?.uid === newRS.metadata?.uid) return false
    const pods = dc.podInformer.byIndex(IndexNames.ownerUid, rs.metadata?.uid ?? '') as Pod[]
    return pods.some((pod) => isControlledBy(pod, rs) && pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed')
  })
}

function isControlledBy(pod: Pod, rs: ReplicaSet): boolean {
  return (pod.metadata?.ownerReferences ?? []).some((r) => r.controller && r.uid === rs.metadata?.uid)
}
