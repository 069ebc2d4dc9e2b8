import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1'
import { labelSelectorFromObject } from '../../apimachinery/label-selector'
import type { Informer } from '../../client/informer'
import { splitKey } from '../../client/indexer-keys'
import { claimReplicaSets } from './claim'
import { type DeploymentSyncContext, recordEvent, writeStatus } from './context'
import { getAllReplicaSetsAndSyncRevision } from './new-replica-set'
import { recreateOrRoll } from './strategy'
import { cleanupDeployment, isScalingEvent, scale } from './scale'
import { checkPausedConditions, syncDeploymentStatus } from './status-sync'
import { deepCopy } from '../../apimachinery/deep-copy'

/**
 * syncDeployment (deployment_controller.go): one pass over one Deployment.
 * Order matters as in Kubernetes: deletion (status only), pause, scaling
 * events, then the rollout strategy. A rollback is no special case: the
 * client patches spec.template back, and the old ReplicaSet whose template
 * matches becomes the new one again, with a higher revision.
 */
export async function syncDeployment(dc: DeploymentSyncContext, deployments: Informer<Deployment>, key: string): Promise<number | undefined> {
  const { namespace, name } = splitKey(key)
  const cached = deployments.getByName(namespace, name)
  if (!cached) return undefined
  const d = deepCopy(cached) as Deployment
  const selector = labelSelectorFromObject(d.spec?.selector)
  if (selector.empty()) {
    recordEvent(dc, d, 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.')
    if ((d.status?.observedGeneration ?? 0) < (d.metadata?.generation ?? 0)) {
      d.status = { ...d.status, observedGeneration: d.metadata?.generation }
      await writeStatus(dc, d)
    }
    return undefined
  }
  const rsList = await claimReplicaSets(dc, d, selector)
  if (d.metadata?.deletionTimestamp) {
    const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(dc, d, rsList, false)
    await syncDeploymentStatus(dc, [...oldRSs, newRS], newRS, d)
    return undefined
  }
  await checkPausedConditions(dc, d)
  if (d.spec?.paused) {
    await sync(dc, d, rsList)
    return undefined
  }
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(dc, d, rsList, false)
  if (isScalingEvent(d, newRS, oldRSs)) {
    await sync(dc, d, rsList)
    return undefined
  }
  return recreateOrRoll(dc, d, rsList)
}

/** sync: a scaling event or a paused Deployment: resize, prune history when paused, report status. */
async function sync(dc: DeploymentSyncContext, d: Deployment, rsList: ReplicaSet[]): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(dc, d, rsList, false)
  await scale(dc, d, newRS, oldRSs)
  if (d.spec?.paused) await cleanupDeployment(dc, oldRSs, d)
  await syncDeploymentStatus(dc, [...oldRSs, newRS], newRS, d)
}
