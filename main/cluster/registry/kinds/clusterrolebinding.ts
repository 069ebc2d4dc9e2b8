import type { ClusterRoleBinding } from 'kubernetes-types/rbac/v1'
import type { KubeObject } from '../../apimachinery/types'
import { path } from '../../apimachinery/field-errors'
import type { ResourceDefinition } from '../types'
import { clusterRoleBindingColumns } from '../columns/rbac'
import { defaultBinding, rbacGroup, validateRBACMeta, validateRoleRef, validateRoleRefUnchanged, validateSubject } from './rbac-validation'

/**
 * rbac.authorization.k8s.io/v1 ClusterRoleBinding: grants a ClusterRole
 * everywhere. Service account subjects must name their namespace; the
 * roleRef never changes.
 */
export type ClusterRoleBindingObject = ClusterRoleBinding & KubeObject

function validateClusterRoleBinding(b: ClusterRoleBindingObject) {
  return [
    ...validateRBACMeta(b.metadata, false),
    ...validateRoleRef(b.roleRef, ['ClusterRole']),
    ...(b.subjects ?? []).flatMap((s, i) => validateSubject(s, false, path('subjects').index(i)))
  ]
}

export const clusterRoleBindingDefinition: ResourceDefinition<ClusterRoleBindingObject> = {
  group: rbacGroup,
  version: 'v1',
  kind: 'ClusterRoleBinding',
  plural: 'clusterrolebindings',
  singular: 'clusterrolebinding',
  shortNames: [],
  categories: [],
  namespaced: false,
  hasStatus: false,
  tableColumns: clusterRoleBindingColumns,
  defaults: defaultBinding,
  validate: validateClusterRoleBinding,
  validateUpdate(b, old) {
    return [...validateClusterRoleBinding(b), ...validateRoleRefUnchanged(b.roleRef, old.roleRef)]
  }
}
