import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1'
import type { Selector } from '../../apimachinery/label-selector'
import { isNotFound } from '../../apimachinery/errors'
import { IndexNames, labelIndexValue } from '../../client/indexer-builtins'
import type { DeploymentSyncContext } from './context'
import { controllerRef } from './new-replica-set'
import { deepCopy } from '../../apimachinery/deep-copy'

/**
 * ControllerRefManager.ClaimReplicaSets: the ReplicaSets a Deployment
 * controls. It adopts orphans its selector matches (unless it is being
 * deleted) and releases ReplicaSets it owns that no longer match; a
 * ReplicaSet another controller owns is never touched.
 */
export async function claimReplicaSets(dc: DeploymentSyncContext, d: Deployment, selector: Selector): Promise<ReplicaSet[]> {
  const uid = d.metadata?.uid
  const claimed: ReplicaSet[] = []
  let canAdopt: Promise<boolean> | undefined
  for (const rs of candidates(dc, d)) {
    const ref = rs.metadata?.ownerReferences?.find((r) => r.controller)
    const matches = selector.matches(rs.metadata?.labels)
    if (ref) {
      if (ref.uid !== uid) continue
      if (matches) claimed.push(rs)
      else if (!d.metadata?.deletionTimestamp) await release(dc, rs, uid)
      continue
    }
    if (!matches || d.metadata?.deletionTimestamp || rs.metadata?.deletionTimestamp) continue
    // Adopting for a Deployment deleted since the cache was read would leak the ReplicaSet: check afresh, once.
    canAdopt ??= recheckNotDeleted(dc, d)
    if (!(await canAdopt)) continue
    const adopted = await adopt(dc, rs, d)
    if (adopted) claimed.push(adopted)
  }
  return claimed
}

/**
 * The ReplicaSets to look at: those the Deployment owns (it may have to
 * release them) and those its selector could match, found through the label
 * index when the selector pins a label, else among the namespace's.
 */
function candidates(dc: DeploymentSyncContext, d: Deployment): ReplicaSet[] {
  const namespace = d.metadata?.namespace ?? ''
  const owned = dc.rsInformer.byIndex(IndexNames.ownerUid, d.metadata?.uid ?? '').filter((rs) => rs.metadata?.namespace === namespace)
  const pinned = Object.entries(d.spec?.selector?.matchLabels ?? {})[0]
  const matching = pinned
    ? dc.rsInformer.byIndex(IndexNames.label, labelIndexValue(pinned[0], pinned[1])).filter((rs) => rs.metadata?.namespace === namespace)
    : dc.rsInformer.byIndex(IndexNames.namespace, namespace)
  const byUid = new Map<string, ReplicaSet>()
  for (const rs of [...owned, ...matching]) byUid.set(rs.metadata?.uid ?? '', rs)
  return [...byUid.values()]
}

async function recheckNotDeleted(dc: DeploymentSyncContext, d: Deployment): Promise<boolean> {
  try {
    const fresh = await dc.deployments.get(d.metadata?.namespace, d.metadata?.name ?? '')
    return fresh.metadata?.uid === d.metadata?.uid && !fresh.metadata?.deletionTimestamp
  } catch (e) {
    if (isNotFound(e)) return false
    throw e
  }
}

async function adopt(dc: DeploymentSyncContext, rs: ReplicaSet, d: Deployment): Promise<ReplicaSet | undefined> {
  const copy = deepCopy(rs) as ReplicaSet
  copy.metadata!.ownerReferences = [...(copy.metadata?.ownerReferences ?? []), controllerRef(d)]
  try {
    return await dc.replicaSets.update(copy)
  } catch (e) {
    if (isNotFound(e)) return undefined
    throw e
  }
}

async function release(dc: DeploymentSyncContext, rs: ReplicaSet, uid: string | undefined): Promise<void> {
  const copy = deepCopy(rs) as ReplicaSet
  copy.metadata!.ownerReferences = (copy.metadata?.ownerReferences ?? []).filter((r) => r.uid !== uid)
  try {
    await dc.replicaSets.update(copy)
  } catch (e) {
    if (!isNotFound(e)) throw e
  }
}
