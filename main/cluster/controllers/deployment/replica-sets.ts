import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1'
import type { PodTemplateSpec } from 'kubernetes-types/core/v1'
import { semanticEqual } from '../../registry/validation/equality'
import { maxReplicasOf, podTemplateHashLabel, revisionOf } from './annotations'
import { desiredReplicas, maxSurge, scaledValueFromIntOrPercent } from './fenceposts'
import { deepCopy } from '../../apimachinery/deep-copy'

/**
 * Reading a Deployment's ReplicaSets: which one is new (its template is the
 * Deployment's), which are old, how they sort and how many pods they hold
 * (deployment/util and controller_utils, same names).
 */

/** spec.replicas of a ReplicaSet (defaulted to 1 by the API); 0 for none. */
export function replicasOf(rs: ReplicaSet | undefined): number {
  if (!rs) return 0
  return rs.spec?.replicas ?? 1
}

function creationTime(rs: ReplicaSet): number {
  const t = rs.metadata?.creationTimestamp
  return t ? Date.parse(t) : 0
}

/** ReplicaSetsByCreationTimestamp: older first, then by name. */
export function byCreationTimestamp(a: ReplicaSet, b: ReplicaSet): number {
  const ta = creationTime(a)
  const tb = creationTime(b)
  if (ta !== tb) return ta - tb
  const na = a.metadata?.name ?? ''
  const nb = b.metadata?.name ?? ''
  return na < nb ? -1 : na > nb ? 1 : 0
}

/** ReplicaSetsBySizeOlder: larger first; among equals, older first (scaling down takes from the old). */
export function bySizeOlder(a: ReplicaSet, b: ReplicaSet): number {
  return replicasOf(b) - replicasOf(a) || byCreationTimestamp(a, b)
}

/** ReplicaSetsBySizeNewer: larger first; among equals, newer first (scaling up favours the new). */
export function bySizeNewer(a: ReplicaSet, b: ReplicaSet): number {
  return replicasOf(b) - replicasOf(a) || byCreationTimestamp(b, a)
}

/** ReplicaSetsByRevision: lower revision first; unreadable or equal revisions by creation. */
export function byRevision(a: ReplicaSet, b: ReplicaSet): number {
  const ra = revisionOf(a)
  const rb = revisionOf(b)
  if (Number.isNaN(ra) || Number.isNaN(rb) || ra === rb) return byCreationTimestamp(a, b)
  return ra - rb
}

/** FilterActiveReplicaSets: those asked to run pods. */
export function filterActive(rsList: ReadonlyArray<ReplicaSet | undefined>): ReplicaSet[] {
  return rsList.filter((rs): rs is ReplicaSet => rs !== undefined && replicasOf(rs) > 0)
}

/** The template without the pod-template-hash label, which the Deployment's own template never has. */
function withoutHash(t: PodTemplateSpec | undefined): PodTemplateSpec {
  const copy = deepCopy(t ?? {})
  if (copy.metadata?.labels) delete copy.metadata.labels[podTemplateHashLabel]
  return copy
}

/** EqualIgnoreHash: semantically equal templates, the hash label aside. */
export function equalIgnoreHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  return semanticEqual(withoutHash(a), withoutHash(b))
}

/** FindNewReplicaSet: the oldest ReplicaSet whose template is the Deployment's, if any. */
export function findNewReplicaSet(d: Deployment, rsList: readonly ReplicaSet[]): ReplicaSet | undefined {
  return [...rsList].sort(byCreationTimestamp).find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template))
}

/** FindOldReplicaSets: every other ReplicaSet (allOld), and those of them with replicas (active). */
export function findOldReplicaSets(d: Deployment, rsList: readonly ReplicaSet[]): { active: ReplicaSet[]; all: ReplicaSet[] } {
  const newRS = findNewReplicaSet(d, rsList)
  const all = rsList.filter((rs) => !newRS || rs.metadata?.uid !== newRS.metadata?.uid)
  return { active: all.filter((rs) => replicasOf(rs) !== 0), all }
}

/** FindActiveOrLatest: the one active ReplicaSet, or the newest when none is; undefined when several are active. */
export function findActiveOrLatest(newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[]): ReplicaSet | undefined {
  if (!newRS && oldRSs.length === 0) return undefined
  const newestFirst = [...oldRSs].sort((a, b) => byCreationTimestamp(b, a))
  const active = filterActive([...newestFirst, newRS])
  if (active.length === 0) return newRS ?? newestFirst[0]
  return active.length === 1 ? active[0] : undefined
}

