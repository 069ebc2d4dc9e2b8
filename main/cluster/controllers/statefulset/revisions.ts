import type { ControllerRevision, DaemonSet, StatefulSet } from 'kubernetes-types/apps/v1'
import { semanticEqual } from '../../registry/validation/equality'
import { templateHash } from '../daemonset/template-hash'

/**
 * A StatefulSet's revisions (pkg/controller/history and stateful_set_utils.go):
 * each distinct pod template is one ControllerRevision `<set>-<hash>` whose
 * data is the patch that restores it (`{"spec":{"template":{...,"$patch":"replace"}}}`,
 * what `kubectl rollout undo` applies) and whose number orders the history.
 */

/** getPatch: the revision data of set's current template. */
export function revisionData(set: StatefulSet): Record<string, unknown> {
  return { spec: { template: { ...structuredClone(set.spec?.template ?? {}), $patch: 'replace' } } }
}

/** The revision name for set's template: equal templates (and collision counts) share it. */
export function revisionName(set: StatefulSet): string {
  // The hash only reads spec.template and status.collisionCount, which both kinds have.
  return `${set.metadata?.name}-${templateHash({ spec: { template: set.spec?.template }, status: set.status } as unknown as DaemonSet)}`
}

/** A new revision of set's template, numbered after the newest. */
export function newRevision(set: StatefulSet, number: number): ControllerRevision {
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: revisionName(set),
      namespace: set.metadata?.namespace,
      labels: { ...(set.spec?.template?.metadata?.labels ?? {}), 'controller-revision-hash': revisionName(set).slice((set.metadata?.name ?? '').length + 1) },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: set.metadata?.name ?? '', uid: set.metadata?.uid ?? '', controller: true, blockOwnerDeletion: true }]
    },
    data: revisionData(set),
    revision: number
  }
}

/** The newest revision number among revisions (0 without any). */
export function maxRevision(revisions: readonly ControllerRevision[]): number {
  return revisions.reduce((m, r) => Math.max(m, r.revision ?? 0), 0)
}

/** The revision whose data equals set's current template, if one exists (FindEqualRevisions). */
export function equalRevision(set: StatefulSet, revisions: readonly ControllerRevision[]): ControllerRevision | undefined {
  const data = revisionData(set)
  const equal = revisions.filter((r) => semanticEqual(r.data, data))
  return equal.sort((a, b) => (b.revision ?? 0) - (a.revision ?? 0))[0]
}

/** truncateHistory: the revisions beyond revisionHistoryLimit that no pod and neither status revision uses, oldest first. */
export function revisionsToPrune(set: StatefulSet, revisions: readonly ControllerRevision[], live: ReadonlySet<string>): ControllerRevision[] {
  const history = revisions.filter((r) => !live.has(r.metadata?.name ?? '')).sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0))
  const limit = set.spec?.revisionHistoryLimit ?? 10
  return history.slice(0, Math.max(0, history.length - limit))
}
