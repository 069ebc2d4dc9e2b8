import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1'
import type { ObjectMetadata } from '../../apimachinery/types'
import { desiredReplicas, maxSurge } from './fenceposts'

/**
 * The annotations a Deployment and its ReplicaSets share (deployment/util):
 * the revision of each ReplicaSet, the size of the Deployment when it was
 * last scaled (so a scaling event can be told from a rollout), and the
 * Deployment's own annotations (e.g. kubernetes.io/change-cause) copied to
 * the new ReplicaSet, which `kubectl rollout history` reads.
 */

/** The rollout sequence number of a ReplicaSet, mirrored on its Deployment. */
export const revisionAnnotation = 'deployment.kubernetes.io/revision'
/** The earlier revisions a ReplicaSet served (it was rolled back to). */
export const revisionHistoryAnnotation = 'deployment.kubernetes.io/revision-history'
/** spec.replicas of the Deployment when the ReplicaSet was last scaled. */
export const desiredReplicasAnnotation = 'deployment.kubernetes.io/desired-replicas'
/** spec.replicas + maxSurge then: the base of proportional scaling. */
export const maxReplicasAnnotation = 'deployment.kubernetes.io/max-replicas'
/** The label that keeps the ReplicaSets of one Deployment apart. */
export const podTemplateHashLabel = 'pod-template-hash'

/** Revision history longer than this (characters) drops its oldest entries. */
const maxRevisionHistoryChars = 2000

const annotationsToSkip = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  revisionAnnotation,
  revisionHistoryAnnotation,
  desiredReplicasAnnotation,
  maxReplicasAnnotation,
  'deprecated.deployment.rollback.to'
])

function annotations(obj: { metadata?: ObjectMetadata }): Record<string, string> {
  const meta = (obj.metadata ??= {})
  return (meta.annotations ??= {})
}

/** Parses an integer annotation as strconv.ParseInt does; undefined when absent or malformed. */
function parseIntAnnotation(value: string | undefined): number | undefined {
  return value !== undefined && /^[+-]?\d+$/.test(value) ? Number(value) : undefined
}

/** Revision: 0 when absent, NaN when malformed (Go's error, which callers skip). */
export function revisionOf(rs: ReplicaSet | Deployment): number {
  const v = rs.metadata?.annotations?.[revisionAnnotation]
  if (v === undefined) return 0
  return parseIntAnnotation(v) ?? Number.NaN
}

/** MaxRevision: the highest parseable revision among the ReplicaSets. */
export function maxRevision(rsList: readonly ReplicaSet[]): number {
  let max = 0
  for (const rs of rsList) {
    const v = revisionOf(rs)
    if (v > max) max = v
  }
  return max
}

/** SetDeploymentRevision: whether the Deployment's revision annotation changed. */
export function setDeploymentRevision(d: Deployment, revision: string): boolean {
  const a = annotations(d as { metadata?: ObjectMetadata })
  if (a[revisionAnnotation] === revision) return false
  a[revisionAnnotation] = revision
  return true
}

/** The desired-replicas annotation of a ReplicaSet, if readable. */
export function desiredReplicasOf(rs: ReplicaSet): number | undefined {
  return parseIntAnnotation(rs.metadata?.annotations?.[desiredReplicasAnnotation])
}

/** The max-replicas annotation of a ReplicaSet, if readable. */
export function maxReplicasOf(rs: ReplicaSet): number | undefined {
  return parseIntAnnotation(rs.metadata?.annotations?.[maxReplicasAnnotation])
}

/** SetReplicasAnnotations: whether either annotation changed. */
export function setReplicasAnnotations(rs: ReplicaSet, desired: number, max: number): boolean {
  const a = annotations(rs as { metadata?: ObjectMetadata })
  let updated = false
  if (a[desiredReplicasAnnotation] !== String(desired)) {
    a[desiredReplicasAnnotation] = String(desired)
    updated = true
  }
  if (a[maxReplicasAnnotation] !== String(max)) {
    a[maxReplicasAnnotation] = String(max)
    updated = true
  }
  return updated
}

/** ReplicasAnnotationsNeedUpdate. */
export function replicasAnnotationsNeedUpdate(rs: ReplicaSet, desired: number, max: number): boolean {
  const a = rs.metadata?.annotations
  return a?.[desiredReplicasAnnotation] !== String(desired) || a?.[maxReplicasAnnotation] !== String(max)
}

/** copyDeploymentAnnotationsToReplicaSet: everything but the skipped annotations; whether any changed. */
function copyDeploymentAnnotations(d: Deployment, rs: ReplicaSet): boolean {
  const a = annotations(rs as { metadata?: ObjectMetadata })
  let changed = false
  for (const [k, v] of Object.entries(d.metadata?.annotations ?? {})) {
    if (annotationsToSkip.has(k) || a[k] === v) continue
    a[k] = v
    changed = true
  }
  return changed
}

/**
 * SetNewReplicaSetAnnotations: copies the Deployment's annotations, raises
 * the revision to newRevision (keeping the old one in revision-history when
 * a ReplicaSet comes back, i.e. a rollback), and for a ReplicaSet about to be
 * created records the replicas annotations. Returns whether anything changed.
 */
export function setNewReplicaSetAnnotations(d: Deployment, rs: ReplicaSet, newRevision: string, exists: boolean): boolean {
  let changed = copyDeploymentAnnotations(d, rs)
  const a = annotations(rs as { metadata?: ObjectMetadata })
  const oldRevision = a[revisionAnnotation]
  const hadRevision = oldRevision !== undefined
  let oldRevisionInt = 0
  if (oldRevision !== undefined && oldRevision !== '') {
    const parsed = parseIntAnnotation(oldRevision)
    if (parsed === undefined) return false
    oldRevisionInt = parsed
  }
  const newRevisionInt = parseIntAnnotation(newRevision)
  if (newRevisionInt === undefined) return false
  // Only raise: old ReplicaSets may have been deleted after this one got its number.
  if (oldRevisionInt < newRevisionInt) {
    a[revisionAnnotation] = newRevision
    changed = true
    if (hadRevision) appendRevisionHistory(a, oldRevision)
  }
  if (!exists && setReplicasAnnotations(rs, desiredReplicas(d), desiredReplicas(d) + maxSurge(d))) changed = true
  return changed
}

function appendRevisionHistory(a: Record<string, string>, oldRevision: string): void {
  const history = a[revisionHistoryAnnotation] ?? ''
  if (history === '') {
    a[revisionHistoryAnnotation] = oldRevision
    return
  }
  const old = history.split(',')
  let total = history.length + oldRevision.length + 1
  let start = 0
  while (total > maxRevisionHistoryChars && start < old.length) {
    total -= old[start].length + 1
    start++
  }
  if (total <= maxRevisionHistoryChars) a[revisionHistoryAnnotation] = [...old.slice(start), oldRevision].join(',')
}
