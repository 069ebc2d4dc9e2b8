import type { ControllerRevision, DaemonSet } from 'kubernetes-types/apps/v1'
import type { PodTemplateSpec } from 'kubernetes-types/core/v1'
import type { ObjectMeta } from 'kubernetes-types/meta/v1'
import { semanticEqual } from '../../registry/validation/equality'
import { templateHash } from '../daemonset/template-hash'

/**
 * The revisions of a StatefulSet's or a DaemonSet's pod template
 * (pkg/controller/history, stateful_set_utils.go, daemon/update.go): each
 * distinct template is one ControllerRevision `<owner>-<hash>` whose data is
 * the patch that restores it (`{"spec":{"template":{...,"$patch":"replace"}}}`,
 * what `kubectl rollout undo` applies) and whose number orders the history
 * (`kubectl rollout history`).
 */

/** What the history reads of its owner: both kinds have these. */
export interface TemplateOwner {
  metadata?: ObjectMeta
  spec?: { template?: PodTemplateSpec; revisionHistoryLimit?: number }
  status?: { collisionCount?: number }
}

/** getPatch: the revision data of the owner's current template. */
export function revisionData(owner: TemplateOwner): Record<string, unknown> {
  return { spec: { template: { ...structuredClone(owner.spec?.template ?? {}), $patch: 'replace' } } }
}

/** The hash of the owner's template (the pods' controller-revision-hash). */
export function revisionHash(owner: TemplateOwner): string {
  // The hash only reads spec.template and status.collisionCount, which both kinds have.
  return templateHash({ spec: { template: owner.spec?.template }, status: owner.status } as unknown as DaemonSet)
}

/** The revision name for the owner's template: equal templates (and collision counts) share it. */
export function revisionName(owner: TemplateOwner): string {
  return `${owner.metadata?.name}-${revisionHash(owner)}`
}

/** A new revision of the owner's template, numbered `number`, controlled by it (`kind`: StatefulSet or DaemonSet). */
export function newRevision(owner: TemplateOwner, kind: string, number: number): ControllerRevision {
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: revisionName(owner),
      namespace: owner.metadata?.namespace,
      labels: { ...(owner.spec?.template?.metadata?.labels ?? {}), 'controller-revision-hash': revisionHash(owner) },
      ownerReferences: [{ apiVersion: 'apps/v1', kind, name: owner.metadata?.name ?? '', uid: owner.metadata?.uid ?? '', controller: true, blockOwnerDeletion: true }]
    },
    data: revisionData(owner),
    revision: number
  }
}

/** The newest revision number among revisions (0 without any). */
export function maxRevision(revisions: readonly ControllerRevision[]): number {
  return revisions.reduce((m, r) => Math.max(m, r.revision ?? 0), 0)
}

/** The revision whose data equals the owner's current template, if one exists (FindEqualRevisions). */
export function equalRevision(owner: TemplateOwner, revisions: readonly ControllerRevision[]): ControllerRevision | undefined {
  const data = revisionData(owner)
  const equal = revisions.filter((r) => semanticEqual(r.data, data))
  return equal.sort((a, b) => (b.revision ?? 0) - (a.revision ?? 0))[0]
}

/** truncateHistory / cleanupHistory: the revisions beyond revisionHistoryLimit that nothing in `live` uses, oldest first. */
export function revisionsToPrune(owner: TemplateOwner, revisions: readonly ControllerRevision[], live: ReadonlySet<string>): ControllerRevision[] {
  const history = revisions.filter((r) => !live.has(r.metadata?.name ?? '')).sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0))
  const limit = owner.spec?.revisionHistoryLimit ?? 10
  return history.slice(0, Math.max(0, history.length - limit))
}
