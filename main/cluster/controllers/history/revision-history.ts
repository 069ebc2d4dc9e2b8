import type { ControllerRevision } from 'kubernetes-types/apps/v1'
import { isAlreadyExists, isNotFound } from '../../apimachinery/errors'
import type { ResourceClient } from '../../client/types'
import { equalRevision, maxRevision, newRevision, revisionName, revisionsToPrune, type TemplateOwner } from './revisions'

/**
 * The writes of a template owner's history, shared by the StatefulSet and
 * DaemonSet controllers: record the current template's revision, and prune
 * what is past the owner's revisionHistoryLimit.
 */
export class RevisionHistory {
  constructor(
    private readonly client: ResourceClient<ControllerRevision>,
    /** The owner's kind, for the revisions' controller reference. */
    private readonly kind: 'StatefulSet' | 'DaemonSet'
  ) {}

  /** The revision of the current template (its name): an equal one renumbered as newest (a rollback), or a new one. */
  async record(owner: TemplateOwner, revisions: ControllerRevision[]): Promise<string> {
    const newest = maxRevision(revisions)
    const equal = equalRevision(owner, revisions)
    if (equal) {
      if ((equal.revision ?? 0) < newest) await this.client.update({ ...equal, revision: newest + 1 })
      return equal.metadata?.name ?? ''
    }
    const name = revisionName(owner)
    if (revisions.some((r) => r.metadata?.name === name)) return name
    try {
      await this.client.create(newRevision(owner, this.kind, newest + 1))
    } catch (e) {
      // Our own earlier create, not yet in the informer.
      if (!isAlreadyExists(e)) throw e
    }
    return name
  }

  /** Deletes the revisions past revisionHistoryLimit that nothing in `live` (revision names) uses. */
  async prune(owner: TemplateOwner, revisions: ControllerRevision[], live: ReadonlySet<string>): Promise<void> {
    for (const r of revisionsToPrune(owner, revisions, live)) {
      try {
        await this.client.delete(r.metadata?.namespace, r.metadata?.name ?? '')
      } catch (e) {
        if (!isNotFound(e)) throw e
      }
    }
  }
}
