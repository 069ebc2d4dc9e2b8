import type { RoleBinding } from 'kubernetes-types/rbac/v1'
import type { KubeObject } from '../../apimachinery/types'
import { path } from '../../apimachinery/field-errors'
import type { ResourceDefinition } from '../types'
import { roleBindingColumns } from '../columns/rbac'
import { defaultBinding, rbacGroup, validateRBACMeta, validateRoleRef, validateRoleRefUnchanged, validateSubject } from './rbac-validation'

/**
 * rbac.authorization.k8s.io/v1 RoleBinding: grants a Role of its namespace,
 * or a ClusterRole's rules within its namespace, to users, groups and
 * service accounts. Its roleRef never changes.
 */
export type RoleBindingObject = RoleBinding & KubeObject

function validateRoleBinding(b: RoleBindingObject) {
  return [
    ...validateRBACMeta(b.metadata, true),
    ...validateRoleRef(b.roleRef, ['Role', 'ClusterRole']),
    ...(b.subjects ?? []).flatMap((s, i) => validateSubject(s, true, path('subjects').index(i)))
  ]
}

export const roleBindingDefinition: ResourceDefinition<RoleBindingObject> = {
  group: rbacGroup,
  version: 'v1',
  kind: 'RoleBinding',
  plural: 'rolebindings',
  singular: 'rolebinding',
  shortNames: [],
  categories: [],
  namespaced: true,
  hasStatus: false,
  tableColumns: roleBindingColumns,
  defaults: defaultBinding,
  validate: validateRoleBinding,
  validateUpdate(b, old) {
    return [...validateRoleBinding(b), ...validateRoleRefUnchanged(b.roleRef, old.roleRef)]
  }
}
