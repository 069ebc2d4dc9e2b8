import type { ClusterRole } from 'kubernetes-types/rbac/v1'
import type { KubeObject } from '../../apimachinery/types'
import { type FieldError, field, path } from '../../apimachinery/field-errors'
import { validateLabelSelector } from '../../apimachinery/label-selector'
import type { ResourceDefinition } from '../types'
import { rbacGroup, validateRBACMeta, validateRules } from './rbac-validation'

/**
 * rbac.authorization.k8s.io/v1 ClusterRole: rules over the whole cluster,
 * including non-resource URLs. With an aggregationRule its rules are owned by
 * the aggregation controller, which fills them from the ClusterRoles its
 * selectors match (`admin`, `edit`, `view`).
 */
export type ClusterRoleObject = ClusterRole & KubeObject

function validateClusterRole(role: ClusterRoleObject): FieldError[] {
  const errs = [...validateRBACMeta(role.metadata, false), ...validateRules(role.rules, false)]
  const rule = role.aggregationRule
  if (rule) {
    const sp = path('aggregationRule', 'clusterRoleSelectors')
    if (!rule.clusterRoleSelectors?.length) {
      errs.push(field.required(sp.toString(), 'at least one clusterRoleSelector required if aggregationRule is non-nil'))
    }
    ;(rule.clusterRoleSelectors ?? []).forEach((sel, i) => errs.push(...validateLabelSelector(sel, sp.index(i))))
  }
  return errs
}

export const clusterRoleDefinition: ResourceDefinition<ClusterRoleObject> = {
  group: rbacGroup,
  version: 'v1',
  kind: 'ClusterRole',
  plural: 'clusterroles',
  singular: 'clusterrole',
  shortNames: [],
  categories: [],
  namespaced: false,
  hasStatus: false,
  defaults() {},
  validate: validateClusterRole,
  validateUpdate: validateClusterRole
}