/** GetReplicaCountForReplicaSets: the pods asked for (spec). */
export function specReplicaCount(rsList: ReadonlyArray<ReplicaSet | undefined>): number {
  return rsList.reduce((n, rs) => n + (rs ? replicasOf(rs) : 0), 0)
}

/** GetActualReplicaCountForReplicaSets: the pods that exist (status). */
export function actualReplicaCount(rsList: ReadonlyArray<ReplicaSet | undefined>): number {
  return rsList.reduce((n, rs) => n + (rs?.status?.replicas ?? 0), 0)
}

/** GetReadyReplicaCountForReplicaSets. */
export function readyReplicaCount(rsList: ReadonlyArray<ReplicaSet | undefined>): number {
  return rsList.reduce((n, rs) => n + (rs?.status?.readyReplicas ?? 0), 0)
}

/** GetAvailableReplicaCountForReplicaSets. */
export function availableReplicaCount(rsList: ReadonlyArray<ReplicaSet | undefined>): number {
  return rsList.reduce((n, rs) => n + (rs?.status?.availableReplicas ?? 0), 0)
}

/** integer.RoundToInt32: Go's math.Round rounds halves away from zero. */
function goRound(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x)
}

/** getReplicaSetFraction: how many pods a ReplicaSet gains or loses when the Deployment is resized mid-rollout. */
function replicaSetFraction(rs: ReplicaSet, d: Deployment): number {
  if (desiredReplicas(d) === 0) return -replicasOf(rs)
  const deploymentReplicas = desiredReplicas(d) + maxSurge(d)
  // Without the annotation, fall back to the current size: less exact, but the min/max in getProportion keeps it in bounds.
  const annotated = maxReplicasOf(rs) ?? d.status?.replicas ?? 0
  if (annotated === 0) return 0
  return goRound((replicasOf(rs) * deploymentReplicas) / annotated) - replicasOf(rs)
}

/** GetProportion: the share of replicasToAdd (negative to remove) this ReplicaSet takes, given what others took. */
export function getProportion(rs: ReplicaSet | undefined, d: Deployment, replicasToAdd: number, replicasAdded: number): number {
  if (!rs || replicasOf(rs) === 0 || replicasToAdd === 0 || replicasToAdd === replicasAdded) return 0
  const fraction = replicaSetFraction(rs, d)
  const allowed = replicasToAdd - replicasAdded
  // Never exceed what is left to add (or remove).
  return replicasToAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed)
}

/** IsSaturated: the new ReplicaSet runs, and believes it should run, every desired pod, all available. */
export function isSaturated(d: Deployment, rs: ReplicaSet | undefined): boolean {
  if (!rs) return false
  const desiredText = rs.metadata?.annotations?.['deployment.kubernetes.io/desired-replicas']
  if (desiredText === undefined || !/^[+-]?\d+$/.test(desiredText)) return false
  const desired = desiredReplicas(d)
  return replicasOf(rs) === desired && Number(desiredText) === desired && (rs.status?.availableReplicas ?? 0) === desired
}

/**
 * NewRSNewReplicas: the size the new ReplicaSet may grow to now. Rolling:
 * up to spec.replicas + maxSurge pods in all, never past spec.replicas for
 * the new one. Recreate: all of them (old ones are gone by then).
 */
export function newRSNewReplicas(d: Deployment, allRSs: ReadonlyArray<ReplicaSet | undefined>, newRS: ReplicaSet): number {
  const desired = desiredReplicas(d)
  switch (d.spec?.strategy?.type) {
    case 'RollingUpdate': {
      const surge = scaledValueFromIntOrPercent(d.spec.strategy.rollingUpdate?.maxSurge, desired, true)
      const current = specReplicaCount(allRSs)
      const maxTotal = desired + surge
      if (current >= maxTotal) return replicasOf(newRS)
      return replicasOf(newRS) + Math.min(maxTotal - current, desired - replicasOf(newRS))
    }
    case 'Recreate':
      return desired
    default:
      throw new Error(`deployment type ${d.spec?.strategy?.type ?? ''} isn't supported`)
  }
}
