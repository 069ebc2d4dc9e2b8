import type { RoleBinding, Subject } from 'kubernetes-types/rbac/v1'
import type { TableColumn } from '../types'
import { ageColumn, column, nameColumn } from './common'
import { docs } from './descriptions'

/**
 * RoleBinding and ClusterRoleBinding columns, as printRoleBinding and
 * printClusterRoleBinding print them: the role as Kind/name, and with
 * `-o wide` the subjects by kind (service accounts as namespace:name).
 * Roles and ClusterRoles have the default Name and Created At columns.
 */

function subjectsOf(subjects: Subject[] | undefined, kind: Subject['kind']): string {
  return (subjects ?? [])
    .filter((s) => s.kind === kind)
    .map((s) => (kind === 'ServiceAccount' && s.namespace ? `${s.namespace}:${s.name}` : s.name))
    .join(', ')
}

function bindingColumns(roleDoc: string): TableColumn<Pick<RoleBinding, 'metadata' | 'roleRef' | 'subjects'>>[] {
  return [
    nameColumn(),
    column('Role', roleDoc, (b) => `${b.roleRef?.kind ?? ''}/${b.roleRef?.name ?? ''}`),
    ageColumn(),
    column('Users', 'Users in the roleBinding', (b) => subjectsOf(b.subjects, 'User'), 1),
    column('Groups', 'Groups in the roleBinding', (b) => subjectsOf(b.subjects, 'Group'), 1),
    column('ServiceAccounts', 'ServiceAccounts in the roleBinding', (b) => subjectsOf(b.subjects, 'ServiceAccount'), 1)
  ]
}

export const roleBindingColumns = bindingColumns(docs.roleBindingRoleRef)
export const clusterRoleBindingColumns = bindingColumns(docs.clusterRoleBindingRoleRef)
