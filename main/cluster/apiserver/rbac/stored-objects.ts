import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from 'kubernetes-types/rbac/v1'
import type { Resources } from '../../registry/resources'
import { listPrefix, objectKey } from '../../registry/keys'
import type { RBACObjects } from './rule-resolver'

/**
 * The RBAC objects as the authorizer reads them: straight from the store's
 * memory, as the real authorizer reads its informers' caches. Read-only: the
 * objects are never handed out.
 */
export function storedRBACObjects(resources: Resources): RBACObjects {
  const def = (plural: string) => resources.registry.resource('rbac.authorization.k8s.io', plural)
  const list = <T>(plural: string, namespace: string | undefined): T[] => {
    const d = def(plural)
    return d ? (resources.store.list(listPrefix(d, namespace)).items as T[]) : []
  }
  const get = <T>(plural: string, namespace: string | undefined, name: string): T | undefined => {
    const d = def(plural)
    return d ? (resources.store.get(objectKey(d, namespace, name)) as T | undefined) : undefined
  }
  return {
    clusterRoleBindings: () => list<ClusterRoleBinding>('clusterrolebindings', undefined),
    roleBindings: (namespace) => list<RoleBinding>('rolebindings', namespace),
    clusterRole: (name) => get<ClusterRole>('clusterroles', undefined, name),
    role: (namespace, name) => get<Role>('roles', namespace, name)
  }
}
