import type { GroupVersionResource } from '../../apimachinery/types'
import { allDefinitions } from '../../registry/kinds'
import type { ResourceDefinition } from '../../registry/types'

/**
 * The namespaced kinds a terminating namespace is emptied of: what the real
 * controller finds through discovery (preferred versions of namespaced
 * resources that can be deleted). The client serves no discovery yet, so the
 * list is read from the registry's served kinds (static data only).
 */
export function namespacedResources(definitions: readonly ResourceDefinition[] = allDefinitions): GroupVersionResource[] {
  return definitions
    .filter((d) => d.namespaced && (!d.verbs || (d.verbs.includes('list') && d.verbs.includes('delete'))))
    .map((d) => ({ group: d.group, version: d.version, resource: d.plural }))
}
