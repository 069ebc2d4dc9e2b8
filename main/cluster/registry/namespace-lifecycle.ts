import * as errors from '../apimachinery/errors'
import type { Store } from '../storage/types'
import type { NamespaceGate } from './resource-store'
import type { ResourceDefinition } from './types'

/** Namespaces that always exist and may not be deleted. */
export const immortalNamespaces: readonly string[] = ['default', 'kube-system', 'kube-public']

/** Namespaces a new cluster starts with. */
export const initialNamespaces: readonly string[] = ['default', 'kube-system', 'kube-public', 'kube-node-lease']

/**
 * The NamespaceLifecycle admission plugin: new content needs an existing,
 * non-terminating namespace, and the system namespaces cannot be deleted.
 */
export class NamespaceLifecycle implements NamespaceGate {
  constructor(private readonly store: Store) {}

  admitCreate(namespace: string, def: ResourceDefinition, name: string): void {
    const ns = this.store.get(`/registry/namespaces/${namespace}`)
    if (!ns) throw errors.notFound({ group: '', resource: 'namespaces' }, namespace)
    const terminating = (ns.status as { phase?: string } | undefined)?.phase === 'Terminating' || !!ns.metadata.deletionTimestamp
    if (terminating) {
      throw errors.forbidden(
        { group: def.group, resource: def.plural },
        name,
        `unable to create new content in namespace ${namespace} because it is being terminated`
      )
    }
  }

  admitDelete(def: ResourceDefinition, name: string): void {
    if (def.group === '' && def.plural === 'namespaces' && immortalNamespaces.includes(name)) {
      throw errors.forbidden({ group: '', resource: 'namespaces' }, name, 'this namespace may not be deleted')
    }
  }
}
