import type { GroupVersionResource } from '../../apimachinery/types'
import { apiVersionOf, parseApiVersion } from '../../apimachinery/types'
import { allDefinitions } from '../../registry/kinds'
import type { ResourceDefinition } from '../../registry/types'

/**
 * The kinds the garbage collector watches and can resolve owner references
 * to: what the real one learns from discovery and its RESTMapper. The client
 * serves no discovery yet, so the catalog is read from the registry's list of
 * served kinds (static data: names and scope, no state).
 */

/** One watched kind. */
export interface MonitoredResource {
  /** `group/resource`, the prefix of the collector's work-item keys. */
  id: string
  gvr: GroupVersionResource
  apiVersion: string
  kind: string
  namespaced: boolean
}

/** Kinds the collector ignores, as Kubernetes' does: events are never owners and come and go in bulk. */
const ignored = new Set(['/events', 'events.k8s.io/events'])

/** The served kinds that can be listed, watched and deleted, minus the ignored ones. */
export function monitoredResources(definitions: readonly ResourceDefinition[] = allDefinitions): MonitoredResource[] {
  return definitions
    .filter((d) => !ignored.has(`${d.group}/${d.plural}`))
    .filter((d) => !d.verbs || ['list', 'watch', 'delete'].every((v) => d.verbs!.includes(v)))
    .map((d) => ({
      id: `${d.group}/${d.plural}`,
      gvr: { group: d.group, version: d.version, resource: d.plural },
      apiVersion: apiVersionOf(d.group, d.version),
      kind: d.kind,
      namespaced: d.namespaced
    }))
}

/** How many (apiVersion, kind) answers the catalog remembers: references are the users' data, so any text may come. */
const maxReferencesRemembered = 1_000

/** Looks watched kinds up by id and by an owner reference's apiVersion and kind. */
export class ResourceCatalog {
  private readonly byId = new Map<string, MonitoredResource>()
  private readonly byKind = new Map<string, MonitoredResource>()

  constructor(readonly resources: readonly MonitoredResource[]) {
    for (const r of resources) {
      this.byId.set(r.id, r)
      this.byKind.set(`${r.gvr.group}/${r.kind}`, r)
    }
  }

  /** The resource with that id. */
  get(id: string): MonitoredResource | undefined {
    return this.byId.get(id)
  }

  /** Answers by apiVersion, then kind (null: none), so that a change's owner references build no strings; bounded: cleared when full. */
  private readonly byReference = new Map<string, Map<string, MonitoredResource | null>>()
  private referencesRemembered = 0

  /** The resource an owner reference points to; any version of the group resolves, as every version names the same objects. */
  forReference(apiVersion: string, kind: string): MonitoredResource | undefined {
    let kinds = this.byReference.get(apiVersion)
    const known = kinds?.get(kind)
    if (known !== undefined) return known ?? undefined
    const found = this.byKind.get(`${parseApiVersion(apiVersion).group}/${kind}`)
    if (this.referencesRemembered >= maxReferencesRemembered) {
      this.byReference.clear()
      this.referencesRemembered = 0
      kinds = undefined
    }
    if (!kinds) this.byReference.set(apiVersion, (kinds = new Map()))
    kinds.set(kind, found ?? null)
    this.referencesRemembered++
    return found
  }
}
